import { describe, expect, it } from 'vitest';
import { lowerBound, simulatePhotonBuild } from '../../../src/scheduler/simulate.js';
import type { SimGraph } from '../../../src/scheduler/simulate.js';
import { simulateBuildPy } from '../../../src/scheduler/simulate-build-py.js';

const n = (id: string, duration: number, deps: string[] = [], extra = {}) => ({ id, duration, deps, ...extra });

describe('simulatePhotonBuild', () => {
  it('starts the long chain first and reaches the lower bound', () => {
    // a(10) → b(10) chain vs four independent 5s jobs on 2 threads: optimum 20.
    const g: SimGraph = { nodes: [n('x1', 5), n('x2', 5), n('x3', 5), n('x4', 5), n('a', 10), n('b', 10, ['a'])] };
    expect(lowerBound(g, 2)).toEqual({ criticalPath: 20, totalWork: 40, bound: 20, levelBound: 20 });
    expect(simulatePhotonBuild(g, 2).makespan).toBe(20);
    // Without duration knowledge (all weights 1) a long single job looks no more urgent.
    const h: SimGraph = { nodes: [n('x1', 5), n('x2', 5), n('x3', 5), n('x4', 5), n('z', 20)] };
    expect(simulatePhotonBuild(h, 2).makespan).toBe(20);
    expect(simulatePhotonBuild(h, 2, 'static').makespan).toBe(30);
  });

  it('never beats the lower bound on a random DAG', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const nodes = Array.from({ length: 200 }, (_, i) => n(`p${i}`, 1 + Math.floor(rnd() * 50), i === 0 ? [] : [`p${Math.floor(rnd() * i)}`]));
    for (const t of [1, 4, 16]) {
      const r = simulatePhotonBuild({ nodes }, t);
      const lb = lowerBound({ nodes }, t);
      expect(lb.levelBound).toBeGreaterThanOrEqual(lb.bound);
      expect(r.makespan).toBeGreaterThanOrEqual(lb.levelBound - 1e-9);
    }
    expect(simulatePhotonBuild({ nodes }, 1).makespan).toBe(nodes.reduce((s, x) => s + x.duration, 0));
  });
});

describe('lowerBound.levelBound', () => {
  it('counts a narrow start: a chain that everything else waits for', () => {
    // c1(10) → c2(10), then 8 jobs of 10 after c2, 4 threads: 20 + 80/4 = 40 > max(30, 100/4).
    const nodes = [n('c1', 10), n('c2', 10, ['c1']), ...Array.from({ length: 8 }, (_, i) => n(`j${i}`, 10, ['c2']))];
    const lb = lowerBound({ nodes }, 4);
    expect(lb.bound).toBe(30);
    expect(lb.levelBound).toBe(40);
    expect(simulatePhotonBuild({ nodes }, 4).makespan).toBe(40);
  });
});

describe('simulateBuildPy', () => {
  it('runs stage 1 as a chain, stage 2 as a barrier, then the rest', () => {
    const g: SimGraph = {
      nodes: [n('gcc', 10), n('glibc', 10), n('s2a', 4, ['gcc']), n('s2b', 6, ['gcc']), n('app', 3), n('lib', 3)],
      toolchain: { stage1: ['gcc', 'glibc'], stage2: ['s2a', 's2b'] },
    };
    const r = simulateBuildPy(g, 4);
    expect(r.phases).toEqual({ stage1: 20, stage2: 6, rest: 3 });
    expect(r.makespan).toBe(29);
    // photon-build runs app and lib alongside the toolchain and stage 2 right after gcc.
    expect(simulatePhotonBuild(g, 4).makespan).toBe(16);
  });

  it('waits on own runtime requires and refills the queue only when it is empty', () => {
    // rt is a runtime require of `top`: build.py makes top wait for it; photon-build does not.
    const g: SimGraph = { nodes: [n('rt', 10), n('top', 10, [], { runtimeDeps: ['rt'] })] };
    expect(simulateBuildPy(g, 2).makespan).toBe(20);
    expect(simulatePhotonBuild(g, 2).makespan).toBe(10);
    // Refill-when-empty: after `k` finishes, critical `c` (ready) waits behind queued low jobs.
    const h: SimGraph = { nodes: [n('k', 1, [], { staticWeight: 100 }), n('c', 20, ['k'], { staticWeight: 100 }), ...['l1', 'l2', 'l3'].map((id) => n(id, 10))] };
    expect(simulateBuildPy(h, 1).makespan).toBe(51);
    expect(simulatePhotonBuild(h, 1, 'static').makespan).toBe(51); // one thread: same total
    expect(simulateBuildPy(h, 2).makespan).toBeGreaterThan(simulatePhotonBuild(h, 2, 'static').makespan);
  });
});

// The package stage is a promise about cache hits: running its rpm-build targets first
// builds every RPM the image job builds. Checked against the real planner on the sample
// tree (plans only: loads the tree and specs, runs nothing, needs no engine).
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMatrix } from '../../../src/ci/matrix.js';
import { SAMPLE_TREE_DIR } from '../../../src/paths.js';
import { preparePlan } from '../../../src/run/prepare.js';
import { loadCatalogue } from '../../../src/targets/load.js';
import type { TargetCatalogue } from '../../../src/targets/types.js';

let catalogue: TargetCatalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

async function rpmSteps(target: string, arch: string): Promise<Set<string>> {
  const { plan } = await preparePlan({ requested: target, treeDir: SAMPLE_TREE_DIR, isSample: true, arch, env: {} });
  return new Set(plan.steps.filter((s) => s.kind === 'rpm').map((s) => s.id));
}

// Every image the planner builds (rpi: format not implemented; ls1012afrwy: no list in the sample tree).
const IMAGES = ['iso', 'minimal-iso', 'basic-iso', 'rt-iso', 'src-iso', 'ova', 'ami', 'gce', 'azure', 'photon-docker-image'];

describe('package stages cover their jobs on the sample tree', () => {
  it.each(IMAGES)('%s: the stage builds every rpm step of the image plan', async (target) => {
    const arch = catalogue.targets.get(target)?.arch ?? 'x86_64';
    const entry = computeMatrix(catalogue, [target], [arch]).include[0]!;
    const needed = await rpmSteps(entry.target, arch);
    expect(needed.size).toBeGreaterThan(0);
    const built = new Set<string>();
    for (const t of entry.packageTargets) for (const id of await rpmSteps(t, arch)) built.add(id);
    expect([...needed].filter((id) => !built.has(id))).toEqual([]);
  });

  it('without its initrd target, the ova stage would miss packages (the check above can fail)', async () => {
    const needed = await rpmSteps('ova', 'x86_64');
    const ovaOnly = await rpmSteps('packages-ova', 'x86_64');
    expect([...needed].filter((id) => !ovaOnly.has(id))).not.toEqual([]);
  });
});

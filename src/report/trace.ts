// Records a run as a Chrome trace (chrome://tracing, Perfetto): one complete ("X") event
// per step on the lane (tid) it ran in. Listens to events only.
import { writeFileAtomic } from '../atomic-file.js';
import type { BuildEvent } from './events.js';

interface TraceEvent {
  readonly name: string;
  readonly cat: string;
  readonly ph: 'X';
  readonly ts: number;
  readonly dur: number;
  readonly pid: 1;
  readonly tid: number;
  readonly args: Readonly<Record<string, string>>;
}

export class TraceRecorder {
  private readonly started = new Map<string, { time: number; lane: number }>();
  private readonly lanesBusy: boolean[] = [];
  private readonly events: TraceEvent[] = [];
  private origin = 0;

  readonly listen = (event: BuildEvent): void => {
    if (event.type === 'run-start') this.origin = event.time;
    if (event.type === 'step-start') {
      let lane = this.lanesBusy.indexOf(false);
      if (lane < 0) lane = this.lanesBusy.push(true) - 1;
      this.lanesBusy[lane] = true;
      this.started.set(event.step, { time: event.time, lane });
    }
    if (event.type === 'step-end') {
      const start = this.started.get(event.step);
      if (!start) return;
      this.lanesBusy[start.lane] = false;
      this.events.push({
        name: event.step,
        cat: event.kind,
        ph: 'X',
        ts: Math.round((start.time - this.origin) * 1000),
        dur: Math.max(1, Math.round((event.time - start.time) * 1000)),
        pid: 1,
        tid: start.lane + 1,
        args: { outcome: event.outcome },
      });
    }
  };

  async write(file: string): Promise<void> {
    await writeFileAtomic(file, JSON.stringify({ traceEvents: this.events, displayTimeUnit: 'ms' }));
  }
}

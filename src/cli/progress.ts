/**
 * Live progress for the CLI. On a terminal: one line per worker, redrawn in place (state, time so
 * far, last event). Elsewhere (CI logs, pipes): a plain line when a worker starts or ends.
 */
import type { WriteStream } from 'node:tty';
import { describeWorkerEnd, formatDuration } from '../swarm/log.js';
import { elapsedMs, type SwarmState } from '../swarm/state.js';
import type { WorkerState } from '../swarm/types.js';
import type { WorkerResult } from '../workers/types.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const DONE: Record<string, string> = { succeeded: '✔', failed: '✘', timed_out: '⏱', cancelled: '■', skipped: '○', queued: '·' };

export interface Progress {
  /** For the non-terminal display: the worker's final line. */
  workerEnded(result: WorkerResult): void;
  stop(): void;
}

export function startProgress(state: SwarmState, out: NodeJS.WriteStream): Progress {
  return out.isTTY ? terminalProgress(state, out) : lineProgress(state, out);
}

function lineProgress(state: SwarmState, out: NodeJS.WriteStream): Progress {
  const unsubscribe = state.subscribe((w) => {
    if (w.state === 'running' && w.lastEvent === null) out.write(`▶ ${w.id} started\n`);
  });
  return {
    workerEnded: (result) => out.write(`${describeWorkerEnd(result)}\n`),
    stop: unsubscribe,
  };
}

function terminalProgress(state: SwarmState, out: WriteStream): Progress {
  let frame = 0;
  let drawn = 0;
  const draw = () => {
    const workers = state.snapshot();
    const width = out.columns || 100;
    const idWidth = Math.max(...workers.map((w) => w.id.length));
    const lines = workers.map((w) => clip(line(w, idWidth, frame), width - 1));
    if (drawn) out.write(`\x1b[${drawn}A`);
    out.write(lines.map((l) => `\x1b[2K${l}`).join('\n') + '\n');
    drawn = lines.length;
    frame = (frame + 1) % SPINNER.length;
  };
  draw();
  const timer = setInterval(draw, 120);
  return {
    workerEnded: () => undefined,
    stop() {
      clearInterval(timer);
      draw();
    },
  };
}

function line(w: WorkerState, idWidth: number, frame: number): string {
  const mark = w.state === 'running' ? SPINNER[frame] : (DONE[w.state] ?? '?');
  const time = w.startedAt === null ? '' : formatDuration(elapsedMs(w));
  const event = w.lastEvent ? `  ${w.lastEvent}` : '';
  return `${mark} ${w.id.padEnd(idWidth)}  ${w.state.replace('_', ' ').padEnd(9)} ${time.padStart(9)}${w.state === 'running' ? event : ''}`;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

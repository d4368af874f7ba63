/**
 * Live progress for the CLI: per worker its state, time so far, tokens so far and latest event
 * (the command it runs, the file it edits). On a terminal: one line per worker, redrawn in place.
 * Elsewhere (CI logs, pipes, TERM=dumb): a plain line whenever a worker's latest event changes.
 * Colours only on a terminal and never with NO_COLOR (https://no-color.org).
 */
import type { WriteStream } from 'node:tty';
import { describeWorkerEnd, formatDuration } from '../swarm/log.js';
import { elapsedMs, type SwarmState } from '../swarm/state.js';
import type { WorkerState } from '../swarm/types.js';
import type { WorkerEvent } from '../workers/engine.js';
import type { WorkerResult } from '../workers/types.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const DONE: Record<string, string> = { succeeded: '✔', failed: '✘', timed_out: '⏱', cancelled: '■', skipped: '○', queued: '·' };
const COLOUR: Record<string, number> = { running: 36, succeeded: 32, failed: 31, timed_out: 33, cancelled: 33, skipped: 90, queued: 90 };

export interface Progress {
  /** Every codex event of a worker, for its token count. */
  workerEvent(id: string, event: WorkerEvent): void;
  /** For the plain display: the worker's final line. */
  workerEnded(result: WorkerResult): void;
  stop(): void;
}

export interface ProgressOptions {
  env?: NodeJS.ProcessEnv;
}

/** Whether `out` is a terminal that may get cursor moves. */
export function isInteractive(out: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): out is WriteStream {
  return (out as Partial<WriteStream>).isTTY === true && env.TERM !== 'dumb';
}

export function startProgress(state: SwarmState, out: NodeJS.WritableStream, { env = process.env }: ProgressOptions = {}): Progress {
  const tokens = new Map<string, number>();
  const countTokens = (id: string, event: WorkerEvent) => {
    const n = eventTokens(event);
    if (n) tokens.set(id, (tokens.get(id) ?? 0) + n);
  };
  if (!isInteractive(out, env)) return lineProgress(state, out, tokens, countTokens);
  return terminalProgress(state, out, tokens, countTokens, !('NO_COLOR' in env && env.NO_COLOR !== ''));
}

type Usage = { input_tokens?: unknown; output_tokens?: unknown } | undefined;
const sum = (u: Usage) => (typeof u?.input_tokens === 'number' ? u.input_tokens : 0) + (typeof u?.output_tokens === 'number' ? u.output_tokens : 0);

/** Tokens an event reports: Codex's per turn, Claude Code's per assistant message. */
function eventTokens(event: WorkerEvent): number {
  const raw = event.raw as { usage?: Usage; message?: { usage?: Usage } } | null;
  if (event.engine === 'codex' && event.type === 'turn.completed') return sum(raw?.usage);
  if (event.engine === 'claude' && event.type === 'assistant') return sum(raw?.message?.usage);
  return 0;
}

const tokenText = (n: number | undefined) => (n ? `${n.toLocaleString('en-US')} tokens` : '');

function lineProgress(
  state: SwarmState,
  out: NodeJS.WritableStream,
  tokens: Map<string, number>,
  countTokens: (id: string, event: WorkerEvent) => void,
): Progress {
  const shown = new Map<string, string | null>();
  const unsubscribe = state.subscribe((worker) => {
    if (worker.state !== 'running') return;
    if (!shown.has(worker.id)) out.write(`▶ ${worker.id} started\n`);
    else if (worker.lastEvent && shown.get(worker.id) !== worker.lastEvent) {
      const count = tokenText(tokens.get(worker.id));
      out.write(`  ${worker.id}: ${worker.lastEvent}${count ? ` · ${count}` : ''}\n`);
    }
    shown.set(worker.id, worker.lastEvent);
  });
  return {
    workerEvent: countTokens,
    workerEnded: (result) => out.write(`${describeWorkerEnd(result)}\n`),
    stop: unsubscribe,
  };
}

function terminalProgress(
  state: SwarmState,
  out: WriteStream,
  tokens: Map<string, number>,
  countTokens: (id: string, event: WorkerEvent) => void,
  colour: boolean,
): Progress {
  const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  let frame = 0;
  let drawn = 0;
  const draw = () => {
    const workers = state.snapshot();
    const width = out.columns || 100;
    // Lines above the screen's top cannot be redrawn: past that, the rest is one summary line.
    const room = Math.max(1, (out.rows || 40) - 2);
    const visible = workers.length > room ? workers.slice(0, room - 1) : workers;
    const idWidth = Math.max(0, ...visible.map((w) => w.id.length));
    const lines = visible.map((w) => line(w, { idWidth, frame, width: width - 1, tokens: tokens.get(w.id), paint }));
    if (visible.length < workers.length) lines.push(paint(90, `… and ${workers.length - visible.length} more`));
    if (drawn) out.write(`\x1b[${drawn}A`);
    out.write(lines.map((l) => `\x1b[2K${l}`).join('\n') + '\n');
    drawn = lines.length;
    frame = (frame + 1) % SPINNER.length;
  };
  draw();
  const timer = setInterval(draw, 120);
  return {
    workerEvent: countTokens,
    workerEnded: () => undefined,
    stop() {
      clearInterval(timer);
      draw();
    },
  };
}

interface LineOptions {
  idWidth: number;
  frame: number;
  width: number;
  tokens: number | undefined;
  paint: (code: number, text: string) => string;
}

/** `⠹ reviewer-1  running      12.3 s  4,210 tokens  $ npm test`, the event clipped to the terminal's width. */
function line(worker: WorkerState, { idWidth, frame, width, tokens, paint }: LineOptions): string {
  const running = worker.state === 'running';
  const mark = running ? SPINNER[frame] : (DONE[worker.state] ?? '?');
  const time = worker.startedAt === null ? '' : formatDuration(elapsedMs(worker));
  const head = `${mark} ${worker.id.padEnd(idWidth)}  ${worker.state.replace('_', ' ').padEnd(9)} ${time.padStart(9)}`;
  const count = tokenText(tokens).padStart(tokens ? 14 : 0);
  const event = running && worker.lastEvent ? `  ${worker.lastEvent}` : '';
  const room = Math.max(0, width - head.length - count.length);
  const tail = event.length > room ? (room > 1 ? `${event.slice(0, room - 1)}…` : '') : event;
  return `${paint(COLOUR[worker.state] ?? 0, head)}${count}${tail}`;
}

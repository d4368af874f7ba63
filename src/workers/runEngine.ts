/**
 * One worker process of any engine: prompt on stdin, its event stream to a file and a callback,
 * the final answer read and validated. The process leads its own process group so a timeout or
 * cancellation ends everything it started. A worker's failure (crash, missing binary, garbage)
 * comes back as a failed result, never as an exception.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { redact } from '../util/redact.js';
import type { EngineInput, EngineProcess, WorkerEngine, WorkerEvent } from './engine.js';
import { oneLine } from './finalAnswer.js';
import { killStragglers } from './stragglers.js';
import { emptyUsage, type FinalAnswer, type TokenUsage } from './types.js';

export interface RunEngineOptions extends EngineInput {
  engine: WorkerEngine;
  eventsPath: string;
  stderrPath: string;
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
}

export interface EngineRunResult {
  status: 'succeeded' | 'failed' | 'timed_out' | 'cancelled';
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  usage: TokenUsage;
  toolUses: number;
  answer: FinalAnswer | null;
  answerError?: string;
  /** Why it did not succeed, in one line. */
  error?: string;
  stderrTail: string;
}

const STDERR_TAIL_LINES = 40;
const STDERR_TAIL_CHARS = 4096;

type Subprocess = ReturnType<typeof execa>;
type ProcessResult = Awaited<Subprocess>;

export async function runEngine(o: RunEngineOptions): Promise<EngineRunResult> {
  const started = Date.now();
  if (o.signal?.aborted) {
    const base = { usage: emptyUsage(), toolUses: 0, answer: null, stderrTail: '' };
    return { ...base, status: 'cancelled', exitCode: null, timedOut: false, cancelled: true, durationMs: 0, error: 'cancelled before it started' };
  }
  for (const f of [o.finalPath, o.eventsPath, o.stderrPath]) await fs.mkdir(path.dirname(f), { recursive: true });
  await fs.rm(o.finalPath, { force: true });
  const proc = await o.engine.prepare(o);

  const sub = execa(proc.file, proc.args, {
    cwd: o.cwd,
    env: proc.env,
    extendEnv: false,
    input: proc.stdin,
    detached: true,
    reject: false,
    buffer: false,
  });
  const watch = superviseGroup(sub, o);
  const output = captureOutput(sub, proc, o);

  const result = await sub;
  await output.done;
  await killStragglers(proc.marker.name, proc.marker.value);
  watch.release();
  await output.close();

  const { answer, answerError } = await proc.readAnswer();
  const { usage, toolUses, lastError } = proc.stream;
  const { stderrLines } = output;
  const timedOut = watch.timedOut();
  const cancelled = watch.cancelled();
  const common = {
    exitCode: result.exitCode ?? null,
    timedOut,
    cancelled,
    durationMs: Date.now() - started,
    usage,
    toolUses,
    answer,
    stderrTail: stderrLines.join('\n').slice(-STDERR_TAIL_CHARS),
    ...(answerError ? { answerError } : {}),
  };
  return { ...common, ...outcome(o, proc, sub, result, { answer, answerError, lastError, stderrLines, timedOut, cancelled }) };
}

/**
 * Ends the process group on timeout or abort (SIGTERM, then SIGKILL after the grace period), and
 * whatever the engine left running in its group (a backgrounded shell command) once it exits,
 * which releases the pipes we wait on.
 */
function superviseGroup(sub: Subprocess, o: Pick<RunEngineOptions, 'timeoutMs' | 'killGraceMs' | 'signal'>) {
  let timedOut = false;
  let cancelled = false;
  let exited = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const killGroup = (sig: NodeJS.Signals) => {
    if (sub.pid === undefined) return;
    try {
      process.kill(-sub.pid, sig);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  const stop = (why: 'timeout' | 'cancel') => {
    if (exited || timedOut || cancelled) return;
    if (why === 'timeout') timedOut = true;
    else cancelled = true;
    killGroup('SIGTERM');
    graceTimer = setTimeout(() => killGroup('SIGKILL'), o.killGraceMs ?? 5000);
  };
  const timer = setTimeout(() => stop('timeout'), o.timeoutMs);
  const onAbort = () => stop('cancel');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  sub.on('exit', () => {
    exited = true;
    killGroup('SIGKILL');
  });
  return {
    timedOut: () => timedOut,
    cancelled: () => cancelled,
    /** Once the process and its stragglers are gone: no timer or listener outlives the run. */
    release() {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      o.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** stdout to the events file and the engine's stream reader; stderr to its file and a tail kept for the error. */
function captureOutput(sub: Subprocess, proc: EngineProcess, o: Pick<RunEngineOptions, 'eventsPath' | 'stderrPath' | 'onEvent'>) {
  const eventsFile = createWriteStream(o.eventsPath, { flags: 'a' });
  const stdoutDone = eachLine(sub.stdout, eventsFile, (line) => {
    const event = proc.stream.onLine(line);
    if (!event) return;
    try {
      o.onEvent?.(event);
    } catch {
      // A progress display must not take the worker down.
    }
  });
  const stderrLines: string[] = [];
  const stderrFile = createWriteStream(o.stderrPath, { flags: 'a' });
  const stderrDone = eachLine(sub.stderr, stderrFile, (line) => {
    stderrLines.push(line);
    if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift();
  });
  return {
    stderrLines,
    done: Promise.all([stdoutDone, stderrDone]),
    close: () => Promise.all([closeStream(eventsFile), closeStream(stderrFile)]),
  };
}

/** The status and, unless it succeeded, why not, in one line. */
function outcome(
  o: Pick<RunEngineOptions, 'engine' | 'timeoutMs'>,
  proc: EngineProcess,
  sub: Subprocess,
  result: ProcessResult,
  seen: { answer: FinalAnswer | null; answerError?: string; lastError?: string; stderrLines: string[]; timedOut: boolean; cancelled: boolean },
): Pick<EngineRunResult, 'status' | 'error'> {
  const { engine } = o;
  const exitCode = result.exitCode ?? null;
  if (seen.cancelled) return { status: 'cancelled', error: 'cancelled; its process group was killed' };
  if (seen.timedOut) return { status: 'timed_out', error: `timed out after ${Math.round(o.timeoutMs / 1000)} s; its process group was killed` };
  if (sub.pid === undefined || (result.failed && exitCode === null && !result.signal)) {
    return { status: 'failed', error: oneLine(`could not start ${engine.label} (${proc.file}): ${result.originalMessage || result.shortMessage}`) };
  }
  if (exitCode !== 0) {
    const why = seen.lastError ?? (result.signal ? `killed by ${result.signal}` : seen.stderrLines.filter((l) => l.trim()).at(-1)) ?? 'no error message';
    return { status: 'failed', error: oneLine(`${engine.label} exited with ${exitCode === null ? result.signal : `code ${exitCode}`}: ${why}`) };
  }
  if (!seen.answer) return { status: 'failed', error: oneLine(seen.answerError ?? seen.lastError ?? 'no final answer') };
  return { status: 'succeeded' };
}

/** Every line of a stream, redacted, appended to `file` and handed to `onLine`. */
function eachLine(stream: Readable | null, file: WriteStream, onLine: (line: string) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (raw) => {
    const line = redact(raw);
    file.write(`${line}\n`);
    onLine(line);
  });
  return new Promise((resolve) => rl.once('close', resolve));
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve));
}

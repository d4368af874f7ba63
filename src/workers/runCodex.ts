/**
 * One `codex exec --json` process: prompt on stdin, JSONL events streamed to a file and a callback,
 * the final answer read from `-o` and validated. The process leads its own process group so a
 * timeout or cancellation ends everything it started. A worker's failure (crash, missing binary,
 * garbage) comes back as a failed result, never as an exception.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { Role, Sandbox } from '../plan/types.js';
import { redact } from '../util/redact.js';
import { describeEvent, parseCodexLine, type CodexEvent } from './codexEvents.js';
import { killStragglers } from './stragglers.js';
import { answerSchemaFor, emptyUsage, type FinalAnswer, type TokenUsage } from './types.js';

export interface RunCodexOptions {
  codexPath: string;
  cwd: string;
  prompt: string;
  sandbox: Sandbox;
  /** Which answer schema the final message is read with; default a coder's (findings). */
  role?: Role;
  outputSchemaPath: string;
  /** Where codex writes its last message (`-o`). */
  finalPath: string;
  eventsPath: string;
  stderrPath: string;
  model?: string;
  effort?: string;
  /** Complete argv fragments (`-c`, `key=value`, …) for the model provider. */
  providerArgs?: string[];
  /** Complete argv fragments for further config, e.g. an MCP server. */
  extraConfigArgs?: string[];
  /** The user's own extra `codex exec` arguments. */
  codexArgs?: string[];
  /** The whole environment of the process (nothing is inherited). */
  env: Record<string, string>;
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: CodexEvent, summary: string | null) => void;
}

export interface CodexRunResult {
  status: 'succeeded' | 'failed' | 'timed_out' | 'cancelled';
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  usage: TokenUsage;
  answer: FinalAnswer | null;
  answerError?: string;
  /** Why it did not succeed, in one line. */
  error?: string;
  stderrTail: string;
}

const STDERR_TAIL_LINES = 40;
const STDERR_TAIL_CHARS = 4096;

export function codexExecArgs(o: RunCodexOptions): string[] {
  return [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--sandbox',
    o.sandbox,
    '--output-schema',
    o.outputSchemaPath,
    '-o',
    o.finalPath,
    ...(o.model ? ['-m', o.model] : []),
    ...(o.effort ? ['-c', `model_reasoning_effort=${o.effort}`] : []),
    ...(o.providerArgs ?? []),
    ...(o.extraConfigArgs ?? []),
    ...(o.codexArgs ?? []),
    '-',
  ];
}

export async function runCodex(o: RunCodexOptions): Promise<CodexRunResult> {
  const started = Date.now();
  const usage: TokenUsage = emptyUsage();
  const base = { usage, answer: null, stderrTail: '' };
  if (o.signal?.aborted) {
    return { ...base, status: 'cancelled', exitCode: null, timedOut: false, cancelled: true, durationMs: 0, error: 'cancelled before it started' };
  }
  for (const f of [o.finalPath, o.eventsPath, o.stderrPath]) await fs.mkdir(path.dirname(f), { recursive: true });
  await fs.rm(o.finalPath, { force: true });

  const sub = execa(o.codexPath, codexExecArgs(o), {
    cwd: o.cwd,
    env: o.env,
    extendEnv: false,
    input: o.prompt,
    detached: true,
    reject: false,
    buffer: false,
  });

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
  // Whatever codex left running in its group (a backgrounded shell command) ends with it, and so
  // releases the pipes we wait on.
  sub.on('exit', () => {
    exited = true;
    killGroup('SIGKILL');
  });

  let lastError: string | undefined;
  const eventsFile = createWriteStream(o.eventsPath, { flags: 'a' });
  const stdoutDone = eachLine(sub.stdout, eventsFile, (line) => {
    const parsed = parseCodexLine(line);
    if (!parsed.ok) return;
    const event = parsed.event;
    if (event.type === 'turn.completed') {
      usage.input += event.usage.input_tokens;
      usage.cachedInput += event.usage.cached_input_tokens;
      usage.output += event.usage.output_tokens;
      usage.reasoningOutput += event.usage.reasoning_output_tokens;
    } else if (event.type === 'turn.failed') lastError = event.error.message;
    else if (event.type === 'error') lastError = event.message;
    try {
      o.onEvent?.(event, describeEvent(event));
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

  const result = await sub;
  await Promise.all([stdoutDone, stderrDone]);
  if (o.env.CODEX_HOME) await killStragglers('CODEX_HOME', o.env.CODEX_HOME);
  clearTimeout(timer);
  clearTimeout(graceTimer);
  o.signal?.removeEventListener('abort', onAbort);
  await Promise.all([closeStream(eventsFile), closeStream(stderrFile)]);

  const exitCode = result.exitCode ?? null;
  const stderrTail = stderrLines.join('\n').slice(-STDERR_TAIL_CHARS);
  const { answer, answerError } = await readFinalAnswer(o.finalPath, o.role ?? 'coder');
  const durationMs = Date.now() - started;
  const common = { exitCode, timedOut, cancelled, durationMs, usage, answer, stderrTail, ...(answerError ? { answerError } : {}) };

  if (cancelled) return { ...common, status: 'cancelled', error: 'cancelled; its process group was killed' };
  if (timedOut) return { ...common, status: 'timed_out', error: `timed out after ${Math.round(o.timeoutMs / 1000)} s; its process group was killed` };
  if (sub.pid === undefined || (result.failed && exitCode === null && !result.signal)) {
    return { ...common, status: 'failed', error: oneLine(`could not start codex (${o.codexPath}): ${result.originalMessage || result.shortMessage}`) };
  }
  if (exitCode !== 0) {
    const why = lastError ?? (result.signal ? `killed by ${result.signal}` : stderrLines.filter((l) => l.trim()).at(-1)) ?? 'no error message';
    return { ...common, status: 'failed', error: oneLine(`codex exited with ${exitCode === null ? result.signal : `code ${exitCode}`}: ${why}`) };
  }
  if (!answer) return { ...common, status: 'failed', error: oneLine(answerError ?? 'no final answer') };
  return { ...common, status: 'succeeded' };
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

async function readFinalAnswer(file: string, role: Role): Promise<{ answer: FinalAnswer | null; answerError?: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { answer: null, answerError: 'codex wrote no final answer' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { answer: null, answerError: `the final answer is not JSON: ${oneLine(text).slice(0, 120)}` };
  }
  const parsed = answerSchemaFor(role).safeParse(json);
  if (parsed.success) return { answer: parsed.data };
  const issue = parsed.error.issues[0];
  return { answer: null, answerError: `the final answer does not match the schema: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
}

function oneLine(text: string): string {
  return redact(text).replace(/\s+/g, ' ').trim();
}

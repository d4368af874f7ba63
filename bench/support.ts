/**
 * What every scenario shares: the options, temp folders that are always removed, child processes
 * that are always ended, and the CPU time spent by this process and the children it waited for.
 * Every process is started with an async spawn: the scripted model server runs in this process,
 * and a blocking spawn would stall it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';

/** A prerequisite that is not there yet (a module, a build): the scenario is reported as unavailable, not failed. */
export class Unavailable extends Error {}

export interface BenchOptions {
  /** Repetitions of each measurement (after one unmeasured warm-up). */
  runs: number;
  /** Repetitions of scenario 1b, whose every repetition runs codex many times. */
  codexRuns: number;
  quick: boolean;
}

export class BenchContext {
  private readonly cleanups: (() => Promise<void>)[] = [];
  private readonly children = new Set<ChildProcess>();
  private readonly abort = new AbortController();

  constructor(readonly options: BenchOptions) {}

  /** Aborted on SIGINT/SIGTERM: engine runs given this signal kill their workers. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  log(message: string): void {
    process.stderr.write(`  ${message}\n`);
  }

  /** A fresh temp folder, removed at cleanup. */
  async tempDir(prefix: string): Promise<string> {
    const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `codex-swarm-bench-${prefix}-`)));
    this.defer(() => fs.rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Runs at cleanup, last registered first. */
  defer(fn: () => Promise<unknown>): void {
    this.cleanups.push(async () => {
      await fn();
    });
  }

  /** Starts a process in its own process group and keeps it to be ended if the bench stops early. */
  spawn(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string }): ChildProcess {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.stdin === 'ignore' || options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.children.add(child);
    // As the engine does for codex: whatever the process left running in its group (a login
    // shell's background job) ends with it, instead of burning CPU under the next measurement.
    child.once('exit', () => {
      killGroup(child);
      this.children.delete(child);
    });
    if (typeof options.stdin === 'string' && options.stdin !== 'ignore') child.stdin!.end(options.stdin);
    return child;
  }

  /** Ends what is still running, then removes temp folders and closes servers; run after each scenario. */
  async cleanup(): Promise<void> {
    for (const child of this.children) killGroup(child);
    for (const fn of this.cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  }

  /** On SIGINT/SIGTERM: engine runs kill their workers, then everything is cleaned up. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.cleanup();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** From the spawn to the first complete line on stdout or stderr; null when none came. */
  firstLineMs: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process to its end and times it. */
export function run(
  ctx: BenchContext,
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = ctx.spawn(cmd, args, options);
    let stdout = '';
    let stderr = '';
    let firstLineMs: number | null = null;
    const onData = (chunk: Buffer, into: 'out' | 'err') => {
      if (firstLineMs === null && chunk.includes(10)) firstLineMs = performance.now() - started;
      if (into === 'out') stdout += chunk.toString();
      else stderr += chunk.toString();
    };
    child.stdout!.on('data', (c: Buffer) => onData(c, 'out'));
    child.stderr!.on('data', (c: Buffer) => onData(c, 'err'));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, wallMs: performance.now() - started, firstLineMs, stdout, stderr }));
  });
}

/** Like `run`, but a non-zero exit is an error that shows the process's own output. */
export async function runOk(ctx: BenchContext, cmd: string, args: string[], options: Parameters<typeof run>[3] = {}): Promise<ProcessRun> {
  const r = await run(ctx, cmd, args, options);
  if (r.code !== 0) {
    const out = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} exited with ${r.code ?? r.signal}:\n${out}`);
  }
  return r;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds (user + system) used so far by this process and by every child it has waited
 * for (with their own waited-for descendants): proc(5) utime, stime, cutime, cstime.
 */
export function cpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14–17, counted after the command name (which starts at field 3).
  const ticks = [14, 15, 16, 17].reduce((sum, f) => sum + Number(fields[f - 3]), 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Wall and CPU time of an async piece of work. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const value = await fn();
  return { value, wallMs: performance.now() - t0, cpuMs: cpuMs() - cpu0 };
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FAKE_CODEX = path.join(repoRoot, '__tests__/fixtures/fakeCodex.mjs');
export const REAL_CODEX = path.join(repoRoot, 'node_modules/.bin/codex');

/** `<dir>/bin` holding a `codex` that runs the stand-in (FAKE_CODEX), to put first on PATH. */
export async function codexStandInBin(dir: string): Promise<string> {
  const bin = path.join(dir, 'bin');
  await fs.mkdir(bin, { recursive: true });
  await fs.writeFile(path.join(bin, 'codex'), `#!/bin/sh\nexec node ${JSON.stringify(FAKE_CODEX)} "$@"\n`, { mode: 0o755 });
  return bin;
}

/** `<dir>/repo`: a git repository on `main` with one commit holding `files`. */
export async function committedRepo(dir: string, files: Record<string, string>): Promise<string> {
  const repo = path.join(dir, 'repo');
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await fs.writeFile(path.join(repo, file), text);
  }
  const git = (args: string[]) => execa('git', args, { cwd: repo });
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '-A']);
  await git(['-c', 'user.name=b', '-c', 'user.email=b@example.com', 'commit', '-qm', 'init']);
  return repo;
}

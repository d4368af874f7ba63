/**
 * Scenario 2 — per-worker overhead on a large repository. A generated repository of 20,000 files
 * (one commit, packed as a clone would be). The engine runs 6 workers one at a time (max-parallel
 * 1) with the codex stand-in at T=0; a worker's cycle (its start to the next one's start) minus the
 * bare stand-in run alone is the engine's per-worker overhead: for a writer its worktree (reused
 * from the previous writer), prompt, CODEX_HOME, answer parse, patch collect and the memory search
 * and store around it; for a reader the same without worktree and patch. A run of 1 writer gives
 * the per-run cost. Beside it: `createWorktree` against `cp -r` of the checkout. File-system work
 * is noisy: every measured step starts after a `sync`, and the order of the steps rotates.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { loadMemoryFile } from '../src/memory/persist.js';
import { MEMORY_FILE_VERSION } from '../src/memory/store.js';
import { createSwarmMemory } from '../src/memory/swarmMemory.js';
import type { Plan } from '../src/plan/types.js';
import type { SwarmMemory } from '../src/swarm/types.js';
import { workerEnv } from '../src/workers/workerEnv.js';
import { collectPatch, createWorktree, removeWorktree } from '../src/workers/worktree.js';
import { prepareCalls } from './baselines.js';
import { planFor, timeEngine } from './engine.js';
import { generatePatterns } from './patterns.js';
import type { Row, ScenarioResult } from './report.js';
import { formatMs, formatRatio, median, ratioSummary, summarize } from './stats.js';
import { FAKE_CODEX, runOk, timed, type BenchContext } from './support.js';

const WORKERS_IN_PLAN = 8;
/** Workers in the run whose cycles are measured: the middle ones count (see the note). */
const MORE = 6;
/** The default memory-max-entries: a full memory as a long-lived repository would have. */
const MEMORY_PATTERNS = 5_000;

/**
 * The real memory, as the action wires it into the engine (threshold 0.7, limit 5), over a file of
 * 5,000 patterns loaded afresh for each run.
 */
async function memoryFor(ctx: BenchContext, tmp: string): Promise<{ open(): Promise<SwarmMemory> }> {
  const file = path.join(tmp, 'memory.json');
  await fs.writeFile(file, JSON.stringify({ version: MEMORY_FILE_VERSION, entries: generatePatterns(MEMORY_PATTERNS) }));
  return {
    async open() {
      const store = await loadMemoryFile(file, { maxEntries: MEMORY_PATTERNS, onWarning: (m) => ctx.log(m) });
      return createSwarmMemory({ store, threshold: 0.7, limit: 5, runId: 'bench' });
    },
  };
}

/** `count` small source files in folders of 100, committed once and packed. */
async function generateRepo(ctx: BenchContext, count: number): Promise<string> {
  const dir = await ctx.tempDir('large-repo');
  const paths = Array.from({ length: count }, (_, i) => `src/pkg${String(Math.floor(i / 100)).padStart(3, '0')}/mod${i % 100}.ts`);
  for (const folder of new Set(paths.map((p) => path.dirname(p)))) await fs.mkdir(path.join(dir, folder), { recursive: true });
  for (let i = 0; i < paths.length; i += 500) {
    await Promise.all(
      paths.slice(i, i + 500).map((p, j) => fs.writeFile(path.join(dir, p), `export function f${i + j}(x: number): number {\n  return x + ${i + j};\n}\n`)),
    );
  }
  const git = (...args: string[]) => execa('git', args, { cwd: dir });
  await git('init', '-q', '-b', 'main');
  // No background gc in the middle of a measurement.
  await git('config', 'gc.auto', '0');
  await git('add', '-A');
  await git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'generated');
  await git('repack', '-adq');
  await git('prune');
  return dir;
}

export async function largeRepo(ctx: BenchContext): Promise<ScenarioResult> {
  const fileCount = ctx.options.quick ? 2_000 : 20_000;
  const label = fileCount.toLocaleString('en-US');
  ctx.log(`generating a repository of ${label} files…`);
  const repo = await generateRepo(ctx, fileCount);
  const tmp = await ctx.tempDir('large');
  const sync = () => runOk(ctx, 'sync', []);

  const planning = await timed(() => planFor(repo, { command: 'docs', workers: WORKERS_IN_PLAN, maxParallel: WORKERS_IN_PLAN }));
  const writers = planning.value;
  const readers = await planFor(repo, { command: 'review', workers: WORKERS_IN_PLAN, maxParallel: WORKERS_IN_PLAN });
  const first = (plan: Plan, k: number): Plan => ({ ...plan, workers: plan.workers.slice(0, k) });

  const settings = path.join(tmp, 'fake-plan.json');
  await fs.writeFile(
    settings,
    JSON.stringify(Object.fromEntries(writers.workers.map((w, i) => [w.id, { write: { [`docs/bench-${i + 1}.md`]: `# note ${i + 1}\n` } }]))),
  );
  const fakeArgs = ['-c', `FAKE_CODEX_PLAN=${settings}`];

  const memory = await memoryFor(ctx, tmp);
  const engine = async (plan: Plan) => {
    const swarmMemory = await memory.open();
    await sync();
    const r = await timeEngine(ctx, {
      memory: swarmMemory,
      plan,
      repoDir: repo,
      codexPath: FAKE_CODEX,
      codexArgs: fakeArgs,
      model: { baseUrl: 'http://127.0.0.1:9/v1' },
      workerTimeoutMs: 300_000,
      maxParallel: 1,
      applyPatches: false,
    });
    // One worker's cycle: from its start to the next one's (max-parallel 1), which holds all the
    // engine does for it and the memory search of the next. The first cycle has the run's first
    // checkout (a per-run cost) and the last has no next start: only the ones between count.
    const starts = r.outcome.results.map((w) => w.startOffsetMs!);
    return { wallMs: r.wallMs, cycles: starts.slice(2).map((t, k) => t - starts[k + 1]) };
  };

  /** The stand-in alone, with the arguments, prompt and environment the engine gives it. */
  const bare = async (plan: Plan) => {
    const [call] = await prepareCalls(ctx, first(plan, 1), { codexPath: FAKE_CODEX, codexArgs: fakeArgs, cwd: (_id, dir) => path.join(dir, 'work') });
    await sync();
    const r = await runOk(ctx, FAKE_CODEX, call.args, {
      cwd: call.cwd,
      env: { ...workerEnv(process.env), CODEX_HOME: call.codexHome },
      stdin: call.prompt,
    });
    return r.wallMs;
  };

  const worktreeSteps = async () => {
    const dir = path.join(tmp, 'worktree');
    await sync();
    const add = await timed(() => createWorktree(repo, dir));
    await fs.writeFile(path.join(dir, 'docs-note.md'), '# note\n');
    await sync();
    const collect = await timed(() => collectPatch(dir, path.join(tmp, 'patch.diff')));
    await sync();
    const remove = await timed(() => removeWorktree(repo, dir));
    return { add: add.wallMs, collect: collect.wallMs, remove: remove.wallMs };
  };

  const copy = async () => {
    const dir = path.join(tmp, 'copy');
    await sync();
    const r = await runOk(ctx, 'cp', ['-r', repo, dir]);
    await fs.rm(dir, { recursive: true, force: true });
    return r.wallMs;
  };

  const samples: Record<string, number[]> = {};
  const push = (key: string, v: number) => {
    (samples[key] ??= []).push(v);
  };
  const steps: Record<string, () => Promise<void>> = {
    writer1: async () => push('writer1', (await engine(first(writers, 1))).wallMs),
    writerMore: async () => push('writerCycle', median((await engine(first(writers, MORE))).cycles)),
    reader1: async () => push('reader1', (await engine(first(readers, 1))).wallMs),
    readerMore: async () => push('readerCycle', median((await engine(first(readers, MORE))).cycles)),
    bareWriter: async () => push('bareWriter', await bare(writers)),
    bareReader: async () => push('bareReader', await bare(readers)),
    worktree: async () => {
      const r = await worktreeSteps();
      push('worktreeAdd', r.add);
      push('patchCollect', r.collect);
      push('worktreeRemove', r.remove);
    },
    copy: async () => push('copy', await copy()),
  };
  const names = Object.keys(steps);
  for (const name of names) await steps[name](); // warm-up: page cache, module cache
  for (const key of Object.keys(samples)) samples[key] = [];
  for (let i = 0; i < ctx.options.runs; i++) {
    const t0 = performance.now();
    // Rotate so that write-back left by one step does not always land on the same next step.
    for (let k = 0; k < names.length; k++) await steps[names[(i + k) % names.length]]();
    ctx.log(`2 run ${i + 1}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const s = (key: string) => samples[key];
  /** Per repetition: a worker's median cycle minus the bare stand-in. */
  const perWorker = (cycles: number[], bareMs: number[]) => summarize(cycles.map((c, i) => c - bareMs[i]));
  const writer = perWorker(s('writerCycle'), s('bareWriter'));
  const reader = perWorker(s('readerCycle'), s('bareReader'));
  // A run of one writer is its cycle plus what only a run pays once.
  const fixedWriter = summarize(s('writer1').map((w, i) => w - s('writerCycle')[i]));
  const add = summarize(s('worktreeAdd'));
  const cp = summarize(s('copy'));
  const addVsCopy = ratioSummary(s('worktreeAdd'), s('copy'));
  const info = (figure: string, value: string, data: Record<string, unknown>): Row => ({ scenario: '2', figure, value, target: '', met: null, data });
  const infoMs = (figure: string, key: string): Row => {
    const ms = summarize(s(key));
    return info(figure, formatMs(ms), { ms });
  };

  const rows: Row[] = [
    {
      scenario: '2',
      figure: `engine overhead per writing worker (${label} files)`,
      value: formatMs(writer),
      target: '≤ 150 ms',
      met: writer.median <= 150,
      data: { ms: writer },
    },
    {
      scenario: '2',
      figure: `engine overhead per reading worker (${label} files)`,
      value: formatMs(reader),
      target: '≤ 150 ms',
      met: reader.median <= 150,
      data: { ms: reader },
    },
    {
      scenario: '2',
      figure: 'worktree set-up / cp -r of the checkout',
      value: formatRatio(addVsCopy),
      target: '< 1',
      met: addVsCopy.median < 1,
      data: { ratio: addVsCopy },
    },
    info('  createWorktree (git worktree add, parallel checkout)', formatMs(add), { ms: add }),
    info('  cp -r of the checkout (with .git)', formatMs(cp), { ms: cp }),
    infoMs('  collectPatch (add -A, diff) of one new file', 'patchCollect'),
    infoMs('  removeWorktree', 'worktreeRemove'),
    info('  run fixed cost with 1 writer (proxy, memory, the run’s first worktree, merge, results.json)', formatMs(fixedWriter), { ms: fixedWriter }),
    infoMs('  bare codex stand-in process', 'bareWriter'),
    info(`  plan: list and shard ${label} files into ${WORKERS_IN_PLAN}`, `${planning.wallMs.toFixed(0)} ms (n=1)`, { ms: planning.wallMs }),
  ];
  return {
    id: '2',
    title: `per-worker overhead, ${label}-file repository`,
    status: 'ok',
    rows,
    notes: [
      `Per-worker overhead = a worker's cycle in a run of ${MORE} workers one at a time (from its start to the next worker's start: set-up, the stand-in, answer, patch, memory store and the next memory search), median over workers 2 to ${MORE - 1}, minus the bare stand-in's wall, paired per repetition; the stand-in at T=0. Memory: the real store with ${MEMORY_PATTERNS.toLocaleString('en-US')} patterns (search before, store after each worker; its index is built by the first worker's search, a per-run cost).`,
      'Writers that start after another has ended reuse its worktree (src/workers/worktreePool.ts: checkout of the base and clean, touching only what the last worker changed), so one more writer costs its reset, not a checkout; the run’s first worktree is in the fixed cost. Writers running side by side each get a new worktree: createWorktree above is what each of them costs.',
      'Every measured step starts after an (unmeasured) `sync`, so write-back of the previous step does not land on it; its own write-back is not included.',
    ],
  };
}

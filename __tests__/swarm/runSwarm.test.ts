/**
 * runSwarm with the codex stand-in (fakeCodex.mjs): the whole engine — plan validation, the
 * scheduler, worktrees, dependency hand-over, memory hooks, patch merge and results.json.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { buildPlan } from '../../src/plan/buildPlan.js';
import { listRepositoryFiles } from '../../src/plan/files.js';
import type { Plan, SwarmRequest, WorkerSpec } from '../../src/plan/types.js';
import { readResultsFile } from '../../src/swarm/results.js';
import { runSwarm, type RunSwarmOptions } from '../../src/swarm/runSwarm.js';
import { SwarmState } from '../../src/swarm/state.js';
import type { SwarmMemory, WorkerState } from '../../src/swarm/types.js';
import type { WorkerResult } from '../../src/workers/types.js';
import { makeRepo, status, tempDir, worktrees } from '../workers/gitRepo.js';

const FAKE = path.resolve('__tests__/fixtures/fakeCodex.mjs');

type FakeSettings = Record<string, { mode?: string; sleepMs?: number; write?: Record<string, string>; answer?: unknown }>;

let repo: string;
let tmp: string;

beforeEach(async () => {
  repo = await makeRepo({
    'src/a.js': 'export const a = 1;\n',
    'src/b.js': 'export const b = 2;\n',
    'lib/c.js': 'export const c = 3;\n',
    'README.md': '# sample\n',
  });
  tmp = await tempDir('swarm');
});
afterEach(async () => {
  await fs.rm(repo, { recursive: true, force: true });
  await fs.rm(tmp, { recursive: true, force: true });
});

async function plan(request: Partial<SwarmRequest> & { command: SwarmRequest['command'] }): Promise<Plan> {
  const files = await listRepositoryFiles(repo);
  return buildPlan({ request: { task: '', paths: [], maxParallel: 4, ...request }, files, fileSource: 'repository' });
}

async function run(p: Plan, fake: FakeSettings, extra: Partial<RunSwarmOptions> = {}) {
  const settings = path.join(tmp, 'fake-plan.json');
  await fs.writeFile(settings, JSON.stringify(fake));
  return runSwarm({
    plan: p,
    runId: 'run-1',
    repoDir: repo,
    runDir: path.join(tmp, 'run'),
    scratchDir: path.join(tmp, 'scratch'),
    codexPath: FAKE,
    codexArgs: ['-c', `FAKE_CODEX_PLAN=${settings}`],
    model: { baseUrl: 'http://127.0.0.1:9/v1' },
    workerTimeoutMs: 30_000,
    maxParallel: 4,
    applyPatches: false,
    ...extra,
  });
}

const byId = (results: WorkerResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));

test('fans reviewers out in parallel, bounded by maxParallel, and writes results.json', async () => {
  const p = await plan({ command: 'review', workers: 3 });
  expect(p.workers.map((w) => w.id)).toEqual(['reviewer-1', 'reviewer-2', 'reviewer-3']);
  const fake: FakeSettings = Object.fromEntries(p.workers.map((w) => [w.id, { sleepMs: 400 }]));
  const started: string[] = [];
  const ended: string[] = [];
  const outcome = await run(p, fake, {
    maxParallel: 2,
    hooks: { onWorkerStart: (s) => started.push(s.id), onWorkerEnd: (r) => ended.push(r.id) },
  });

  expect(outcome.results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  expect(started.sort()).toEqual(['reviewer-1', 'reviewer-2', 'reviewer-3']);
  expect(ended.sort()).toEqual(['reviewer-1', 'reviewer-2', 'reviewer-3']);
  // At most two at once: the third starts only after one of the first two ended.
  const [r1, r2, r3] = outcome.results;
  const end = (r: WorkerResult) => r.startOffsetMs! + r.durationMs;
  expect(r3.startOffsetMs!).toBeGreaterThanOrEqual(Math.min(end(r1), end(r2)) - 5);
  expect(Math.abs(r1.startOffsetMs! - r2.startOffsetMs!)).toBeLessThan(300);

  const file = await readResultsFile(outcome.resultsFile);
  expect(file.schemaVersion).toBe(1);
  expect(file.results.map((r) => r.id)).toEqual(['reviewer-1', 'reviewer-2', 'reviewer-3']);
  expect(file.results[0].usage.input).toBe(500);
  expect(file.results[0].answer?.status).toBe('complete');
  for (const id of ['reviewer-1', 'reviewer-2', 'reviewer-3']) {
    for (const f of ['prompt.md', 'events.jsonl', 'final.json', 'stderr.log']) {
      await expect(fs.stat(path.join(tmp, 'run', 'workers', id, f))).resolves.toBeTruthy();
    }
  }
  // Readers work in the checkout itself and leave it as it was; scratch space is gone.
  expect(await status(repo)).toBe('');
  await expect(fs.stat(path.join(tmp, 'scratch'))).rejects.toThrow();
});

test('code: the coder change reaches the tester and reviewer, and every patch is merged into the checkout', async () => {
  const p = await plan({ command: 'code', task: 'add a function d' });
  const outcome = await run(
    p,
    {
      'coder-1': { write: { 'src/d.js': 'export const d = 4;\n' } },
      'tester-1': { write: { 'test/d.test.js': "import { d } from '../src/d.js';\n" } },
    },
    { applyPatches: true },
  );
  const r = byId(outcome.results);
  expect(r['coder-1'].status).toBe('succeeded');
  expect(r['coder-1'].filesChanged).toEqual(['src/d.js']);
  expect(r['tester-1'].filesChanged).toEqual(['test/d.test.js']);
  expect(r['reviewer-1'].patchPath).toBeNull();
  // Dependents started after the coder ended and were told what it changed.
  expect(r['tester-1'].startOffsetMs!).toBeGreaterThanOrEqual(r['coder-1'].startOffsetMs! + r['coder-1'].durationMs - 5);
  const testerPrompt = await fs.readFile(path.join(tmp, 'run', 'workers', 'tester-1', 'prompt.md'), 'utf8');
  expect(testerPrompt).toContain('## Files coder-1 changed');
  expect(testerPrompt).toContain('src/d.js');

  expect(outcome.merge.merged.map((m) => m.workerId)).toEqual(['coder-1', 'tester-1']);
  expect(outcome.merge.conflicts).toEqual([]);
  expect(outcome.merge.applied).toBe(true);
  expect(await fs.readFile(path.join(repo, 'src/d.js'), 'utf8')).toBe('export const d = 4;\n');
  expect(await fs.readFile(path.join(repo, 'test/d.test.js'), 'utf8')).toContain('../src/d.js');
  const combined = await fs.readFile(path.join(tmp, 'run', 'combined.patch'), 'utf8');
  expect(combined).toContain('src/d.js');
  expect(combined).toContain('test/d.test.js');
  expect(await worktrees(repo)).toBe(1);
});

test('the git processes the engine runs while workers work carry none of the secrets in its environment', async () => {
  // A worker's shell can read /proc/<pid>/environ of any process of its user, git's included.
  const secrets = {
    'INPUT_OPENAI-API-KEY': 'sk-input-0123',
    OPENAI_API_KEY: 'sk-env-4567',
    ACTIONS_RUNTIME_TOKEN: 'jwt-89ab',
    'INPUT_GITHUB-TOKEN': 'ghs_cdef',
  };
  const realGit = (await execa('sh', ['-c', 'command -v git'])).stdout.trim();
  const shims = path.join(tmp, 'shims');
  const log = path.join(tmp, 'git-env.log');
  await fs.mkdir(shims);
  await fs.writeFile(path.join(shims, 'git'), `#!/bin/sh\n{ env; echo '---'; } >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
  const saved = { ...process.env };
  Object.assign(process.env, secrets, { PATH: `${shims}${path.delimiter}${process.env.PATH}` });
  try {
    const p = await plan({ command: 'code', task: 'add a function d' });
    const outcome = await run(p, { 'coder-1': { write: { 'src/d.js': 'export const d = 4;\n' } } }, { applyPatches: true });
    expect(outcome.results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  const environments = (await fs.readFile(log, 'utf8')).split('---\n').filter(Boolean);
  expect(environments.length).toBeGreaterThan(5);
  for (const env of environments) {
    for (const [name, value] of Object.entries(secrets)) {
      expect(env).not.toContain(value);
      expect(env).not.toContain(`${name}=`);
    }
    expect(env).toContain(`PATH=${shims}`);
  }
});

test('a failed coder: its dependents are skipped with the reason, and its patch is kept but not merged', async () => {
  const p = await plan({ command: 'code', task: 'add d' });
  const outcome = await run(p, { 'coder-1': { mode: 'fail', write: { 'src/d.js': 'half done\n' } } }, { applyPatches: true });
  const r = byId(outcome.results);
  expect(r['coder-1'].status).toBe('failed');
  expect(r['coder-1'].error).toMatch(/fake failure/);
  expect(r['coder-1'].patchPath).toBe('workers/coder-1/patch.diff');
  expect(r['tester-1']).toMatchObject({ status: 'skipped', error: 'not run: dependency coder-1 failed' });
  expect(r['reviewer-1'].status).toBe('skipped');
  expect(outcome.merge.merged).toEqual([]);
  expect(await status(repo)).toBe('');
});

test('a worker that crashes or prints garbage fails alone', async () => {
  const p = await plan({ command: 'review', workers: 3 });
  const outcome = await run(p, { 'reviewer-1': { mode: 'crash' }, 'reviewer-2': { mode: 'garbage' } });
  const r = byId(outcome.results);
  expect(r['reviewer-1'].status).toBe('failed');
  expect(r['reviewer-1'].stderrTail).toContain('crashed on purpose');
  expect(r['reviewer-2'].status).toBe('failed');
  expect(r['reviewer-2'].answerError).toMatch(/not JSON/);
  expect(r['reviewer-3'].status).toBe('succeeded');
});

test('two writers changing the same file: the second is a reported conflict, its patch kept', async () => {
  const p: Plan = await plan({ command: 'docs', workers: 2 });
  expect(p.workers.map((w) => w.id)).toEqual(['documenter-1', 'documenter-2']);
  const outcome = await run(
    p,
    {
      'documenter-1': { write: { 'README.md': '# sample\n\nFirst version.\n' } },
      'documenter-2': { write: { 'README.md': '# sample\n\nSecond version.\n' } },
    },
    { applyPatches: true },
  );
  expect(outcome.merge.merged.map((m) => m.workerId)).toEqual(['documenter-1']);
  expect(outcome.merge.conflicts).toHaveLength(1);
  expect(outcome.merge.conflicts[0]).toMatchObject({ workerId: 'documenter-2', files: ['README.md'], patchPath: 'workers/documenter-2/patch.diff' });
  await expect(fs.readFile(path.join(tmp, 'run', 'workers', 'documenter-2', 'patch.diff'), 'utf8')).resolves.toContain('Second version.');
  expect(await fs.readFile(path.join(repo, 'README.md'), 'utf8')).toContain('First version.');
});

test("writers that run one after another share a worktree, and each patch holds only its own worker's change", async () => {
  const p: Plan = await plan({ command: 'docs', workers: 3 });
  const outcome = await run(p, Object.fromEntries(p.workers.map((w, i) => [w.id, { write: { [`docs/note-${i + 1}.md`]: `note ${i + 1}\n` } }])), {
    maxParallel: 1,
    applyPatches: true,
  });
  expect(outcome.results.map((r) => r.filesChanged)).toEqual([['docs/note-1.md'], ['docs/note-2.md'], ['docs/note-3.md']]);
  expect(outcome.merge.merged.map((m) => m.workerId)).toEqual(['documenter-1', 'documenter-2', 'documenter-3']);
  for (const n of [1, 2, 3]) expect(await fs.readFile(path.join(repo, `docs/note-${n}.md`), 'utf8')).toBe(`note ${n}\n`);
  expect(await worktrees(repo)).toBe(1);
});

test('cancelling stops running workers, skips queued ones, and still writes results', async () => {
  const p = await plan({ command: 'review', workers: 3 });
  const controller = new AbortController();
  const fake: FakeSettings = Object.fromEntries(p.workers.map((w) => [w.id, { sleepMs: 60_000 }]));
  const state = new SwarmState();
  const unsubscribe = state.subscribe((w) => {
    if (w.state === 'running' && state.snapshot().filter((s) => s.state === 'running').length === 2) controller.abort();
  });
  const t0 = Date.now();
  const outcome = await run(p, fake, { maxParallel: 2, signal: controller.signal, state });
  unsubscribe();
  expect(Date.now() - t0).toBeLessThan(20_000);
  expect(outcome.cancelled).toBe(true);
  expect(outcome.results.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  expect(outcome.results[2].error).toBe('cancelled before it started');
  expect((await readResultsFile(outcome.resultsFile)).cancelled).toBe(true);
  expect(state.snapshot().map((w: WorkerState) => w.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
});

test('memory: matches go into the prompt before, outcomes are stored after; a failing memory never fails the run', async () => {
  const p = await plan({ command: 'review', workers: 2 });
  const stored: { id: string; status: string }[] = [];
  const memory: SwarmMemory = {
    async beforeWorker(spec: WorkerSpec) {
      if (spec.id === 'reviewer-2') throw new Error('index unavailable');
      return { promptSection: '## Patterns from memory\n\nCHECK-NULLS', keys: ['pattern-reviewer-x'] };
    },
    async afterWorker(spec, result) {
      stored.push({ id: spec.id, status: result.status });
      if (spec.id === 'reviewer-1') throw new Error('disk full');
    },
    mcpServerFor: () => null,
  };
  const warnings: string[] = [];
  const outcome = await run(p, {}, { memory, hooks: { onWarning: (m) => warnings.push(m) } });
  expect(outcome.results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  expect(outcome.results[0].memoryMatches).toEqual(['pattern-reviewer-x']);
  expect(outcome.results[1].memoryMatches).toEqual([]);
  expect(await fs.readFile(path.join(tmp, 'run', 'workers', 'reviewer-1', 'prompt.md'), 'utf8')).toContain('CHECK-NULLS');
  expect(stored.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
    { id: 'reviewer-1', status: 'succeeded' },
    { id: 'reviewer-2', status: 'succeeded' },
  ]);
  expect(warnings.join('\n')).toMatch(/search for reviewer-2 failed.*index unavailable/);
  expect(warnings.join('\n')).toMatch(/could not store what reviewer-1 learned: disk full/);
});

test('a worker whose engine the run has not configured fails alone, saying why; the others run on theirs', async () => {
  const p = await plan({ command: 'code', task: 'add c', engine: { mode: 'mixed', overrides: {} } });
  expect(p.workers.map((w) => [w.id, w.engine])).toEqual([
    ['coder-1', 'codex'],
    ['tester-1', 'codex'],
    ['reviewer-1', 'claude'],
  ]);
  const outcome = await run(p, { 'coder-1': { write: { 'lib/d.js': 'export const d = 4;\n' } } });
  const r = byId(outcome.results);
  expect([r['coder-1'].status, r['tester-1'].status, r['reviewer-1'].status]).toEqual(['succeeded', 'succeeded', 'failed']);
  expect(r['coder-1'].engine).toBe('codex');
  expect(r['reviewer-1']).toMatchObject({
    engine: 'claude',
    error: expect.stringMatching(/reviewer-1 runs on claude, which this run has not configured/) as unknown,
  });
  const file = await readResultsFile(outcome.resultsFile);
  expect(file.results.map((x) => x.engine)).toEqual(['codex', 'codex', 'claude']);
  expect(file.plan.workers.map((w) => w.engine)).toEqual(['codex', 'codex', 'claude']);
});

/**
 * runCodeTask with the codex stand-in (fakeCodex.mjs): the planner phase, the plan's validation and
 * fallback, coders in dependency order, the tester and reviewer after the merge, out-of-scope
 * files, planning only and an approved plan, joined into one outcome and results.json.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { createSwarmMemory } from '../../src/memory/swarmMemory.js';
import { MemoryStore, PATTERNS } from '../../src/memory/store.js';
import { listRepositoryFiles } from '../../src/plan/files.js';
import { readSavedPlan, savedPlan } from '../../src/plan/savedPlan.js';
import type { Subtask, SwarmRequest } from '../../src/plan/types.js';
import { readResultsFile } from '../../src/swarm/results.js';
import { runCodeTask, type RunCodeTaskOptions } from '../../src/swarm/runCodeTask.js';
import { SwarmState } from '../../src/swarm/state.js';
import type { Decomposition } from '../../src/swarm/types.js';
import type { WorkerResult } from '../../src/workers/types.js';
import { makeRepo, tempDir, worktrees } from '../workers/gitRepo.js';

const FAKE = path.resolve('__tests__/fixtures/fakeCodex.mjs');
type FakeSettings = Record<string, { mode?: string; sleepMs?: number; write?: Record<string, string>; answer?: unknown }>;

let repo: string;
let tmp: string;
beforeEach(async () => {
  repo = await makeRepo({ 'src/a.js': 'export const a = 1;\n', 'src/b.js': 'export const b = 2;\n', 'lib/c.js': 'export const c = 3;\n' });
  tmp = await tempDir('codetask');
});
afterEach(async () => {
  await fs.rm(repo, { recursive: true, force: true });
  await fs.rm(tmp, { recursive: true, force: true });
});

const st = (id: string, files: string[], dependsOn: string[] = []): Subtask => ({
  id,
  title: `Part ${id}`,
  instructions: `Change ${files.join(', ')}.`,
  files,
  dependsOn,
});
const planAnswer = (subtasks: Subtask[]) => ({
  status: 'complete',
  summary: `${subtasks.length} parts`,
  subtasks,
  pattern: { approach: 'one part per module', context: 'module-wide changes' },
});
const runDir = () => path.join(tmp, 'run');

async function run(fake: FakeSettings, extra: Partial<RunCodeTaskOptions> = {}, request: Partial<SwarmRequest> = {}) {
  const settings = path.join(tmp, 'fake-plan.json');
  await fs.writeFile(settings, JSON.stringify(fake));
  return runCodeTask({
    request: { command: 'code', task: 'Bump every constant.', paths: [], maxParallel: 4, ...request },
    files: await listRepositoryFiles(repo),
    fileSource: 'repository',
    runId: 'run-1',
    repoDir: repo,
    runDir: runDir(),
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
const span = (r: WorkerResult) => ({ start: r.startOffsetMs!, end: r.startOffsetMs! + r.durationMs });

test('three subtasks: coders in dependency order, a dependent starts from its dependency, tester and reviewer over the merged change', async () => {
  // Listed with the dependent first: it becomes coder-2, after the subtask it needs.
  const subtasks = [st('lib', ['lib/c.js'], ['a']), st('a', ['src/a.js']), st('b', ['src/b.js'])];
  const decompositions: Decomposition[] = [];
  const state = new SwarmState();
  const outcome = await run(
    {
      'planner-1': { answer: planAnswer(subtasks) },
      'coder-1': { sleepMs: 300, write: { 'src/a.js': 'export const a = 10;\n' } },
      // It writes coder-1's file as coder-1 left it: no change, since it starts from coder-1's result.
      'coder-2': { write: { 'lib/c.js': 'export const c = 30;\n', 'src/a.js': 'export const a = 10;\n' } },
      'coder-3': { sleepMs: 300, write: { 'src/b.js': 'export const b = 20;\n' } },
      'tester-1': { write: { 'test/all.test.js': '// tests\n' } },
    },
    { state, onDecomposition: (d) => decompositions.push(structuredClone(d)) },
  );

  expect(outcome.plan.workers.map((w) => [w.id, w.role, w.dependsOn])).toEqual([
    ['planner-1', 'planner', []],
    ['coder-1', 'coder', []],
    ['coder-2', 'coder', ['coder-1']],
    ['coder-3', 'coder', []],
    ['tester-1', 'tester', ['coder-1', 'coder-2', 'coder-3']],
    ['reviewer-1', 'reviewer', ['coder-1', 'coder-2', 'coder-3']],
  ]);
  expect(outcome.results.every((r) => r.status === 'succeeded')).toBe(true);
  const r = byId(outcome.results);
  expect(r['coder-2'].filesChanged).toEqual(['lib/c.js']);
  expect(r['tester-1'].filesChanged).toEqual(['test/all.test.js']);
  // Timeline: planner, then coders 1 and 3 side by side, coder 2 after coder 1, then tester and reviewer after every coder.
  expect(span(r['planner-1']).end).toBeLessThanOrEqual(span(r['coder-1']).start);
  expect(Math.max(span(r['coder-1']).start, span(r['coder-3']).start)).toBeLessThan(Math.min(span(r['coder-1']).end, span(r['coder-3']).end));
  expect(span(r['coder-2']).start).toBeGreaterThanOrEqual(span(r['coder-1']).end);
  const codersEnd = Math.max(...['coder-1', 'coder-2', 'coder-3'].map((id) => span(r[id]).end));
  expect(span(r['tester-1']).start).toBeGreaterThanOrEqual(codersEnd);
  expect(span(r['reviewer-1']).start).toBeGreaterThanOrEqual(codersEnd);
  // The tester started from the coders' patches merged into one.
  const upstream = await fs.readFile(path.join(runDir(), 'workers/tester-1/upstream.patch'), 'utf8');
  for (const f of ['src/a.js', 'src/b.js', 'lib/c.js']) expect(upstream).toContain(`+++ b/${f}`);

  expect(outcome.merge.merged.map((m) => m.workerId)).toEqual(['coder-1', 'coder-2', 'coder-3', 'tester-1']);
  expect(outcome.merge.conflicts).toEqual([]);
  const combined = await fs.readFile(path.join(runDir(), 'combined.patch'), 'utf8');
  for (const line of ['+export const a = 10;', '+export const b = 20;', '+export const c = 30;', '+// tests']) expect(combined).toContain(line);

  const d = outcome.decomposition!;
  expect(d).toMatchObject({ source: 'planner', summary: '3 parts', fallback: null, outOfScope: [], planOnly: false });
  expect(d.subtasks.map((s) => [s.subtask.id, s.workerId])).toEqual([
    ['a', 'coder-1'],
    ['lib', 'coder-2'],
    ['b', 'coder-3'],
  ]);
  expect(decompositions).toHaveLength(1);
  expect(d.planSha256).toMatch(/^[0-9a-f]{64}$/);

  // Coder 2 was told its part and the others' titles and files, not their instructions.
  const prompt3 = await fs.readFile(path.join(runDir(), 'workers/coder-2/prompt.md'), 'utf8');
  expect(prompt3).toContain('Change lib/c.js.');
  expect(prompt3).toContain('"title": "Part a"');
  expect(prompt3).not.toContain('Change src/a.js.');
  expect(prompt3).toContain('Bump every constant.');

  // One results.json and a plan.json that --plan can run again.
  const results = await readResultsFile(path.join(runDir(), 'results.json'));
  expect(results.results.map((x) => x.id)).toEqual(['planner-1', 'coder-1', 'coder-2', 'coder-3', 'tester-1', 'reviewer-1']);
  expect(results.decomposition?.subtasks).toHaveLength(3);
  const saved = readSavedPlan(await fs.readFile(path.join(runDir(), 'plan.json'), 'utf8'), { source: 'plan.json' });
  expect(saved.subtasks.map((s) => s.id)).toEqual(['lib', 'a', 'b']);
  // The live state kept the planner through the coders' phase.
  expect(state.snapshot().map((w) => w.id)).toEqual(outcome.plan.workers.map((w) => w.id));
  expect(await worktrees(repo)).toBe(1);
  expect(existsSync(path.join(tmp, 'scratch'))).toBe(false);
}, 60_000);

test('an overlapping plan falls back to one coder with the whole task, saying why in one line', async () => {
  const outcome = await run({ 'planner-1': { answer: planAnswer([st('1', ['src/a.js', 'src/b.js']), st('2', ['lib/c.js', 'src/a.js'])]) } });
  expect(outcome.plan.workers.map((w) => w.id)).toEqual(['planner-1', 'coder-1', 'tester-1', 'reviewer-1']);
  expect(outcome.decomposition).toMatchObject({
    fallback: "planner's plan rejected: src/a.js is in subtasks 1 and 2 — ran one coder",
    subtasks: [],
    planSha256: null,
  });
  // Outside a pull request the one coder gets the repository to explore, not a list of every file in it.
  expect(outcome.plan.workers[1]).toMatchObject({ files: [], wholeRepository: true });
  expect(existsSync(path.join(runDir(), 'plan.json'))).toBe(false);
}, 60_000);

test('a planner that fails, or answers no plan, falls back to one coder', async () => {
  const failed = await run({ 'planner-1': { mode: 'fail' } });
  expect(failed.decomposition?.fallback).toMatch(/^the planner failed: codex exited with code 1: .+ — ran one coder$/);
  expect(failed.results.map((r) => r.id)).toEqual(['planner-1', 'coder-1', 'tester-1', 'reviewer-1']);

  const empty = await run({ 'planner-1': { answer: planAnswer([]) } });
  expect(empty.decomposition?.fallback).toBe("planner's plan rejected: it has no subtasks — ran one coder");
  const tooMany = await run({ 'planner-1': { answer: planAnswer([st('1', ['a']), st('2', ['b']), st('3', ['c'])]) } }, {}, { workers: 2 });
  expect(tooMany.decomposition?.fallback).toBe("planner's plan rejected: it has 3 subtasks, more than the 2 allowed — ran one coder");
}, 90_000);

test('a coder that changes files outside its subtask is reported; its patch still merges', async () => {
  const outcome = await run({
    'planner-1': { answer: planAnswer([st('1', ['src/a.js']), st('2', ['src/b.js'])]) },
    'coder-1': { write: { 'src/a.js': 'export const a = 10;\n', 'lib/c.js': 'export const c = 30;\n' } },
    'coder-2': { write: { 'src/b.js': 'export const b = 20;\n' } },
  });
  expect(outcome.decomposition?.outOfScope).toEqual([{ workerId: 'coder-1', files: ['lib/c.js'] }]);
  expect(outcome.merge.merged.map((m) => m.workerId)).toEqual(['coder-1', 'coder-2']);
  expect(await fs.readFile(path.join(runDir(), 'combined.patch'), 'utf8')).toContain('+export const c = 30;');
}, 60_000);

test("one subtask is today's single coder", async () => {
  const outcome = await run({ 'planner-1': { answer: planAnswer([st('only', ['src/a.js'])]) } });
  expect(outcome.plan.workers.map((w) => w.id)).toEqual(['planner-1', 'coder-1', 'tester-1', 'reviewer-1']);
  expect(outcome.decomposition).toMatchObject({ fallback: null, subtasks: [{ workerId: 'coder-1' }] });
}, 60_000);

test('planning only runs the planner and writes plan.json; an approved plan runs without one', async () => {
  const subtasks = [st('1', ['src/a.js']), st('2', ['src/b.js'])];
  const planned = await run({ 'planner-1': { answer: planAnswer(subtasks) } }, { planOnly: true });
  expect(planned.results.map((r) => r.id)).toEqual(['planner-1']);
  expect(planned.decomposition).toMatchObject({ planOnly: true, fallback: null, subtasks: [{ workerId: 'coder-1' }, { workerId: 'coder-2' }] });
  expect(planned.merge.combinedPatchPath).toBeNull();
  const saved = readSavedPlan(await fs.readFile(path.join(runDir(), 'plan.json'), 'utf8'), { source: 'plan.json' });
  expect(saved).toEqual(savedPlan('Bump every constant.', '2 parts', subtasks));

  await fs.rm(runDir(), { recursive: true });
  const approved = await run({ 'coder-1': { write: { 'src/a.js': 'x\n' } }, 'coder-2': { write: { 'src/b.js': 'y\n' } } }, { approved: saved }, { task: '' });
  expect(approved.results.map((r) => r.id)).toEqual(['coder-1', 'coder-2', 'tester-1', 'reviewer-1']);
  expect(approved.plan.task).toBe('Bump every constant.');
  expect(approved.decomposition).toMatchObject({ source: 'approved', fallback: null });
  expect(approved.merge.merged.map((m) => m.workerId)).toEqual(['coder-1', 'coder-2']);
}, 60_000);

test('the planner searches patterns first and stores its decomposition as pattern-planner-<task slug>, which the next similar task gets', async () => {
  const store = new MemoryStore();
  const memory = createSwarmMemory({ store, threshold: 0.7, limit: 5, runId: 'run-1' });
  const answer = planAnswer([st('1', ['src/a.js']), st('2', ['src/b.js'])]);
  await run({ 'planner-1': { answer } }, { memory, planOnly: true });
  expect(store.get(PATTERNS, 'pattern-planner-bump-every-constant')?.value).toMatchObject({ approach: 'one part per module', context: 'module-wide changes' });
  const prompt = await fs.readFile(path.join(runDir(), 'workers/planner-1/prompt.md'), 'utf8');
  expect(prompt).toContain('"key":"pattern-planner-bump-every-constant"');

  await fs.rm(runDir(), { recursive: true });
  await run({ 'planner-1': { answer } }, { memory, planOnly: true }, { task: 'Bump every constant again.' });
  const next = await fs.readFile(path.join(runDir(), 'workers/planner-1/prompt.md'), 'utf8');
  expect(next).toContain('## Patterns from earlier workers');
  expect(next).toContain('one part per module');
}, 60_000);

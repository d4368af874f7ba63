/**
 * The orchestrator end to end with the real Codex CLI against the scripted Responses server: the
 * planner answers three subtasks on three files, three coders run at the same time (their model
 * requests overlap) and each writes its file, the combined patch holds all three, and the tester
 * and reviewer start after the merge. An overlapping plan falls back to one coder with the note.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listRepositoryFiles } from '../../src/plan/files.js';
import { readResultsFile } from '../../src/swarm/results.js';
import { runCodeTask } from '../../src/swarm/runCodeTask.js';
import type { Subtask } from '../../src/plan/types.js';
import { startScriptedModel, type RecordedRequest, type ScriptedModel, type ScriptStep } from '../fixtures/scriptedModel.js';
import { makeRepo, status, tempDir, worktrees } from '../workers/gitRepo.js';

const CODEX = path.resolve('node_modules/.bin/codex');
/** Model time per response: long enough that three coders' requests are in flight together. */
const MODEL_MS = 1500;
const FILES = ['src/alpha.js', 'src/beta.js', 'lib/gamma.js'];

let model: ScriptedModel;
let repo: string;
let tmp: string;

const subtask = (n: number, files: string[]): Subtask => ({
  id: `s${n}`,
  title: `Part ${n}`,
  instructions: `Set the value in ${files.join(' and ')} to ${n}0.`,
  files,
  dependsOn: [],
});
const plannerSays = (subtasks: Subtask[]) => ({
  match: '# codex-swarm worker planner-1',
  steps: [
    {
      message: {
        status: 'complete',
        summary: `${subtasks.length} independent parts`,
        subtasks,
        pattern: { approach: 'one coder per file', context: 'independent constants' },
      },
    },
  ],
});
const write = (file: string, value: number): ScriptStep => ({ shell: `printf 'export const value = ${value};\\n' > ${file} && cat ${file}` });
const coderSays = (n: number, steps: ScriptStep[]) => ({ match: `# codex-swarm worker coder-${n}`, steps: [...steps, {}] });

beforeAll(async () => {
  model = await startScriptedModel({ delayMs: MODEL_MS });
});
afterAll(async () => {
  await model.close();
});
beforeEach(async () => {
  repo = await makeRepo(Object.fromEntries(FILES.map((f) => [f, 'export const value = 0;\n'])));
  tmp = await tempDir('codetask-e2e');
  model.requests.length = 0;
});
afterEach(async () => {
  await fs.rm(repo, { recursive: true, force: true });
  await fs.rm(tmp, { recursive: true, force: true });
});

async function run(task: string) {
  const runDir = path.join(tmp, 'run');
  const outcome = await runCodeTask({
    request: { command: 'code', task, paths: [], maxParallel: 4 },
    files: await listRepositoryFiles(repo),
    fileSource: 'repository',
    runId: 'e2e-orchestrator',
    repoDir: repo,
    runDir,
    scratchDir: path.join(tmp, 'scratch'),
    codexPath: CODEX,
    codexArgs: [],
    model: { baseUrl: model.url, tuning: { requestMaxRetries: 0, streamMaxRetries: 0 } },
    workerTimeoutMs: 120_000,
    maxParallel: 4,
    applyPatches: false,
  });
  return { outcome, runDir };
}

const of = (id: string) => model.requests.filter((r) => r.prompt.includes(`# codex-swarm worker ${id}\n`));
const first = (rs: RecordedRequest[]) => Math.min(...rs.map((r) => r.receivedAt));
const last = (rs: RecordedRequest[]) => Math.max(...rs.map((r) => r.answeredAt!));
/** For the closing note: the coders' phase, first coder start to last coder end. */
function codersWall(results: { role: string; startOffsetMs: number | null; durationMs: number }[]): number {
  const coders = results.filter((r) => r.role === 'coder');
  return Math.max(...coders.map((r) => r.startOffsetMs! + r.durationMs)) - Math.min(...coders.map((r) => r.startOffsetMs!));
}

test('three subtasks on three files: three coders at once, one combined patch, tester and reviewer after the merge', async () => {
  model.setScripts([plannerSays(FILES.map((f, i) => subtask(i + 1, [f]))), ...FILES.map((f, i) => coderSays(i + 1, [write(f, (i + 1) * 10)]))]);
  const { outcome, runDir } = await run('Set each value to its part number times ten.');

  expect(outcome.results.map((r) => [r.id, r.status])).toEqual([
    ['planner-1', 'succeeded'],
    ['coder-1', 'succeeded'],
    ['coder-2', 'succeeded'],
    ['coder-3', 'succeeded'],
    ['tester-1', 'succeeded'],
    ['reviewer-1', 'succeeded'],
  ]);
  expect(outcome.results.slice(1, 4).map((r) => r.filesChanged)).toEqual(FILES.map((f) => [f]));

  // The planner got its own schema; the coders theirs.
  expect(JSON.stringify(of('planner-1')[0].schema)).toContain('"subtasks"');
  expect(JSON.stringify(of('coder-1')[0].schema)).toContain('"findings"');
  // All three coders had a model request open at the same moment.
  const coders = [1, 2, 3].map((n) => of(`coder-${n}`));
  expect(Math.max(...coders.map(first))).toBeLessThan(Math.min(...coders.map(last)));
  // The planner was done before any coder asked the model anything.
  expect(last(of('planner-1'))).toBeLessThanOrEqual(Math.min(...coders.map(first)));
  // Tester and reviewer began after every coder's last answer, from the merged change.
  for (const id of ['tester-1', 'reviewer-1']) expect(first(of(id))).toBeGreaterThan(Math.max(...coders.map(last)));
  const upstream = await fs.readFile(path.join(runDir, 'workers/tester-1/upstream.patch'), 'utf8');
  for (const f of FILES) expect(upstream).toContain(`+++ b/${f}`);
  expect(of('tester-1')[0].prompt).toContain('The change of coder-1, coder-2, coder-3 is already applied in your workspace');

  const combined = await fs.readFile(path.join(runDir, 'combined.patch'), 'utf8');
  for (const v of [10, 20, 30]) expect(combined).toContain(`+export const value = ${v};`);
  expect(outcome.merge.conflicts).toEqual([]);
  expect(outcome.decomposition).toMatchObject({ fallback: null, outOfScope: [] });
  expect(outcome.decomposition?.subtasks.map((s) => [s.workerId, s.subtask.files, s.patch])).toEqual(
    FILES.map((f, i) => [`coder-${i + 1}`, [f], { files: 1, added: 1, removed: 1 }]),
  );
  expect((await readResultsFile(path.join(runDir, 'results.json'))).results).toHaveLength(6);
  expect(await status(repo)).toBe('');
  expect(await worktrees(repo)).toBe(1);
  process.stdout.write(
    `orchestrator e2e: 3 coders in parallel: coders ${codersWall(outcome.results)} ms, whole run ${outcome.durationMs} ms (planner ${outcome.results[0].durationMs} ms)\n`,
  );
}, 240_000);

test('one coder doing the three files in turn, for comparison; an overlapping plan falls back to it with the note', async () => {
  model.setScripts([
    plannerSays([subtask(1, [FILES[0], FILES[1]]), subtask(2, [FILES[1], FILES[2]])]),
    coderSays(
      1,
      FILES.map((f, i) => write(f, (i + 1) * 10)),
    ),
  ]);
  const { outcome, runDir } = await run('Set each value to its part number times ten.');
  expect(outcome.decomposition?.fallback).toBe(`planner's plan rejected: ${FILES[1]} is in subtasks 1 and 2 — ran one coder`);
  expect(outcome.results.map((r) => r.id)).toEqual(['planner-1', 'coder-1', 'tester-1', 'reviewer-1']);
  expect(outcome.results[1].filesChanged.sort()).toEqual([...FILES].sort());
  expect(of('coder-1')[0].prompt).toContain('## Files in scope');
  const combined = await fs.readFile(path.join(runDir, 'combined.patch'), 'utf8');
  for (const v of [10, 20, 30]) expect(combined).toContain(`+export const value = ${v};`);
  process.stdout.write(
    `orchestrator e2e: 1 coder doing all three: coders ${codersWall(outcome.results)} ms, whole run ${outcome.durationMs} ms (planner ${outcome.results[0].durationMs} ms)\n`,
  );
}, 240_000);

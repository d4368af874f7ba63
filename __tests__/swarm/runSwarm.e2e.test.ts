/**
 * runSwarm end to end with the real Codex CLI against the scripted Responses server: two
 * documenters in parallel, each in its own worktree, rewrite the same file differently. The first
 * patch merges into the checkout; the second is a reported conflict whose patch is kept.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { buildPlan } from '../../src/plan/buildPlan.js';
import { listRepositoryFiles } from '../../src/plan/files.js';
import { readResultsFile } from '../../src/swarm/results.js';
import { runSwarm } from '../../src/swarm/runSwarm.js';
import { startScriptedModel, type ScriptedModel, type ScriptStep } from '../fixtures/scriptedModel.js';
import { makeRepo, status, tempDir, worktrees } from '../workers/gitRepo.js';

const CODEX = path.resolve('node_modules/.bin/codex');

let model: ScriptedModel;
let repo: string;
let tmp: string;

beforeAll(async () => {
  model = await startScriptedModel({
    scripts: [1, 2].map((n) => ({
      match: `DOC-WRITER-${n}`,
      steps: [{ shell: `printf '# sample\\n\\nVersion ${n} of the introduction.\\n' > README.md && cat README.md` }, {}] as ScriptStep[],
    })),
  });
});
afterAll(async () => {
  await model.close();
});
beforeEach(async () => {
  repo = await makeRepo({ 'README.md': '# sample\n', 'src/a.js': 'export const a = 1;\n', 'lib/b.js': 'export const b = 2;\n' });
  tmp = await tempDir('swarm-e2e');
});
afterEach(async () => {
  await fs.rm(repo, { recursive: true, force: true });
  await fs.rm(tmp, { recursive: true, force: true });
});

test('two documenters whose patches conflict: the first merges, the second is reported with its file and its patch kept', async () => {
  const files = await listRepositoryFiles(repo);
  const plan = buildPlan({
    request: { command: 'docs', task: 'Rewrite the introduction.', paths: [], workers: 2, maxParallel: 2 },
    files,
    fileSource: 'repository',
  });
  expect(plan.workers.map((w) => w.id)).toEqual(['documenter-1', 'documenter-2']);
  plan.workers.forEach((w, i) => (w.prompt += `\n\nYou are DOC-WRITER-${i + 1}.`));
  const runDir = path.join(tmp, 'run');

  const outcome = await runSwarm({
    plan,
    runId: 'e2e-conflict',
    repoDir: repo,
    runDir,
    scratchDir: path.join(tmp, 'scratch'),
    codexPath: CODEX,
    codexArgs: [],
    model: { baseUrl: model.url, tuning: { requestMaxRetries: 0, streamMaxRetries: 0 } },
    workerTimeoutMs: 60_000,
    maxParallel: 2,
    applyPatches: true,
  });

  expect(outcome.results.map((r) => [r.id, r.status])).toEqual([
    ['documenter-1', 'succeeded'],
    ['documenter-2', 'succeeded'],
  ]);
  // They ran side by side, each in a worktree of its own.
  const spans = outcome.results.map((r) => ({ start: Date.parse(r.startedAt!), end: Date.parse(r.startedAt!) + r.durationMs }));
  expect(Math.max(...spans.map((s) => s.start))).toBeLessThan(Math.min(...spans.map((s) => s.end)));
  expect(outcome.results.map((r) => r.filesChanged)).toEqual([['README.md'], ['README.md']]);

  expect(outcome.merge.merged).toEqual([{ workerId: 'documenter-1', files: ['README.md'] }]);
  expect(outcome.merge.conflicts).toHaveLength(1);
  expect(outcome.merge.conflicts[0]).toMatchObject({ workerId: 'documenter-2', files: ['README.md'], patchPath: 'workers/documenter-2/patch.diff' });
  expect(await fs.readFile(path.join(runDir, 'workers/documenter-2/patch.diff'), 'utf8')).toContain('+Version 2 of the introduction.');

  // The checkout has exactly the merged change, no conflict markers; no worktree is left.
  expect(await fs.readFile(path.join(repo, 'README.md'), 'utf8')).toBe('# sample\n\nVersion 1 of the introduction.\n');
  expect(await status(repo)).toBe(' M README.md');
  expect(await worktrees(repo)).toBe(1);
  expect(existsSync(path.join(tmp, 'scratch'))).toBe(false);

  const results = await readResultsFile(path.join(runDir, 'results.json'));
  expect(results.merge.conflicts.map((c) => c.workerId)).toEqual(['documenter-2']);
}, 120_000);

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mergeRetried, readEarlierRun, retryPlan, writePlanFile } from '../../src/swarm/retry.js';
import { readResultsFile, writeResultsFile } from '../../src/swarm/results.js';
import type { SwarmOutcome } from '../../src/swarm/types.js';
import { planFor, workerResult } from '../publish/sampleOutcome.js';
import { tempDir } from '../workers/gitRepo.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('retry');
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const outcomeIn = (runDir: string, results: ReturnType<typeof workerResult>[], plan = planFor(results)): SwarmOutcome => ({
  runId: 'r',
  plan,
  startedAt: '2025-01-01T00:00:00.000Z',
  durationMs: 1000,
  results,
  merge: { applied: false, merged: [], conflicts: [], combinedPatchPath: null },
  cancelled: false,
  resultsFile: path.join(runDir, 'results.json'),
});

test('only the workers that did not succeed are planned again, with their full specs; their merged results are marked retried', async () => {
  const earlierDir = path.join(dir, 'earlier');
  const results = [
    workerResult({ id: 'reviewer-1', role: 'reviewer' }),
    workerResult({ id: 'reviewer-2', role: 'reviewer', status: 'failed', error: 'model error' }),
    workerResult({ id: 'tester-1', role: 'tester', status: 'timed_out' }),
  ];
  const plan = planFor(results);
  plan.workers[2].dependsOn = ['reviewer-1', 'reviewer-2'];
  const earlier = outcomeIn(earlierDir, results, plan);
  await writeResultsFile(earlier);
  await writePlanFile(earlierDir, plan);
  await fs.mkdir(path.join(earlierDir, 'workers/reviewer-1'), { recursive: true });
  await fs.writeFile(path.join(earlierDir, 'workers/reviewer-1/final.json'), '{}');

  const run = await readEarlierRun(earlierDir);
  const again = retryPlan(run)!;
  expect(again.workers.map((w) => w.id)).toEqual(['reviewer-2', 'tester-1']);
  expect(again.workers[0].prompt).toBe('Do the reviewer work.');
  expect(again.workers[1].dependsOn).toEqual(['reviewer-2']);

  const newDir = path.join(dir, 'new');
  const retried = outcomeIn(
    newDir,
    [workerResult({ id: 'reviewer-2', role: 'reviewer' }), workerResult({ id: 'tester-1', role: 'tester', status: 'failed' })],
    again,
  );
  const merged = await mergeRetried(run, retried, newDir);
  expect(merged.results.map((r) => [r.id, r.status, r.retried ?? false])).toEqual([
    ['reviewer-1', 'succeeded', false],
    ['reviewer-2', 'succeeded', true],
    ['tester-1', 'failed', true],
  ]);
  expect(merged.plan.workers).toHaveLength(3);
  expect(merged.durationMs).toBe(2000);
  expect(await fs.readFile(path.join(newDir, 'workers/reviewer-1/final.json'), 'utf8')).toBe('{}');
  await writeResultsFile(merged);
  expect((await readResultsFile(merged.resultsFile)).results[1].retried).toBe(true);
});

test('nothing to retry when every worker succeeded; an artifact without plan.json is an error that says so', async () => {
  const results = [workerResult({ id: 'reviewer-1', role: 'reviewer' })];
  await writeResultsFile(outcomeIn(dir, results));
  await expect(readEarlierRun(dir)).rejects.toThrow(/has no plan.json/);
  await writePlanFile(dir, planFor(results));
  expect(retryPlan(await readEarlierRun(dir))).toBeNull();
});

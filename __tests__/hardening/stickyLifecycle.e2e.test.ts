/**
 * The sticky comment's lifecycle under trouble, through the bundled action as the runner runs
 * it: two runs racing on one PR end with one comment, and a run that breaks after its comment
 * exists still finishes it (failed, the error, the run link) and swaps 👀 for 😕.
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { CODEX_VERSION } from '../../src/version.js';
import { ACTION_ENTRY, runBundledAction, type ActionRun } from '../action/actionHarness.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { makeRepo, tempDir } from '../workers/gitRepo.js';

jest.setTimeout(240_000);

const KEY = `sk-sticky-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const BOT = 'github-actions[bot]';

let gh: GitHubServer;
let results: ResultsService;
let model: ScriptedModel;
let workspace: string;
let scratch: string;
const runs: ActionRun[] = [];
let nextComment = 500;

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  [gh, results, model] = await Promise.all([
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { alice: 'write' },
      pulls: [{ number: 9, title: 'Tidy up', body: 'tidy', headRef: 'tidy', files: [{ path: 'src/a.js', additions: 1 }] }],
    }),
    startResultsService(),
    startScriptedModel({
      requireApiKey: KEY,
      // Slow enough that both racing runs' comments exist before either finishes.
      delayMs: 1500,
      scripts: [
        {
          match: /# codex-swarm worker reviewer-/,
          steps: () => ({ message: { status: 'complete', summary: 'looked', findings: [], pattern: { approach: 'read it', context: 'tidy-ups' } } }),
        },
      ],
    }),
  ]);
  workspace = await makeRepo({ 'src/a.js': 'export const a = 1;\n' });
  scratch = await tempDir('sticky-lifecycle');
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  await fs.rm(workspace, { recursive: true, force: true });
  await fs.rm(scratch, { recursive: true, force: true });
  for (const r of runs) await fs.rm(r.harnessDir, { recursive: true, force: true });
});

function commentEvent(body: string) {
  const id = ++nextComment;
  const at = new Date().toISOString();
  gh.state.comments.push({ id, issueNumber: 9, body, user: { login: 'alice', type: 'User' }, createdAt: at, updatedAt: at });
  return {
    action: 'created',
    issue: { number: 9, pull_request: { url: 'https://api.github.com/repos/octo-org/hello-world/pulls/9' } },
    comment: { id, body, user: { login: 'alice', type: 'User' } },
    repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
    sender: { login: 'alice', type: 'User' },
  };
}

async function act(payload: unknown, runId: string, extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ActionRun> {
  const run = await runBundledAction({
    eventName: 'issue_comment',
    github: gh,
    payload,
    workspace,
    runId,
    inputs: { 'openai-api-key': KEY, 'github-token': GH_TOKEN, 'responses-api-endpoint': model.url, memory: 'off', ...extra.inputs },
    env: { GITHUB_API_URL: gh.url, ...results.env, ...extra.env },
  });
  runs.push(run);
  return run;
}

const stickies = () => gh.commentsOn(9).filter((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER));
const reactionsOn = (id: number) => gh.state.reactions.filter((r) => r.commentId === id).map((r) => r.content);

test('two runs started together end with exactly one sticky comment, holding the report of the run that finished last', async () => {
  const [first, second] = await Promise.all([act(commentEvent('/swarm review'), '3001'), act(commentEvent('/swarm review'), '3002')]);
  expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
  const created = gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/9/comments'));
  const deleted = gh.requests.filter((r) => r.method === 'DELETE' && /\/issues\/comments\/\d+$/.test(r.path));
  const [only, ...others] = stickies();
  expect(others).toHaveLength(0);
  expect(only.body).toContain('succeeded');
  // Whichever run edited last put its own final report there: that run's id is in it.
  const lastEdit = [...gh.requests].reverse().find((r) => r.method === 'PATCH' && r.path.endsWith(`/issues/comments/${only.id}`))!;
  expect(lastEdit).toBeDefined();
  expect(created.length - deleted.length).toBe(1);
  expect(only.body).toMatch(/run `300[12]-1`/);
  for (const run of [first, second]) expect(run.outputs['comment-id']).toBe(String(only.id));
});

describe('a run that breaks after its comment exists still finishes it', () => {
  beforeEach(() => {
    // Each case starts on a PR without a sticky comment.
    gh.state.comments = gh.state.comments.filter((c) => !(c.user.login === BOT && c.body.includes(STICKY_MARKER)));
  });

  const expectFinishedAsFailed = (run: ActionRun, event: { comment: { id: number } }, errorPattern: RegExp) => {
    expect(run.exitCode).toBe(1);
    const [sticky, ...others] = stickies();
    expect(others).toHaveLength(0);
    expect(sticky.body).toContain('failed');
    expect(sticky.body).not.toContain('running —');
    expect(sticky.body).toMatch(errorPattern);
    expect(sticky.body).toContain('https://github.com/octo-org/hello-world/actions/runs/');
    expect(reactionsOn(event.comment.id)).toEqual(['confused']);
    // `::add-mask::` lines are how the key reaches the runner's masking; the runner never prints them.
    expect((run.stdout + run.stderr).replace(/^::add-mask::.*$/gm, '')).not.toContain(KEY);
  };

  test('Codex cannot be installed', async () => {
    const event = commentEvent('/swarm review');
    // No codex on PATH, and npm's registry is a closed port: the install fails at once.
    const bare = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
    const run = await act(event, '3101', { env: { PATH: bare, npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' } });
    // Without codex on PATH the action installs the version codex-swarm is tested with.
    const pinned = CODEX_VERSION.replace(/\./g, '\\.');
    expectFinishedAsFailed(run, event, new RegExp(`Installing @\\S*openai\\/codex@\\S*${pinned} with npm failed`));
  });

  test('the model proxy cannot bind', async () => {
    const event = commentEvent('/swarm review');
    // As on a runner without loopback networking: every listen() in the action fails.
    const preload = path.join(scratch, 'no-listen.mjs');
    await fs.writeFile(
      preload,
      "import net from 'node:net';\nnet.Server.prototype.listen = function () { process.nextTick(() => this.emit('error', Object.assign(new Error('listen EADDRNOTAVAIL: address not available 127.0.0.1'), { code: 'EADDRNOTAVAIL' }))); return this; };\n",
    );
    const run = await act(event, '3102', { env: { NODE_OPTIONS: `--import=${preload}` } });
    expectFinishedAsFailed(run, event, /EADDRNOTAVAIL/);
  });

  test('the swarm crashes', async () => {
    const event = commentEvent('/swarm review');
    // RUNNER_TEMP is a file, so the swarm cannot make its run folder.
    const notADir = path.join(scratch, 'runner-temp-is-a-file');
    await fs.writeFile(notADir, '');
    const run = await act(event, '3103', { env: { RUNNER_TEMP: notADir } });
    expectFinishedAsFailed(run, event, /ENOTDIR|not a directory/i);
  });
});

/**
 * Thread commands end to end as the runner runs them (`node dist/index.js`, the real Codex CLI, the
 * scripted model, the GitHub fixture): a review leaves two inline findings, then replies in their
 * threads (`pull_request_review_comment`) and PR comments naming their short ids. `/swarm fix` runs
 * one coder and answers with a suggestion that, committed as GitHub commits it, gives the file the
 * coder's change (or, when the change reaches beyond the comment's lines, the patch, which applies
 * at the head); `/swarm explain` runs one read-only worker; `/swarm dismiss` is a reaction; a
 * read-only user or a bot gets no model call; a fork's event calls nothing. Nothing else is
 * written. Build first (`npm run build`).
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { startGitHubServer, type GitHubServer, type RecordedGitHubRequest, type ReviewCommentRecord } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, workerIdOf, type ScriptContext, type ScriptStep, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { head, makeRepo, sh, tempDir } from '../workers/gitRepo.js';
import { ACTION_ENTRY, runBundledAction, type ActionRun } from './actionHarness.js';
import { pushToPull } from './pullRequestPush.js';

jest.setTimeout(300_000);

const KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const BOT = 'github-actions[bot]';
const DB = 'export async function find(db, id) {\n  const q = `SELECT * FROM t WHERE id = ${id}`;\n  return db.query(q);\n}\n';
const ANSWER = 'The id comes from the router, which only passes integers, so this is not reachable from a request.';

const review = (): ScriptStep => ({
  message: {
    status: 'complete',
    summary: 'reviewed',
    findings: [
      { severity: 'high', file: 'src/db.js', line: 2, title: 'SQL built from request input', detail: 'id is interpolated' },
      { severity: 'medium', file: 'src/db.js', line: 3, title: 'Missing await on query', detail: 'returns a promise' },
    ],
    pattern: { approach: 'a', context: 'c' },
  },
});
/** The coder: the finding's line only, or (asked to) a line above it too. */
function coder(ctx: ScriptContext): ScriptStep {
  const beyond = ctx.prompt.includes('also note it at the top');
  const edit = `sed -i ${beyond ? "-e '1i // queries are awaited' " : ''}-e '3s/.*/  return await db.query(q);/' src/db.js`;
  if (ctx.step === 0) return { shell: edit };
  return { message: { status: 'complete', summary: 'Awaited the query.', findings: [], pattern: { approach: 'a', context: 'c' } } };
}

let gh: GitHubServer;
let results: ResultsService;
let model: ScriptedModel;
let workspace: string;
let runnerTemp: string;
const runs: ActionRun[] = [];
let doubtful: ReviewCommentRecord;
let missingAwait: ReviewCommentRecord;

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  workspace = await makeRepo({ 'README.md': '# hello\n' });
  const baseSha = (await head(workspace)).trim();
  results = await startResultsService();
  [gh, model] = await Promise.all([
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { alice: 'write', rita: 'read' },
      pulls: [
        { number: 7, baseSha },
        { number: 9, headRepo: 'mallory/hello-world' },
      ],
    }),
    startScriptedModel({
      scripts: [
        { match: /^# codex-swarm worker coder-/m, steps: coder },
        {
          match: /answering in the review thread of one finding/,
          steps: () => ({ message: { status: 'complete', summary: ANSWER, findings: [], pattern: { approach: 'a', context: 'c' } } }),
        },
        { match: /^# codex-swarm worker reviewer-/m, steps: review },
      ],
      requireApiKey: KEY,
    }),
  ]);
  runnerTemp = await tempDir('thread-runner');
  await pushToPull({ gh, workspace, baseSha, pr: 7 }, { 'src/db.js': DB });
  const first = await act('pull_request', { action: 'opened', number: 7, pull_request: { number: 7, draft: false }, sender: { login: 'alice', type: 'User' } });
  expect(first.exitCode).toBe(0);
  const inline = gh.state.reviewComments.filter((c) => !c.inReplyToId);
  doubtful = inline.find((c) => c.body.includes('SQL built'))!;
  missingAwait = inline.find((c) => c.body.includes('Missing await'))!;
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  const dirs = [workspace, runnerTemp, ...runs.map((r) => r.harnessDir)].filter(Boolean);
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

let runIds = 4000;
async function act(eventName: string, payload: unknown, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runBundledAction({
    eventName,
    payload,
    workspace,
    runId: String(++runIds),
    runnerTemp,
    // The examples' permissions: pr-review.yml for the pull_request run, swarm-bot.yml for comments and thread replies.
    github: gh,
    inputs: { 'openai-api-key': KEY, 'github-token': GH_TOKEN, 'responses-api-endpoint': model.url, 'fail-on': 'never', memory: 'off', ...inputs },
    env: { GITHUB_API_URL: gh.url, ...results.env },
  });
  runs.push(run);
  return run;
}

/** A run and everything it did: the requests (writes apart), the workers the model heard from, the review comments it added. */
async function observe(eventName: string, payload: unknown, inputs: Record<string, string> = {}) {
  const before = { requests: gh.requests.length, prompts: model.requests.length, comments: gh.state.comments.length, review: gh.state.reviewComments.length };
  const sticky = stickyBody();
  const run = await act(eventName, payload, inputs);
  const requests = gh.requests.slice(before.requests);
  return {
    run,
    writes: requests.filter((r) => r.method !== 'GET').map(route),
    workers: [...new Set(model.requests.slice(before.prompts).map((r) => workerIdOf(r.prompt)))],
    added: gh.state.reviewComments.slice(before.review),
    issueComments: gh.state.comments.slice(before.comments),
    stickyUnchanged: stickyBody() === sticky,
    requests,
  };
}

const route = (r: RecordedGitHubRequest) =>
  `${r.method} ${r.path
    .replace(/\?.*$/, '')
    .replace(/\/repos\/[^/]+\/[^/]+/, '')
    .replace(/\/\d+/g, '/:id')}`;
const stickyBody = () => gh.commentsOn(7).find((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER))?.body;
const shortIdOf = (c: ReviewCommentRecord) => /codex-swarm:finding ([0-9a-f]{8})/.exec(c.body)![1];

function issueCommentEvent(body: string, login = 'alice') {
  const id = 900 + gh.state.comments.length;
  const at = new Date().toISOString();
  gh.state.comments.push({ id, issueNumber: 7, body, user: { login, type: 'User' }, createdAt: at, updatedAt: at });
  return {
    action: 'created',
    issue: { number: 7, pull_request: { url: 'u' } },
    comment: { id, body, user: { login, type: 'User' } },
    sender: { login, type: 'User' },
  };
}

/** The file after GitHub commits a suggestion: the comment's lines (start_line to line) replaced by the block's. */
function commitSuggestion(file: string, comment: ReviewCommentRecord, reply: string): string {
  const block = /^(`{3,})suggestion\n([\s\S]*?)^\1$/m.exec(reply)![2];
  const lines = file.split('\n');
  const first = comment.startLine ?? comment.line;
  lines.splice(first - 1, comment.line - first + 1, ...block.replace(/\n$/, '').split('\n'));
  return lines.join('\n');
}

/** The file at the head with a patch applied, in a scratch worktree. */
async function withPatch(patch: string): Promise<string> {
  const dir = path.join(await tempDir('patched'), 'wt');
  await sh(workspace, 'git', ['worktree', 'add', '-q', '--detach', dir, 'HEAD']);
  try {
    await fs.writeFile(path.join(dir, 'fix.patch'), patch);
    await sh(dir, 'git', ['apply', 'fix.patch']);
    return await fs.readFile(path.join(dir, 'src/db.js'), 'utf8');
  } finally {
    await sh(workspace, 'git', ['worktree', 'remove', '--force', dir]);
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  }
}

test("/swarm fix in a finding's thread: one coder, one reply whose suggestion, committed as GitHub commits it, gives the file the coder's change; nothing else written", async () => {
  const reply = gh.replyInThread(missingAwait.id, '/swarm fix', 'alice');
  const seen = await observe('pull_request_review_comment', gh.reviewCommentEvent(reply.id));
  expect(seen.run.stderr).toBe('');
  expect(seen.run.exitCode).toBe(0);
  expect(seen.workers).toEqual(['coder-1']);
  expect(seen.added).toHaveLength(1);
  const answer = seen.added[0];
  expect(answer).toMatchObject({ inReplyToId: missingAwait.id, user: { login: BOT } });
  expect(answer.body).toContain(`🛠️ **codex-swarm fix** for \`${shortIdOf(missingAwait)}\` by \`coder-1\``);
  const patch = await fs.readFile(seen.run.outputs['patch-file'], 'utf8');
  expect(commitSuggestion(DB, missingAwait, answer.body)).toBe(await withPatch(patch));
  expect(commitSuggestion(DB, missingAwait, answer.body)).toContain('  return await db.query(q);');
  // The reply, and 👀 swapped for 🚀 on the command: nothing else.
  expect(seen.writes.sort()).toEqual([
    'DELETE /pulls/comments/:id/reactions/:id',
    'POST /pulls/:id/comments/:id/replies',
    'POST /pulls/comments/:id/reactions',
    'POST /pulls/comments/:id/reactions',
  ]);
  expect(seen.issueComments).toEqual([]);
  expect(seen.stickyUnchanged).toBe(true);
  expect(seen.run.outputs.conclusion).toBe('success');
});

test("/swarm fix <id> on the PR, a change beyond the comment's lines: the answer in the finding's thread is the patch, which applies at the head", async () => {
  const seen = await observe('issue_comment', issueCommentEvent(`/swarm fix ${shortIdOf(missingAwait)} also note it at the top`));
  expect(seen.run.exitCode).toBe(0);
  expect(seen.workers).toEqual(['coder-1']);
  expect(seen.added).toHaveLength(1);
  const body = seen.added[0].body;
  expect(seen.added[0].inReplyToId).toBe(missingAwait.id);
  expect(body).not.toContain('```suggestion');
  expect(body).toContain('reaches beyond the lines this comment covers');
  const diff = /<details><summary>patch: 1 file, \+2 −1<\/summary>\n\n(`{3,})diff\n([\s\S]*?)\n\1/.exec(body)![2];
  const patched = await withPatch(`${diff}\n`);
  expect(patched.split('\n').slice(0, 4)).toEqual([
    '// queries are awaited',
    'export async function find(db, id) {',
    '  const q = `SELECT * FROM t WHERE id = ${id}`;',
    '  return await db.query(q);',
  ]);
  expect(seen.writes.filter((w) => !w.includes('/reactions')).sort()).toEqual(['POST /pulls/:id/comments/:id/replies']);
  expect(seen.stickyUnchanged).toBe(true);
});

test('/swarm explain: one read-only worker, one reply in the thread', async () => {
  const reply = gh.replyInThread(doubtful.id, '/swarm explain', 'alice');
  const seen = await observe('pull_request_review_comment', gh.reviewCommentEvent(reply.id));
  expect(seen.run.exitCode).toBe(0);
  expect(seen.workers).toEqual(['reviewer-1']);
  // The finding and the thread so far, fenced as data, in the one prompt.
  const prompt = model.requests.at(-1)!.prompt;
  expect(prompt).toMatch(/"title": "SQL built from request input"/);
  expect(prompt).toMatch(/"text": "\/swarm explain"/);
  expect(seen.added).toHaveLength(1);
  expect(seen.added[0]).toMatchObject({ inReplyToId: doubtful.id });
  expect(seen.added[0].body).toContain(`💬 **codex-swarm** on \`${shortIdOf(doubtful)}\` (\`reviewer-1\`):`);
  expect(seen.added[0].body).toContain('The id comes from the router, which only passes integers');
  expect(seen.writes.filter((w) => !w.includes('/reactions'))).toEqual(['POST /pulls/:id/comments/:id/replies']);
});

test('/swarm dismiss in a thread: a 👍 on the command, no model call, nothing else', async () => {
  const reply = gh.replyInThread(doubtful.id, '/swarm dismiss ids are integers', 'alice');
  const seen = await observe('pull_request_review_comment', gh.reviewCommentEvent(reply.id));
  expect(seen.run.exitCode).toBe(0);
  expect(seen.workers).toEqual([]);
  expect(seen.writes).toEqual(['POST /pulls/comments/:id/reactions']);
  expect(gh.state.reviewCommentReactions.filter((r) => r.commentId === reply.id).map((r) => r.content)).toEqual(['+1']);
});

test('a thread command by a read-only user: no model call, one polite reply in the thread; by a bot: nothing at all', async () => {
  const byRita = gh.replyInThread(doubtful.id, '/swarm fix', 'rita');
  const rita = await observe('pull_request_review_comment', gh.reviewCommentEvent(byRita.id));
  expect(rita.workers).toEqual([]);
  expect(rita.writes).toEqual(['POST /pulls/:id/comments/:id/replies']);
  expect(rita.added[0]).toMatchObject({ inReplyToId: doubtful.id });
  expect(rita.added[0].body).toContain('@rita codex-swarm did not run: `rita` has read access');

  const byBot = gh.replyInThread(doubtful.id, '/swarm fix', 'renovate[bot]');
  const bot = await observe('pull_request_review_comment', gh.reviewCommentEvent(byBot.id));
  expect(bot.workers).toEqual([]);
  expect(bot.writes).toEqual([]);
  expect(bot.run.outputs.conclusion).toBe('skipped');
});

test("a fork's review-comment event: no model call, no request at all, one notice", async () => {
  const payload = {
    action: 'created',
    comment: { id: 4242, body: '/swarm fix', user: { login: 'alice', type: 'User' }, in_reply_to_id: 4241 },
    pull_request: { number: 9, head: { repo: { full_name: 'mallory/hello-world' } } },
    repository: { full_name: 'octo-org/hello-world' },
    sender: { login: 'alice', type: 'User' },
  };
  const seen = await observe('pull_request_review_comment', payload);
  expect(seen.run.exitCode).toBe(0);
  expect(seen.requests).toEqual([]);
  expect(seen.workers).toEqual([]);
  const notices = seen.run.stdout.split('\n').filter((l) => l.startsWith('::notice'));
  expect(notices).toHaveLength(1);
  expect(notices[0]).toContain('comment `/swarm fix <short id>` on the pull request instead');
});

test('in a matrix workflow a thread command runs nowhere: the plan job says so once and starts no work job; a work job does nothing', async () => {
  const plan = await observe('issue_comment', issueCommentEvent(`/swarm explain ${shortIdOf(doubtful)}`), { mode: 'plan' });
  expect(plan.workers).toEqual([]);
  expect(plan.run.outputs).toMatchObject({ conclusion: 'skipped', jobs: '0', matrix: '{"shard":[]}' });
  expect(plan.issueComments.map((c) => c.body)).toEqual([expect.stringContaining('runs in a one-job workflow (mode: all), not in mode: plan')]);
  expect(plan.writes).toEqual(['POST /issues/:id/comments']);
  const work = await observe('issue_comment', issueCommentEvent(`/swarm explain ${shortIdOf(doubtful)}`), { mode: 'work', shard: '1' });
  expect(work.workers).toEqual([]);
  expect(work.writes).toEqual([]);
});

test("/swarm fix <id> with apply: commit, a change beyond the comment's lines: committed to the PR's branch as /swarm code commits, and the reply says so", async () => {
  const origin = await tempDir('thread-origin');
  try {
    await sh(origin, 'git', ['init', '-q', '--bare']);
    const branch = gh.state.pulls.find((p) => p.number === 7)!.head.ref;
    await sh(workspace, 'git', ['remote', 'add', 'origin', origin]);
    await sh(workspace, 'git', ['push', '-q', 'origin', `HEAD:refs/heads/${branch}`]);
    const seen = await observe('issue_comment', issueCommentEvent(`/swarm fix ${shortIdOf(missingAwait)} also note it at the top`), { apply: 'commit' });
    expect(seen.run.exitCode).toBe(0);
    expect(seen.workers).toEqual(['coder-1']);
    expect(seen.added).toHaveLength(1);
    expect(seen.added[0].inReplyToId).toBe(missingAwait.id);
    expect(seen.added[0].body).toMatch(new RegExp(`\\*\\*Changes:\\*\\* apply: pushed [0-9a-f]{7} to \`${branch}\``));
    const pushed = await sh(origin, 'git', ['show', `${branch}:src/db.js`]);
    expect(pushed.split('\n').slice(0, 4)).toEqual([
      '// queries are awaited',
      'export async function find(db, id) {',
      '  const q = `SELECT * FROM t WHERE id = ${id}`;',
      '  return await db.query(q);',
    ]);
    expect(seen.stickyUnchanged).toBe(true);
  } finally {
    await fs.rm(origin, { recursive: true, force: true });
  }
});

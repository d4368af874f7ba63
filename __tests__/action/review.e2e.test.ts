/**
 * Reviews at the line, end to end as the runner runs them: `node dist/index.js`, the real Codex
 * CLI against the scripted model, the local GitHub REST API (reviews, review comments, replies and
 * the artifact routes) and the local results service. One pull request goes through a first
 * review, a new push with one finding fixed, a run with a failing worker and `/swarm retry`, a
 * force-push, and retries that have nothing to do. Build first (`npm run build`).
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import { readStickyState } from '../../src/publish/comment/stickyState.js';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { restArtifacts } from '../fixtures/artifactServer.js';
import { startGitHubServer, type GitHubServer, type RecordedGitHubRequest } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, type Script, type ScriptContext, type ScriptStep, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { head, makeRepo, sh, tempDir } from '../workers/gitRepo.js';
import { ACTION_ENTRY, runBundledAction, type ActionRun } from './actionHarness.js';
import { pushToPull } from './pullRequestPush.js';

jest.setTimeout(300_000);

const KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const BOT = 'github-actions[bot]';

const BASE = {
  'src/orders.js': "export function find(db, c) {\n  return db.query('SELECT * FROM orders WHERE c = ?', [c]);\n}\n",
  'src/render.js': 'export function render(t) {\n  return t;\n}\n',
  'src/util.js': 'export const id = () => Math.random();\n',
  'README.md': '# hello\n',
};
const PR_HEAD = {
  'src/orders.js': "export function find(db, c) {\n  return db.query('SELECT * FROM orders WHERE c = ' + c);\n}\n",
  'src/render.js': 'export function render(t) {\n  return eval(t);\n}\n',
};

/** What the model says; the test changes it between runs. */
const script = { renderFixed: false, failing: new Set<string>() };

function reviewer(ctx: ScriptContext): ScriptStep {
  const id = /# codex-swarm worker (\S+)/.exec(ctx.prompt)![1];
  if (script.failing.has(id)) return { fail: 'the model is overloaded' };
  const has = (f: string) => ctx.prompt.includes(f);
  const findings = [
    has('src/orders.js')
      ? { severity: 'high', file: 'src/orders.js', line: 2, title: 'SQL injection in find', detail: 'c is concatenated into the query' }
      : null,
    has('src/render.js') && !script.renderFixed
      ? { severity: 'critical', file: 'src/render.js', line: 2, title: 'eval of a template', detail: 'runs any code a template holds' }
      : null,
    // Two workers may both say this: one finding naming both.
    { severity: 'low', file: 'src/util.js', line: 1, title: 'Math.random is not unique', detail: 'ids may collide' },
    { severity: 'medium', file: 'src/missing.js', line: 3, title: 'a file that is not there', detail: 'the model imagined it' },
  ].filter(Boolean);
  return { message: { status: 'complete', summary: `${id} reviewed`, findings, pattern: { approach: 'trace input', context: 'js' } } };
}
const FIX = `printf '%s\\n' "export function find(db, c) {" "  return db.query('SELECT * FROM orders WHERE c = ?', [c]);" "}" > src/orders.js`;
const SCRIPTS: Script[] = [
  { match: /# codex-swarm worker reviewer-/, steps: reviewer },
  { match: /# codex-swarm worker coder-/, steps: [{ shell: FIX }, {}] },
  { match: /# codex-swarm worker tester-/, steps: [{}] },
];

let gh: GitHubServer;
let results: ResultsService;
let model: ScriptedModel;
let workspace: string;
let runnerTemp: string;
let baseSha: string;
const expired = new Set<number>();
const runs: ActionRun[] = [];
let commentIds = 500;
const calls: Record<string, { total: number; byRoute: Record<string, number> }> = {};

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  workspace = await makeRepo(BASE);
  baseSha = (await head(workspace)).trim();
  results = await startResultsService();
  [gh, model] = await Promise.all([
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { alice: 'write' },
      pulls: [{ number: 7, title: 'Order lookup', headRef: 'feature', baseSha }],
      artifacts: restArtifacts(results.artifacts, (name) => /^codex-swarm-(\d+)-\d+$/.exec(name)?.[1] ?? null, expired),
    }),
    startScriptedModel({ scripts: SCRIPTS, requireApiKey: KEY }),
  ]);
  await push(PR_HEAD, 'order lookup');
  runnerTemp = await tempDir('runner-temp');
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  await fs.rm(workspace, { recursive: true, force: true });
  await fs.rm(runnerTemp, { recursive: true, force: true });
  for (const r of runs) await fs.rm(r.harnessDir, { recursive: true, force: true });
  // The figures for the closing note.
  console.log(`API calls per run:\n${JSON.stringify(calls, null, 2)}`);
});

/** A commit on the checkout, and the PR as GitHub then shows it: head SHA and each file's real patch. */
const push = (files: Record<string, string>, message: string): Promise<string> => pushToPull({ gh, workspace, baseSha, pr: 7 }, files, message);

async function act(label: string, eventName: string, payload: unknown, runId: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const before = gh.requests.length;
  const run = await runBundledAction({
    eventName,
    github: gh,
    payload,
    workspace,
    runId,
    runnerTemp,
    inputs: { 'openai-api-key': KEY, 'github-token': GH_TOKEN, 'responses-api-endpoint': model.url, 'max-parallel': '2', memory: 'off', ...inputs },
    env: { GITHUB_API_URL: gh.url, ...results.env },
  });
  runs.push(run);
  const mine = gh.requests.slice(before);
  calls[label] = { total: mine.length, byRoute: countRoutes(mine) };
  return run;
}

function countRoutes(requests: RecordedGitHubRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const route = `${r.method} ${r.path
      .replace(/\?.*$/, '')
      .replace(/\/repos\/[^/]+\/[^/]+/, '')
      .replace(/\/\d+/g, '/:id')}`;
    out[route] = (out[route] ?? 0) + 1;
  }
  return out;
}

const prEvent = (action: string) => ({
  action,
  number: 7,
  pull_request: { number: 7, draft: false },
  repository: { full_name: 'octo-org/hello-world' },
  sender: { login: 'alice', type: 'User' },
});

function commentEvent(body: string) {
  const id = ++commentIds;
  const at = new Date().toISOString();
  gh.state.comments.push({ id, issueNumber: 7, body, user: { login: 'alice', type: 'User' }, createdAt: at, updatedAt: at });
  return {
    action: 'created',
    issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/octo-org/hello-world/pulls/7' } },
    comment: { id, body, user: { login: 'alice', type: 'User' } },
    repository: { full_name: 'octo-org/hello-world' },
    sender: { login: 'alice', type: 'User' },
  };
}

const sticky = () => gh.commentsOn(7).find((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER))!;
const replies = () => gh.commentsOn(7).filter((c) => c.user.login === BOT && !c.body.includes(STICKY_MARKER));
const inlineComments = () => gh.state.reviewComments.filter((c) => !c.inReplyToId);
const resolvedReplies = () => gh.state.reviewComments.filter((c) => c.inReplyToId);
const promptsSince = (n: number) => model.requests.slice(n).map((r) => /# codex-swarm worker (\S+)/.exec(r.prompt)?.[1]);

let head1: string;
let head2: string;

test('a first review: one review with the 2 findings on changed lines; the others in the comment; every placed finding in the check run', async () => {
  head1 = gh.state.pulls[0].head.sha;
  const run = await act('1 first review (opened)', 'pull_request', prEvent('opened'), '2001', { workers: '2' });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);

  expect(gh.state.reviews).toHaveLength(1);
  expect(gh.state.reviews[0]).toMatchObject({ commitId: head1, event: 'COMMENT' });
  expect(inlineComments().map((c) => [c.path, c.line])).toEqual([
    ['src/orders.js', 2],
    ['src/render.js', 2],
  ]);
  const body = sticky().body;
  expect(body).toMatch(/2 findings inline in \[the review\]\(https:\/\/github.com\/octo-org\/hello-world\/pull\/7#pullrequestreview-\d+\)/);
  expect(body).toContain('1 finding not on the diff');
  expect(body).toMatch(
    /could not be placed:\n {2}- `src\/missing.js:3` — a file that is not there · `reviewer-1`, `reviewer-2` \(the file is not in the checkout\)/,
  );
  const { state, note } = readStickyState(body);
  expect(note).toBeNull();
  expect(state).toMatchObject({ headSha: head1, runId: '2001', runAttempt: 1, artifactName: 'codex-swarm-2001-1' });
  expect(state.openFindings).toHaveLength(4);
  // pr-review.yml grants checks: write: the check run on the head carries the findings with a place, not the step's annotations.
  const check = gh.state.checkRuns.find((c) => c.externalId === '2001-1')!;
  expect(check).toMatchObject({ headSha: head1, conclusion: 'success' });
  expect(check.annotations.map((a) => [a.level, a.path, a.startLine, a.title])).toEqual([
    ['failure', 'src/render.js', 2, 'critical: eval of a template'],
    ['failure', 'src/orders.js', 2, 'high: SQL injection in find'],
    ['warning', 'src/util.js', 1, 'low: Math.random is not unique'],
  ]);
  expect(check.output.summary).toContain('1 finding(s) without a place in the checkout are in the report only');
  expect(run.stdout).not.toMatch(/^::(error|warning) title=(critical|high|medium|low)%3A/m);
  console.log(
    `RUN 1 REVIEW BODY:\n${gh.state.reviews[0].body}\n\nRUN 1 INLINE COMMENTS:\n${inlineComments()
      .map((c) => `[${c.path}:${c.line}]\n${c.body}`)
      .join('\n\n')}\n\nRUN 1 STICKY:\n${body}`,
  );
});

test('a new push with one finding fixed: incremental, no inline comment twice, one "resolved" reply', async () => {
  script.renderFixed = true;
  head2 = await push({ 'src/render.js': 'export function render(t) {\n  return String(t);\n}\n' }, 'no eval');
  const before = model.requests.length;
  const run = await act('2 new push (synchronize)', 'pull_request', prEvent('synchronize'), '2002', { workers: '2' });
  expect(run.exitCode).toBe(0);
  expect(promptsSince(before).length).toBeGreaterThan(0);

  expect(gh.state.reviews).toHaveLength(1);
  expect(inlineComments()).toHaveLength(2);
  expect(resolvedReplies()).toHaveLength(1);
  expect(resolvedReplies()[0].inReplyToId).toBe(inlineComments()[1].id);
  expect(resolvedReplies()[0].body).toContain(`Resolved in ${head2.slice(0, 7)}`);
  const body = sticky().body;
  expect(body).toContain(`incremental: 1 file changed since ${head1.slice(0, 7)}, 1 more with open findings`);
  expect(body).toContain('1 finding inline, all already commented on by an earlier run');
  expect(body).toContain(`1 finding resolved since \`${head1.slice(0, 7)}\``);
  expect(body).toContain('eval of a template');
  expect(readStickyState(body).state).toMatchObject({ headSha: head2, runId: '2002' });
  console.log(`RUN 2 RESOLVED REPLY:\n${resolvedReplies()[0].body}\n\nRUN 2 STICKY:\n${body}`);
});

test('/swarm retry after a run with one failed worker runs only that worker again, and shows the merged run', async () => {
  script.failing.add('reviewer-2');
  const failedRun = await act('3 /swarm review --full, reviewer-2 fails', 'issue_comment', commentEvent('/swarm review --full --workers 2'), '2003');
  expect(failedRun.outputs.conclusion).toBe('failure');
  expect(sticky().body).toContain('full review: asked for with --full');
  // The failed worker's files were not reviewed: nothing of theirs is taken for resolved.
  expect(resolvedReplies()).toHaveLength(1);

  script.failing.clear();
  const before = model.requests.length;
  const retried = await act('4 /swarm retry', 'issue_comment', commentEvent('/swarm retry'), '2004');
  // unzip-stream (inside @actions/artifact's download) still calls `new Buffer()`: Node's warning is its only stderr.
  expect(retried.stderr.replace(/.*DEP0005.*\n?|.*--trace-deprecation.*\n?/g, '')).toBe('');
  expect(retried.exitCode).toBe(0);
  expect(new Set(promptsSince(before))).toEqual(new Set(['reviewer-2']));
  expect(gh.requests.some((r) => r.path.includes('/actions/artifacts/') && r.path.endsWith('/zip') && r.status === 302)).toBe(true);
  const body = sticky().body;
  expect(body).toMatch(/`reviewer-1` \| reviewer \|[^\n]*✅ succeeded \|/);
  expect(body).toMatch(/`reviewer-2` \| reviewer \|[^\n]*✅ succeeded \(retried\) \|/);
  expect(body).not.toContain('**Problems**');
  expect(readStickyState(body).state).toMatchObject({ runId: '2004', artifactName: 'codex-swarm-2004-1' });
  const merged = JSON.parse(results.artifacts.readEntry('codex-swarm-2004-1', 'results.json').toString()) as { results: { id: string; retried?: boolean }[] };
  expect(merged.results.map((r) => [r.id, r.retried ?? false])).toEqual([
    ['reviewer-1', false],
    ['reviewer-2', true],
  ]);
});

test('a force-push is reviewed in full, and the comment says why', async () => {
  await sh(workspace, 'git', ['reset', '-q', '--hard', baseSha]);
  await push({ 'src/orders.js': PR_HEAD['src/orders.js'], 'src/render.js': 'export function render(t) {\n  return `${t}`;\n}\n' }, 'rewritten');
  const run = await act('5 force-push (synchronize)', 'pull_request', prEvent('synchronize'), '2005', { workers: '2' });
  expect(run.exitCode).toBe(0);
  const body = sticky().body;
  expect(body).toContain('full review: history was rewritten');
  expect(gh.state.reviews).toHaveLength(1);
});

test('retry with nothing to retry, or an expired artifact, is one reply each and runs nothing', async () => {
  const before = { model: model.requests.length, replies: replies().length };
  await act('6 /swarm retry, nothing to retry', 'issue_comment', commentEvent('/swarm retry'), '2006');
  expect(replies()).toHaveLength(before.replies + 1);
  expect(replies().at(-1)!.body).toContain('Nothing to retry: every worker of run 2005 succeeded.');

  expired.add(results.artifacts.artifact('codex-swarm-2005-1').id);
  await act('7 /swarm retry, artifact expired', 'issue_comment', commentEvent('/swarm retry'), '2007');
  expect(replies()).toHaveLength(before.replies + 2);
  expect(replies().at(-1)!.body).toMatch(/has expired\. Start a fresh `\/swarm review` instead\./);
  expect(model.requests.length).toBe(before.model);
});

test("with apply: none, a coder's hunk inside the diff is offered in the review as a suggestion", async () => {
  const reviews = gh.state.reviews.length;
  const run = await act('8 /swarm code (suggestion)', 'issue_comment', commentEvent('/swarm code use a query parameter in find'), '2008');
  expect(run.exitCode).toBe(0);
  expect(gh.state.reviews).toHaveLength(reviews + 1);
  const suggestion = gh.state.reviewComments.filter((c) => c.reviewId === gh.state.reviews.at(-1)!.id && c.body.includes('```suggestion'));
  expect(suggestion).toHaveLength(1);
  expect(suggestion[0]).toMatchObject({ path: 'src/orders.js', startLine: 1, line: 3 });
  expect(suggestion[0].body).toContain("```suggestion\nexport function find(db, c) {\n  return db.query('SELECT * FROM orders WHERE c = ?', [c]);\n}\n```");
  expect(sticky().body).toContain('with 1 suggestion');
  // The checkout is left as found: the change is only offered.
  expect(await sh(workspace, 'git', ['status', '--porcelain'])).toBe('');
});

test('a garbled state block is a fresh start with a note, never a crash', async () => {
  const comment = sticky();
  comment.body = comment.body.replace(/<!-- codex-swarm:state [^ ]+ -->/, '<!-- codex-swarm:state bm90IGpzb24= -->');
  const run = await act('9 synchronize with a garbled state block', 'pull_request', prEvent('synchronize'), '2009', { workers: '1' });
  expect(run.exitCode).toBe(0);
  const body = sticky().body;
  expect(body).toContain("the previous run's state block was garbled; starting fresh");
  expect(body).toContain('full review: no earlier review on record');
  expect(readStickyState(body)).toMatchObject({ note: null, state: { runId: '2009' } });
});

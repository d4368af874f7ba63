/** Maintainers' feedback on the swarm's inline findings, read through the real Octokit from the GitHub fixture. */
import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { findingKey, fingerprintFinding } from '../../src/publish/review/fingerprint.js';
import { findingCommentBody, postReview } from '../../src/publish/review/inlineComments.js';
import type { ReviewFinding } from '../../src/publish/review/placeFindings.js';
import { readFindingFeedback, type FeedbackTarget } from '../../src/trigger/findingFeedback.js';
import { loadFindingThread } from '../../src/trigger/findingThread.js';
import { createWriterCheck } from '../../src/trigger/permissions.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const PATCH = '@@ -1,2 +1,5 @@\n one\n+const q = `SELECT ${id}`;\n+run(q);\n+eval(input);\n two';
const HEAD = 'c'.repeat(40);
const BOT = 'github-actions[bot]';
let gh: GitHubServer;
let octokit: GitHubClient;
let commands: CapturedCommands;

const finding = (line: number, title: string, text: string, severity: ReviewFinding['severity'] = 'high'): ReviewFinding => ({
  severity,
  file: 'src/db.js',
  line,
  title,
  detail: 'why it matters',
  workers: ['reviewer-1'],
  fingerprint: fingerprintFinding('src/db.js', title, text),
  placement: 'inline',
});
const SQL = finding(2, 'SQL built from `input` (#12) @team', 'const q = `SELECT ${id}`;');
const EVAL = finding(4, 'eval of user input', 'eval(input);', 'critical');
const RUN = finding(3, 'unchecked result', 'run(q);', 'low');

const target = (over: Partial<FeedbackTarget> = {}): FeedbackTarget => ({
  octokit,
  owner: 'octo-org',
  repo: 'hello-world',
  pullNumber: 7,
  selfLogin: BOT,
  triggerPhrase: '/swarm',
  isWriter: createWriterCheck(octokit, { owner: 'octo-org', repo: 'hello-world' }),
  ...over,
});
const commentOf = (f: ReviewFinding) => gh.state.reviewComments.find((c) => !c.inReplyToId && c.body.includes(f.fingerprint))!;
const requestsTo = (re: RegExp) => gh.requests.filter((r) => re.test(r.path)).length;

beforeEach(async () => {
  commands = captureWorkflowCommands();
  gh = await startGitHubServer({
    permissions: { wendy: 'write', mia: 'maintain', rita: 'read' },
    pulls: [{ number: 7, headSha: HEAD, files: [{ path: 'src/db.js', patch: PATCH }] }],
  });
  octokit = createOctokit('t', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  const posted = await postReview(
    { octokit, owner: 'octo-org', repo: 'hello-world', pullNumber: 7, selfLogin: BOT },
    { commitId: HEAD, body: 'review', comments: [SQL, EVAL, RUN].map((f) => ({ path: f.file, line: f.line!, side: 'RIGHT', body: findingCommentBody(f) })) },
  );
  expect(posted).toHaveProperty('id');
});
afterEach(async () => {
  commands.restore();
  await gh.close();
});

test("a writer's 👎 dismisses and 👍 confirms; bots, read-only users and the bot itself are left out, silently", async () => {
  gh.reactToReviewComment(commentOf(SQL).id, '-1', 'wendy');
  gh.reactToReviewComment(commentOf(SQL).id, '-1', 'rita');
  gh.reactToReviewComment(commentOf(SQL).id, 'heart', 'mia');
  gh.reactToReviewComment(commentOf(EVAL).id, '+1', 'mia');
  gh.reactToReviewComment(commentOf(EVAL).id, '-1', 'dependabot[bot]');
  gh.reactToReviewComment(commentOf(EVAL).id, '-1', BOT);
  const before = gh.requests.length;
  const feedback = await readFindingFeedback(target());
  expect(feedback.verdicts).toEqual([
    {
      findingKey: findingKey('src/db.js', SQL.title),
      fingerprint: SQL.fingerprint,
      title: SQL.title,
      severity: 'high',
      path: 'src/db.js',
      line: 2,
      codeLine: 'const q = `SELECT ${id}`;',
      verdict: 'dismissed',
      reason: '',
      by: 'wendy',
      at: expect.any(String),
      pr: 7,
      commentId: commentOf(SQL).id,
      via: 'reaction',
    },
    expect.objectContaining({
      fingerprint: EVAL.fingerprint,
      title: 'eval of user input',
      severity: 'critical',
      verdict: 'confirmed',
      by: 'mia',
      codeLine: 'eval(input);',
    }),
  ]);
  expect(feedback.ignored).toBe(3);
  expect(feedback.warnings).toEqual([]);
  // The roll-up spared RUN's reactions; each person's access was asked once (rita's read access too).
  const made = gh.requests.slice(before).map((r) => r.path.replace(/\?.*/, ''));
  expect(made.filter((p) => p.endsWith('/reactions'))).toHaveLength(2);
  expect(made.filter((p) => p.includes('/collaborators/')).sort()).toEqual([
    '/repos/octo-org/hello-world/collaborators/mia/permission',
    '/repos/octo-org/hello-world/collaborators/rita/permission',
    '/repos/octo-org/hello-world/collaborators/wendy/permission',
  ]);
  expect(made).toHaveLength(2 + 2 + 3);
});

test('thread replies and PR comments with the short id give verdicts with reasons; the latest vote on a finding wins', async () => {
  gh.reactToReviewComment(commentOf(SQL).id, '+1', 'wendy');
  gh.state.reviewCommentReactions[0].createdAt = '2020-01-01T00:00:00Z';
  gh.replyInThread(commentOf(SQL).id, '/swarm dismiss   the id is an integer,\nchecked by the router', 'mia');
  gh.replyInThread(commentOf(RUN).id, '/swarm confirm', 'rita');
  gh.replyInThread(commentOf(RUN).id, '/swarm fix please', 'wendy');
  gh.replyInThread(commentOf(RUN).id, `/swarm dismiss ${EVAL.fingerprint.slice(0, 8)} pasted id of another finding`, 'wendy');
  gh.state.comments.push({
    id: 9001,
    issueNumber: 7,
    body: `/swarm dismiss ${EVAL.fingerprint.slice(0, 8)} sandboxed, see #3`,
    user: { login: 'wendy', type: 'User' },
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
  });
  gh.state.comments.push({
    id: 9002,
    issueNumber: 7,
    body: '/swarm dismiss 00000000 no such finding',
    user: { login: 'wendy', type: 'User' },
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
  });
  const { verdicts, ignored } = await readFindingFeedback(target());
  expect(verdicts.map((v) => [v.fingerprint, v.verdict, v.by, v.via, v.reason])).toEqual([
    [SQL.fingerprint, 'dismissed', 'mia', 'reply', 'the id is an integer, checked by the router'],
    [EVAL.fingerprint, 'dismissed', 'wendy', 'comment', 'sandboxed, see #3'],
  ]);
  expect(ignored).toBe(1);
});

test('a verdict names the full title the last run knew, and keeps the key when the comment shortened the title', async () => {
  const long = finding(2, `${'very '.repeat(50)}long title`, 'const q = `SELECT ${id}`;');
  await postReview(
    { octokit, owner: 'octo-org', repo: 'hello-world', pullNumber: 7, selfLogin: BOT },
    { commitId: HEAD, body: 'r', comments: [{ path: 'src/db.js', line: 2, side: 'RIGHT', body: findingCommentBody(long) }] },
  );
  gh.reactToReviewComment(commentOf(long).id, '-1', 'wendy');
  const [fromComment] = (await readFindingFeedback(target())).verdicts;
  expect(fromComment.findingKey).toBe(findingKey('src/db.js', long.title));
  expect(fromComment.title.length).toBeLessThanOrEqual(100);
  const known = [{ fingerprint: long.fingerprint, title: 'the title as the state block has it', severity: 'medium' }];
  expect((await readFindingFeedback(target({ known }))).verdicts[0]).toMatchObject({ title: 'the title as the state block has it', severity: 'medium' });
});

test('a permission that cannot be read leaves that person out this run, with a warning; the reactions of a comment that fails likewise', async () => {
  gh.reactToReviewComment(commentOf(SQL).id, '-1', 'wendy');
  gh.reactToReviewComment(commentOf(EVAL).id, '-1', 'mia');
  gh.failNext('GET', /collaborators\/wendy/, 500, 10);
  gh.failNext('GET', new RegExp(`comments/${commentOf(EVAL).id}/reactions`), 500, 10);
  const feedback = await readFindingFeedback(target());
  expect(feedback.verdicts).toEqual([]);
  expect(feedback.warnings).toEqual([
    expect.stringMatching(new RegExp(`could not read the reactions on review comment ${commentOf(EVAL).id}`)),
    expect.stringMatching(/the feedback of @wendy is left out this run: Could not read the permission/),
  ]);
});

test('createWriterCheck asks once per login (any case) and answers write, maintain and admin', async () => {
  const isWriter = createWriterCheck(octokit, { owner: 'octo-org', repo: 'hello-world' });
  expect(await Promise.all(['wendy', 'WENDY', 'mia', 'rita', 'nobody', 'wendy'].map(isWriter))).toEqual([true, true, true, false, false, true]);
  expect(requestsTo(/collaborators/)).toBe(4);
});

test('loadFindingThread finds the finding by its thread or short id, with the thread so far; not a thread of the swarm is null', async () => {
  const root = commentOf(SQL);
  gh.replyInThread(root.id, 'is this real?', 'wendy');
  gh.replyInThread(root.id, '/swarm explain', 'mia');
  const pull = { octokit, owner: 'octo-org', repo: 'hello-world', pullNumber: 7, selfLogin: BOT };
  const thread = await loadFindingThread({ ...pull, by: { rootId: root.id } });
  expect(thread).toMatchObject({
    finding: {
      commentId: root.id,
      fingerprint: SQL.fingerprint,
      path: 'src/db.js',
      line: 2,
      startLine: null,
      title: SQL.title,
      severity: 'high',
      codeLine: 'const q = `SELECT ${id}`;',
    },
    replies: [
      { login: 'wendy', body: 'is this real?' },
      { login: 'mia', body: '/swarm explain' },
    ],
  });
  expect(await loadFindingThread({ ...pull, by: { shortId: SQL.fingerprint.slice(0, 8).toUpperCase() } })).toMatchObject({ finding: { commentId: root.id } });
  // A person's own review thread that quotes the marker is not the swarm's.
  const theirs = gh.replyInThread(root.id, 'x', 'wendy');
  gh.state.reviewComments.push({ ...theirs, id: theirs.id + 1000, inReplyToId: null, body: `<!-- codex-swarm:finding ${'f'.repeat(16)} -->` });
  expect(await loadFindingThread({ ...pull, by: { rootId: theirs.id + 1000 } })).toBeNull();
  expect(await loadFindingThread({ ...pull, by: { shortId: 'ffffffff' } })).toBeNull();
});

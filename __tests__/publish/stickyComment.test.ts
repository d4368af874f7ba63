import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { findStickyComment, upsertStickyComment } from '../../src/publish/comment/stickyComment.js';
import { hasSelfMarker, SELF_MARKER, STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const PR = 7;
const target = () => ({ octokit, owner: 'octo-org', repo: 'hello-world', issueNumber: PR });
let gh: GitHubServer;
let octokit: GitHubClient;
let commands: CapturedCommands;

const botComments = () => gh.commentsOn(PR).filter((c) => c.user.login === 'github-actions[bot]');
const requestsTo = (method: string, path: RegExp) => gh.requests.filter((r) => r.method === method && path.test(r.path));

beforeEach(async () => {
  gh = await startGitHubServer({ pulls: [{ number: PR }, { number: 8 }] });
  octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  commands = captureWorkflowCommands();
});
afterEach(async () => {
  commands.restore();
  clearSecrets();
  await gh.close();
});

describe('upsertStickyComment', () => {
  it('creates the comment with both markers, then edits the same comment', async () => {
    const first = await upsertStickyComment({ ...target(), body: '### Plan\n- reviewer-1 queued' });
    expect(first).toEqual({ id: expect.any(Number), url: expect.stringMatching(new RegExp(`/pull/${PR}#issuecomment-${first.id}$`)), created: true });
    expect(botComments().map((c) => c.body)).toEqual([`${SELF_MARKER}\n${STICKY_MARKER}\n### Plan\n- reviewer-1 queued`]);

    const second = await upsertStickyComment({ ...target(), body: '### Done' });
    expect(second).toEqual({ id: first.id, url: first.url, created: false });
    expect(gh.commentsOn(PR)).toHaveLength(1);
    expect(gh.commentsOn(PR)[0].body).toBe(`${SELF_MARKER}\n${STICKY_MARKER}\n### Done`);
    expect(requestsTo('PATCH', new RegExp(`/issues/comments/${first.id}$`))).toHaveLength(1);
  });

  it('does not repeat a marker the body already has', async () => {
    await upsertStickyComment({ ...target(), body: `${SELF_MARKER}\n### Report` });
    expect(gh.commentsOn(PR)[0].body).toBe(`${STICKY_MARKER}\n${SELF_MARKER}\n### Report`);
  });

  it('finds the comment of an earlier run on page 3 of 250 comments and edits it', async () => {
    for (let i = 0; i < 249; i++) gh.state.comments.push(comment(1000 + i, `chatter ${i}`, i % 2 ? 'alice' : 'bob'));
    gh.state.comments.push(comment(5000, `${SELF_MARKER}\n${STICKY_MARKER}\nold report`, 'github-actions[bot]'));

    const result = await upsertStickyComment({ ...target(), body: 'new report' });
    expect(result).toMatchObject({ id: 5000, created: false });
    expect(gh.commentsOn(PR)).toHaveLength(250);
    expect(gh.commentsOn(PR).at(-1)!.body).toContain('new report');
    const pages = requestsTo('GET', new RegExp(`/issues/${PR}/comments`)).map((r) => new URL(r.path, gh.url).searchParams.get('page') ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('ignores the marker pasted into a comment by someone else', async () => {
    gh.state.comments.push(comment(900, `${SELF_MARKER}\n${STICKY_MARKER}\nI am the report now`, 'mallory'));
    const result = await upsertStickyComment({ ...target(), body: 'real report' });
    expect(result.created).toBe(true);
    expect(gh.commentsOn(PR).find((c) => c.id === 900)!.body).toBe(`${SELF_MARKER}\n${STICKY_MARKER}\nI am the report now`);
    expect(botComments()).toHaveLength(1);
  });

  it("ignores the bot's other comments, such as replies, and other PRs' comments", async () => {
    gh.state.comments.push(comment(901, `${SELF_MARKER}\nYou lack permission.`, 'github-actions[bot]'));
    gh.state.comments.push({ ...comment(902, `${SELF_MARKER}\n${STICKY_MARKER}\nPR 8 report`, 'github-actions[bot]'), issueNumber: 8 });
    expect(await findStickyComment(target())).toBeNull();
    expect((await upsertStickyComment({ ...target(), body: 'report' })).created).toBe(true);
    expect(gh.commentsOn(8)[0].body).toContain('PR 8 report');
  });

  it("uses the login given as the bot's own, case-insensitively", async () => {
    gh.state.tokenLogin = 'My-App[bot]';
    gh.state.comments.push(comment(903, `${STICKY_MARKER}\nold`, 'My-App[bot]'));
    gh.state.comments.push(comment(904, `${STICKY_MARKER}\nnot ours`, 'github-actions[bot]'));
    expect(await findStickyComment({ ...target(), selfLogin: 'my-app[bot]' })).toEqual({
      id: 903,
      url: expect.stringContaining('#issuecomment-903'),
      body: `${STICKY_MARKER}\nold`,
    });
    expect(await findStickyComment(target())).toMatchObject({ id: 904 });
  });

  it('takes the oldest when there are several', async () => {
    gh.state.comments.push(comment(910, `${STICKY_MARKER}\nfirst`, 'github-actions[bot]'));
    gh.state.comments.push(comment(911, `${STICKY_MARKER}\nsecond`, 'github-actions[bot]'));
    expect(await findStickyComment(target())).toMatchObject({ id: 910 });
  });

  it('redacts registered secrets before sending', async () => {
    registerSecret('sk-live-secret-1234');
    await upsertStickyComment({ ...target(), body: 'key sk-live-secret-1234 leaked' });
    expect(gh.commentsOn(PR)[0].body).toContain('key *** leaked');
    expect(JSON.stringify(gh.requests.map((r) => r.body))).not.toContain('sk-live-secret-1234');
  });

  it('refuses a body over 65,536 characters without sending it', async () => {
    await expect(upsertStickyComment({ ...target(), body: 'x'.repeat(70_000) })).rejects.toThrow(/more than the 65536 GitHub accepts/);
    expect(gh.requests).toHaveLength(0);
    // Counted in characters as GitHub does: 30,000 emoji are 60,000 UTF-16 units but fit.
    await expect(upsertStickyComment({ ...target(), body: '😀'.repeat(30_000) })).resolves.toMatchObject({ created: true });
  });

  it('throws API errors, after retrying 5xx', async () => {
    gh.failNext('GET', /\/comments/, 502, 10);
    await expect(upsertStickyComment({ ...target(), body: 'x' })).rejects.toMatchObject({ status: 502 });
    expect(gh.commentsOn(PR)).toHaveLength(0);
  });

  it('is recognised by the trigger as its own', async () => {
    await upsertStickyComment({ ...target(), body: '/swarm review' });
    expect(hasSelfMarker(gh.commentsOn(PR)[0].body)).toBe(true);
  });
});

function comment(id: number, body: string, login: string) {
  const t = '2024-01-01T00:00:00Z';
  return { id, issueNumber: PR, body, user: { login, type: login.endsWith('[bot]') ? ('Bot' as const) : ('User' as const) }, createdAt: t, updatedAt: t };
}

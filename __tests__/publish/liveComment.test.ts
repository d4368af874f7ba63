import { setTimeout as sleep } from 'node:timers/promises';
import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { createLiveComment } from '../../src/publish/comment/stickyComment.js';
import { SELF_MARKER, STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const PR = 7;
const COMMENT_PATH = /^\/repos\/octo-org\/hello-world\/issues\/comments\/\d+$/;
const CREATE_PATH = new RegExp(`^/repos/octo-org/hello-world/issues/${PR}/comments$`);
let gh: GitHubServer;
let octokit: GitHubClient;
let commands: CapturedCommands;
/** When each write request was sent, from Octokit's own hook. */
let writeTimes: number[];

const live = (minIntervalMs = 100) => createLiveComment({ octokit, owner: 'octo-org', repo: 'hello-world', issueNumber: PR, minIntervalMs });
const stripMarkers = (body: string) => body.replace(`${SELF_MARKER}\n${STICKY_MARKER}\n`, '');
const bodies = () => gh.commentsOn(PR).map((c) => stripMarkers(c.body));
const sent = (method: string, path: RegExp) => gh.requests.filter((r) => r.method === method && path.test(r.path.split('?')[0]));
const sentBodies = (method: string, path: RegExp) => sent(method, path).map((r) => stripMarkers((r.body as { body: string }).body));

beforeEach(async () => {
  gh = await startGitHubServer({ pulls: [{ number: PR }] });
  octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  writeTimes = [];
  octokit.hook.before('request', (options) => {
    if (options.method !== 'GET') writeTimes.push(Date.now());
  });
  commands = captureWorkflowCommands();
});
afterEach(async () => {
  commands.restore();
  await gh.close();
});

describe('createLiveComment', () => {
  it('creates the comment at once with the first body', async () => {
    const comment = live(10_000);
    comment.update('plan: 3 workers queued');
    await waitFor(() => gh.commentsOn(PR).length === 1);
    expect(bodies()).toEqual(['plan: 3 workers queued']);
    const ref = await comment.flush();
    expect(ref).toEqual({ id: gh.commentsOn(PR)[0].id, url: expect.stringContaining(`/pull/${PR}#issuecomment-`) });
  });

  it('coalesces a burst of updates into one edit, and the latest body wins', async () => {
    const comment = live(150);
    for (let i = 1; i <= 20; i++) comment.update(`progress ${i}`);
    await comment.flush();
    expect(sentBodies('POST', CREATE_PATH)).toEqual(['progress 1']);
    expect(sentBodies('PATCH', COMMENT_PATH)).toEqual(['progress 20']);
    expect(bodies()).toEqual(['progress 20']);
  });

  it('writes the final body without the spacing wait, and it wins over one queued before it', async () => {
    const comment = live(60_000);
    comment.update('running');
    await waitFor(() => gh.commentsOn(PR).length === 1);
    comment.update('still running');
    const ref = await comment.finish('the report');
    expect(ref?.id).toBe(gh.commentsOn(PR)[0].id);
    // A minute's spacing would have timed the test out: the final write did not wait for it.
    expect(bodies()).toEqual(['the report']);
    expect(sentBodies('PATCH', COMMENT_PATH)).toEqual(['the report']);
  });

  it('keeps writes at least minIntervalMs apart while updates keep coming', async () => {
    const comment = live(120);
    for (let i = 1; i <= 30; i++) {
      comment.update(`tick ${i}`);
      await sleep(15);
    }
    comment.update('final report');
    const ref = await comment.flush();
    const patches = sent('PATCH', COMMENT_PATH).length;
    // ~450 ms of updates at one write per 120 ms.
    expect(patches).toBeGreaterThanOrEqual(2);
    expect(patches).toBeLessThanOrEqual(6);
    for (let i = 1; i < writeTimes.length; i++) expect(writeTimes[i] - writeTimes[i - 1]).toBeGreaterThanOrEqual(115);
    expect(bodies()).toEqual(['final report']);
    expect(ref!.id).toBe(gh.commentsOn(PR)[0].id);
  });

  it('creates one comment however many updates arrive while it is being found and created', async () => {
    // 250 earlier comments: finding the sticky takes three pages, and the create itself is retried once.
    for (let i = 0; i < 250; i++) gh.state.comments.push(seedComment(3000 + i, `comment ${i}`, 'someone'));
    gh.failNext('POST', CREATE_PATH, 502);
    const comment = live(50);
    const flushes: Promise<unknown>[] = [];
    for (let i = 1; i <= 25; i++) {
      comment.update(`update ${i}`);
      if (i % 5 === 0) flushes.push(comment.flush());
      await sleep(i % 3 === 0 ? 5 : 0);
    }
    const refs = await Promise.all([...flushes, comment.flush()]);
    const mine = gh.commentsOn(PR).filter((c) => c.user.login === 'github-actions[bot]');
    expect(mine).toHaveLength(1);
    expect(stripMarkers(mine[0].body)).toBe('update 25');
    expect(sent('POST', CREATE_PATH).filter((r) => r.status === 201)).toHaveLength(1);
    // Every flush waited for the create, so each one knows the comment.
    for (const ref of refs) expect(ref).toEqual({ id: mine[0].id, url: expect.any(String) });
  });

  it('edits the sticky comment of an earlier run instead of creating one', async () => {
    gh.state.comments.push(seedComment(4000, `${SELF_MARKER}\n${STICKY_MARKER}\nlast run`, 'github-actions[bot]'));
    const comment = live(20);
    comment.update('this run');
    expect(await comment.flush()).toMatchObject({ id: 4000 });
    expect(sent('POST', CREATE_PATH)).toHaveLength(0);
    expect(bodies()).toEqual(['this run']);
  });

  it('retries a 502 on an edit and still writes the final body', async () => {
    const comment = live(20);
    comment.update('first');
    await comment.flush();
    gh.failNext('PATCH', COMMENT_PATH, 502);
    comment.update('final');
    await comment.flush();
    expect(sent('PATCH', COMMENT_PATH).map((r) => r.status)).toEqual([502, 200]);
    expect(bodies()).toEqual(['final']);
    expect(commands.warnings).toEqual([]);
  });

  it('turns API failures into warnings, never throws, and recovers on the next update without a second comment', async () => {
    gh.failNext('POST', CREATE_PATH, 500, 4);
    const comment = live(20);
    comment.update('first');
    await expect(comment.flush()).resolves.toBeNull();
    expect(commands.warnings).toEqual([expect.stringMatching(/could not write the comment on #7: /)]);
    expect(gh.commentsOn(PR)).toHaveLength(0);

    comment.update('second');
    const ref = await comment.flush();
    expect(ref).not.toBeNull();
    gh.failNext('PATCH', COMMENT_PATH, 403, 1, { body: { message: 'Resource not accessible by integration' } });
    comment.update('third');
    await expect(comment.flush()).resolves.toEqual(ref);
    expect(commands.warnings.at(-1)).toMatch(/could not update the comment on #7: Resource not accessible by integration/);
    comment.update('fourth');
    await comment.flush();
    expect(bodies()).toEqual(['fourth']);
  });

  it('warns once per outage, not once per update', async () => {
    gh.failNext('POST', CREATE_PATH, 500, 100);
    const comment = live(5);
    for (let i = 1; i <= 5; i++) {
      comment.update(`update ${i}`);
      await comment.flush();
    }
    expect(commands.warnings).toHaveLength(1);
    expect(sent('POST', CREATE_PATH).length).toBe(20);
  });

  it('refuses to send a body over 65,536 characters, with a warning, and keeps the last one', async () => {
    const comment = live(20);
    comment.update('small');
    await comment.flush();
    comment.update('x'.repeat(70_000));
    await comment.flush();
    expect(commands.warnings).toEqual([expect.stringMatching(/the PR comment was not updated: the body has 700\d\d characters, more than the 65536/)]);
    expect(sent('PATCH', COMMENT_PATH)).toHaveLength(0);
    expect(bodies()).toEqual(['small']);
  });

  it('writes a new comment when its comment was deleted meanwhile', async () => {
    const comment = live(20);
    comment.update('one');
    const first = await comment.flush();
    gh.state.comments.splice(0);
    comment.update('two');
    const second = await comment.flush();
    expect(second!.id).not.toBe(first!.id);
    expect(bodies()).toEqual(['two']);
  });

  it('skips an update that repeats what is written', async () => {
    const comment = live(20);
    comment.update('same');
    await comment.flush();
    comment.update('same');
    await comment.flush();
    expect(sent('PATCH', COMMENT_PATH)).toHaveLength(0);
  });

  it('flushes to null when nothing was ever written', async () => {
    await expect(live().flush()).resolves.toBeNull();
    expect(gh.requests).toHaveLength(0);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(5);
  }
}

function seedComment(id: number, body: string, login: string) {
  const t = '2024-01-01T00:00:00Z';
  return { id, issueNumber: PR, body, user: { login, type: login.endsWith('[bot]') ? ('Bot' as const) : ('User' as const) }, createdAt: t, updatedAt: t };
}

import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { SELF_MARKER } from '../../src/publish/comment/markers.js';
import { addReaction, startWorkingReaction } from '../../src/publish/comment/reactions.js';
import { replyInThread } from '../../src/publish/review/inlineComments.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

describe('addReaction', () => {
  let gh: GitHubServer;
  let octokit: GitHubClient;
  let commands: CapturedCommands;
  let commentId: number;
  const react = (content: 'eyes' | 'rocket' | 'confused', id = commentId) =>
    addReaction({ octokit, owner: 'octo-org', repo: 'hello-world', commentId: id, content });
  const reactionsOn = (id: number) => gh.state.reactions.filter((r) => r.commentId === id).map((r) => `${r.user.login}:${r.content}`);

  beforeEach(async () => {
    gh = await startGitHubServer({ pulls: [{ number: 7 }], comments: [{ issueNumber: 7, body: '/swarm review', author: 'alice' }] });
    octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
    commentId = gh.state.comments[0].id;
    commands = captureWorkflowCommands();
  });
  afterEach(async () => {
    commands.restore();
    await gh.close();
  });

  it('adds eyes, then rocket or confused, as the bot', async () => {
    await expect(react('eyes')).resolves.toEqual(expect.any(Number));
    await expect(react('rocket')).resolves.toEqual(expect.any(Number));
    await expect(react('confused')).resolves.toEqual(expect.any(Number));
    expect(reactionsOn(commentId)).toEqual(['github-actions[bot]:eyes', 'github-actions[bot]:rocket', 'github-actions[bot]:confused']);
  });

  it('accepts a reaction that is already there', async () => {
    await react('eyes');
    await expect(react('eyes')).resolves.toEqual(expect.any(Number));
    expect(reactionsOn(commentId)).toEqual(['github-actions[bot]:eyes']);
  });

  it('retries a 5xx', async () => {
    gh.failNext('POST', /\/reactions$/, 502);
    await expect(react('eyes')).resolves.toEqual(expect.any(Number));
    expect(reactionsOn(commentId)).toEqual(['github-actions[bot]:eyes']);
  });

  it('turns a failure into a warning and false, never a throw', async () => {
    await expect(react('eyes', 12345)).resolves.toBeNull();
    gh.failNext('POST', /\/reactions$/, 403, 1, { body: { message: 'Resource not accessible by integration' } });
    await expect(react('rocket')).resolves.toBeNull();
    expect(commands.warnings).toEqual([
      expect.stringMatching(/could not add the eyes reaction to comment 12345: Not Found/),
      expect.stringMatching(/could not add the rocket reaction to comment \d+: Resource not accessible by integration/),
    ]);
  });
});

describe('reactions and replies in a finding thread', () => {
  let gh: GitHubServer;
  let octokit: GitHubClient;
  let commands: CapturedCommands;
  let root: number;
  let reply: number;
  const pull = () => ({ octokit, owner: 'octo-org', repo: 'hello-world', pullNumber: 7, selfLogin: 'github-actions[bot]' });

  beforeEach(async () => {
    gh = await startGitHubServer({ pulls: [{ number: 7, files: [{ path: 'a.js', additions: 3 }] }] });
    octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
    commands = captureWorkflowCommands();
    await octokit.rest.pulls.createReview({
      owner: 'octo-org',
      repo: 'hello-world',
      pull_number: 7,
      commit_id: gh.state.pulls[0].head.sha,
      event: 'COMMENT',
      comments: [{ path: 'a.js', line: 2, side: 'RIGHT', body: 'finding' }],
    });
    root = gh.state.reviewComments[0].id;
    reply = gh.replyInThread(root, '/swarm explain', 'alice').id;
  });
  afterEach(async () => {
    commands.restore();
    await gh.close();
  });

  it('puts 👀 on a thread reply while the run works and swaps it for 🚀, on the review comment', async () => {
    const working = await startWorkingReaction({ octokit, owner: 'octo-org', repo: 'hello-world', commentId: reply, review: true });
    expect(gh.state.reviewCommentReactions.map((r) => [r.commentId, r.content])).toEqual([[reply, 'eyes']]);
    await working.finish('rocket');
    expect(gh.state.reviewCommentReactions.map((r) => [r.commentId, r.content])).toEqual([[reply, 'rocket']]);
    expect(gh.state.reactions).toEqual([]);
    expect(commands.warnings).toEqual([]);
  });

  it('replies in the thread, marked as the bot, and says why when it cannot', async () => {
    const posted = await replyInThread(pull(), root, 'It builds the query from `id`.');
    expect(posted).toEqual({ id: expect.any(Number), url: expect.stringContaining('#discussion_r') });
    expect(gh.state.reviewComments.at(-1)).toMatchObject({
      inReplyToId: root,
      user: { login: 'github-actions[bot]' },
      body: `${SELF_MARKER}\nIt builds the query from \`id\`.`,
    });
    expect(await replyInThread(pull(), root, 'x'.repeat(70_000))).toEqual({ error: expect.stringMatching(/not posted: the body has 70\d+ characters/) });
    // GitHub takes replies to a thread's first comment only.
    expect(await replyInThread(pull(), reply, 'x')).toEqual({ error: expect.stringMatching(/Validation Failed/) });
    expect(await replyInThread(pull(), 999, 'x')).toEqual({ error: expect.stringMatching(/Not Found/) });
  });
});

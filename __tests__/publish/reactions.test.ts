import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { addReaction } from '../../src/publish/comment/reactions.js';
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

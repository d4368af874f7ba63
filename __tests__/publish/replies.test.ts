import { parseInputs } from '../../src/config/inputs.js';
import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { replyToComment } from '../../src/publish/comment/replies.js';
import { findStickyComment, upsertStickyComment } from '../../src/publish/comment/stickyComment.js';
import { SELF_MARKER, STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { routeEvent } from '../../src/trigger/route.js';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const PR = 7;

describe('replyToComment', () => {
  let gh: GitHubServer;
  let octokit: GitHubClient;
  let commands: CapturedCommands;
  const where = () => ({ octokit, owner: 'octo-org', repo: 'hello-world', issueNumber: PR });
  const reply = (body: string) => replyToComment({ ...where(), body });

  beforeEach(async () => {
    gh = await startGitHubServer({ pulls: [{ number: PR }] });
    octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
    commands = captureWorkflowCommands();
  });
  afterEach(async () => {
    commands.restore();
    clearSecrets();
    await gh.close();
  });

  it('posts a comment marked as its own, and says where', async () => {
    const ref = await reply('@rita codex-swarm did not run: `rita` has read access.');
    expect(ref).toEqual({ id: gh.commentsOn(PR)[0].id, url: expect.stringContaining(`/pull/${PR}#issuecomment-`) });
    expect(gh.commentsOn(PR)[0].body).toBe(`${SELF_MARKER}\n@rita codex-swarm did not run: \`rita\` has read access.`);
  });

  it('is ignored by the trigger, so the bot never answers itself', async () => {
    await reply('/swarm review\nUsage: …');
    const body = gh.commentsOn(PR)[0].body;
    const payload = { action: 'created', issue: { number: PR, pull_request: {} }, comment: { id: 1, body, user: { login: 'someone-else', type: 'User' } } };
    expect(routeEvent({ eventName: 'issue_comment', payload, inputs: parseInputs(() => '') })).toMatchObject({ action: 'ignore' });
  });

  it('is never taken for the sticky comment, before or after it exists', async () => {
    await reply('help text');
    expect(gh.commentsOn(PR)[0].body).not.toContain(STICKY_MARKER);
    expect(await findStickyComment(where())).toBeNull();
    const sticky = await upsertStickyComment({ ...where(), body: 'report' });
    expect(sticky.created).toBe(true);
    await reply('another reply');
    expect(await findStickyComment(where())).toMatchObject({ id: sticky.id });
    expect(gh.commentsOn(PR).map((c) => c.body.includes(STICKY_MARKER))).toEqual([false, true, false]);
  });

  it('redacts registered secrets', async () => {
    registerSecret('ghs_secret_token_value');
    await reply('could not run: token ghs_secret_token_value rejected');
    expect(gh.commentsOn(PR)[0].body).toContain('token *** rejected');
  });

  it('turns a failure into a warning and null', async () => {
    gh.failNext('POST', /\/comments$/, 500, 4);
    await expect(reply('hi')).resolves.toBeNull();
    await expect(replyToComment({ ...where(), issueNumber: 999, body: 'hi' })).resolves.toBeNull();
    expect(commands.warnings).toEqual([expect.stringMatching(/could not reply on #7: /), expect.stringMatching(/could not reply on #999: Not Found/)]);
  });

  it('refuses a body over 65,536 characters with a warning, without sending it', async () => {
    await expect(reply('y'.repeat(66_000))).resolves.toBeNull();
    expect(commands.warnings).toEqual([expect.stringMatching(/the reply on #7 was not posted: the body has 660\d\d characters/)]);
    expect(gh.requests).toHaveLength(0);
  });
});

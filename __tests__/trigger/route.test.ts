import { parseInputs, type ActionInputs, type InputName } from '../../src/config/inputs.js';
import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { ACTIONS_BOT_LOGIN, AUDIT_MARKER, hasSelfMarker, SELF_MARKER, STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { gateActor, RouteError, routeEvent, type ActionableDecision } from '../../src/trigger/route.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const inputs = (overrides: Partial<Record<InputName, string>> = {}): ActionInputs => parseInputs((name) => overrides[name] ?? '');

const human = (login = 'alice') => ({ login, type: 'User' });
const bot = (login = 'dependabot[bot]') => ({ login, type: 'Bot' });

const commentEvent = (body: string, opts: { action?: string; user?: { login: string; type: string }; onPr?: boolean; id?: number } = {}) => ({
  action: opts.action ?? 'created',
  issue: { number: 7, title: 'A PR', ...(opts.onPr === false ? {} : { pull_request: { url: 'https://api.github.com/repos/o/r/pulls/7' } }) },
  comment: { id: opts.id ?? 101, body, user: opts.user ?? human(), author_association: 'MEMBER' },
  sender: opts.user ?? human(),
});
const prEvent = (action: string, opts: { draft?: boolean; sender?: { login: string; type: string } } = {}) => ({
  action,
  number: 12,
  pull_request: { number: 12, draft: opts.draft ?? false, head: { sha: 'abc' } },
  sender: opts.sender ?? human('author'),
});

const route = (eventName: string, payload: unknown, overrides: Partial<Record<InputName, string>> = {}, selfLogin?: string) =>
  routeEvent({ eventName, payload, inputs: inputs(overrides), ...(selfLogin ? { selfLogin } : {}) });

describe('routeEvent: pull_request', () => {
  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('runs `review` on %s by default', (action) => {
    expect(route('pull_request', prEvent(action))).toEqual({
      action: 'run',
      trigger: 'pull_request',
      prNumber: 12,
      prAction: action,
      actor: human('author'),
      command: 'review',
      task: '',
      paths: [],
    });
  });

  it('runs the `command` input with the workflow task, paths, workers and model', () => {
    expect(
      route('pull_request', prEvent('opened'), { command: 'Test', task: 'Cover the parser', paths: 'src/**, lib/**', workers: '3', model: 'gpt-5-codex' }),
    ).toMatchObject({ action: 'run', command: 'test', task: 'Cover the parser', paths: ['src/**', 'lib/**'], workers: 3, model: 'gpt-5-codex' });
  });

  it.each(['closed', 'edited', 'labeled', 'assigned', 'converted_to_draft', 'review_requested'])('ignores %s', (action) => {
    expect(route('pull_request', prEvent(action))).toMatchObject({ action: 'ignore', reason: expect.stringContaining(action) });
  });

  it('skips drafts unless include-drafts is set', () => {
    expect(route('pull_request', prEvent('opened', { draft: true }))).toMatchObject({ action: 'ignore', reason: expect.stringMatching(/draft/) });
    expect(route('pull_request', prEvent('synchronize', { draft: true }), { 'include-drafts': 'true' })).toMatchObject({ action: 'run', prNumber: 12 });
  });

  it('refuses a payload that is not a pull_request event', () => {
    expect(() => route('pull_request', { action: 'opened' })).toThrow(RouteError);
    expect(() => route('pull_request', { action: 'opened' })).toThrow(/pull_request event payload .*pull_request/);
  });
});

describe('routeEvent: issue_comment', () => {
  it('runs a command written on a pull request', () => {
    expect(route('issue_comment', commentEvent('/swarm review src "docs/a b.md" --workers 2 --model o4-mini'), { task: 'from the workflow' })).toEqual({
      action: 'run',
      trigger: 'comment',
      prNumber: 7,
      commentId: 101,
      actor: human(),
      command: 'review',
      task: 'from the workflow',
      paths: ['src', 'docs/a b.md'],
      workers: 2,
      model: 'o4-mini',
    });
  });

  it('`plan` is a `code` run that stops after the planner; `approve` is a `code` run of the posted plan', () => {
    expect(route('issue_comment', commentEvent('/swarm plan Split the parser --workers 3'))).toMatchObject({
      action: 'run',
      command: 'code',
      task: 'Split the parser',
      workers: 3,
      codeStage: 'plan',
    });
    expect(route('issue_comment', commentEvent('/swarm approve'), { task: 'ignored' })).toEqual({
      action: 'run',
      trigger: 'comment',
      prNumber: 7,
      commentId: 101,
      actor: human(),
      command: 'code',
      task: '',
      paths: [],
      codeStage: 'approve',
    });
    expect(route('issue_comment', commentEvent('/swarm code Split the parser'))).not.toHaveProperty('codeStage');
  });

  it('takes the task of `code` from the comment and the paths from the workflow', () => {
    expect(
      route('issue_comment', commentEvent('/swarm code Add a Dry-Run option --workers 2\nKeep `--force`.'), { task: 'ignored', paths: 'src/**' }),
    ).toMatchObject({
      command: 'code',
      task: 'Add a Dry-Run option\nKeep `--force`.',
      paths: ['src/**'],
      workers: 2,
    });
  });

  it('falls back to the workflow inputs for what the comment leaves out', () => {
    expect(route('issue_comment', commentEvent('/swarm test'), { paths: 'lib/**', workers: '5', model: 'gpt-5' })).toMatchObject({
      command: 'test',
      paths: ['lib/**'],
      workers: 5,
      model: 'gpt-5',
    });
  });

  it('routes `retry` to its own decision, and `review --full` to a full review', () => {
    expect(route('issue_comment', commentEvent('/swarm retry'))).toEqual({ action: 'retry', prNumber: 7, commentId: 101, actor: human() });
    expect(route('issue_comment', commentEvent('/swarm review --full'))).toMatchObject({ action: 'run', command: 'review', full: true });
  });

  it('answers help and errors on the same PR and comment', () => {
    expect(route('issue_comment', commentEvent('/swarm help'))).toEqual({ action: 'help', prNumber: 7, commentId: 101, actor: human() });
    expect(route('issue_comment', commentEvent('/swarm deploy'))).toEqual({
      action: 'reply-error',
      prNumber: 7,
      commentId: 101,
      actor: human(),
      message: expect.stringMatching(/^Unknown command `deploy`/),
    });
    expect(route('issue_comment', commentEvent('/swarm review --sandbox danger-full-access'))).toMatchObject({
      action: 'reply-error',
      message: expect.stringMatching(/can't be set from a comment/),
    });
  });

  it('uses the trigger-phrase input', () => {
    expect(route('issue_comment', commentEvent('!ai review'), { 'trigger-phrase': '!ai' })).toMatchObject({ action: 'run', command: 'review' });
    expect(route('issue_comment', commentEvent('/swarm review'), { 'trigger-phrase': '!ai' })).toMatchObject({
      action: 'ignore',
      reason: expect.stringContaining('!ai'),
    });
  });

  it('ignores comments on plain issues', () => {
    expect(route('issue_comment', commentEvent('/swarm review', { onPr: false }))).toMatchObject({
      action: 'ignore',
      reason: expect.stringMatching(/issue, not a pull request/),
    });
  });

  it.each(['edited', 'deleted'])('ignores a comment that was %s', (action) => {
    expect(route('issue_comment', commentEvent('/swarm review', { action }))).toMatchObject({ action: 'ignore', reason: expect.stringContaining(action) });
  });

  it.each(['LGTM', 'Can someone run /swarm review?', '', 'thanks\n/swarm review'])('ignores a comment that does not start with the phrase: %j', (body) => {
    expect(route('issue_comment', commentEvent(body))).toMatchObject({ action: 'ignore', reason: expect.stringMatching(/does not start with \/swarm/) });
  });

  it('ignores a comment with a null body', () => {
    const payload = commentEvent('');
    (payload.comment as { body: string | null }).body = null;
    expect(route('issue_comment', payload)).toMatchObject({ action: 'ignore' });
  });

  it.each([SELF_MARKER, STICKY_MARKER, AUDIT_MARKER])('ignores comments carrying its own marker %s', (marker) => {
    expect(route('issue_comment', commentEvent(`${marker}\n/swarm review`))).toMatchObject({
      action: 'ignore',
      reason: expect.stringMatching(/codex-swarm itself/),
    });
  });

  it('ignores comments by its own login, default github-actions[bot] or the one given', () => {
    expect(route('issue_comment', commentEvent('/swarm review', { user: bot(ACTIONS_BOT_LOGIN) }))).toMatchObject({ action: 'ignore' });
    expect(route('issue_comment', commentEvent('/swarm review', { user: bot('My-App[bot]') }), {}, 'my-app[bot]')).toMatchObject({ action: 'ignore' });
    // Another bot is not ignored here: gateActor refuses it unless allowed.
    expect(route('issue_comment', commentEvent('/swarm review', { user: bot() }))).toMatchObject({ action: 'run', actor: bot() });
  });

  it('refuses a payload without a comment', () => {
    expect(() => route('issue_comment', { action: 'created', issue: { number: 1 } })).toThrow(RouteError);
  });
});

describe('routeEvent: schedule, workflow_dispatch, push', () => {
  it('runs `audit` over the repository on schedule, with no actor', () => {
    expect(route('schedule', { schedule: '0 6 * * 1' })).toEqual({ action: 'run', trigger: 'schedule', actor: null, command: 'audit', task: '', paths: [] });
  });

  it('runs the `command` input on schedule when given', () => {
    expect(route('schedule', {}, { command: 'docs', task: 'Refresh' })).toMatchObject({ command: 'docs', task: 'Refresh', trigger: 'schedule' });
  });

  it('runs on workflow_dispatch with the sender as actor and no PR', () => {
    const decision = route('workflow_dispatch', { inputs: {}, ref: 'refs/heads/main', sender: human('ops') }, { command: 'audit' });
    expect(decision).toEqual({ action: 'run', trigger: 'dispatch', actor: human('ops'), command: 'audit', task: '', paths: [] });
    expect(route('workflow_dispatch', { sender: human('ops') })).toMatchObject({ command: 'review' });
  });

  it('runs on push', () => {
    expect(route('push', { ref: 'refs/heads/main', sender: human('dev') })).toMatchObject({ action: 'run', trigger: 'push', actor: human('dev') });
  });

  it('refuses pull_request_target and events it does not handle, saying what to use', () => {
    expect(() => route('pull_request_target', prEvent('opened'))).toThrow(/does not run on pull_request_target/);
    expect(() => route('release', {})).toThrow(/does not handle the "release" event/);
  });
});

describe('hasSelfMarker', () => {
  it('knows every form of the marker and nothing else', () => {
    for (const marker of [SELF_MARKER, STICKY_MARKER, AUDIT_MARKER, '<!--codex-swarm-->', '<!-- codex-swarm:reply -->']) {
      expect(hasSelfMarker(`text\n${marker}\nmore`)).toBe(true);
    }
    for (const text of ['codex-swarm', '<!-- codex-swarmy -->', '<!-- other -->', '`codex-swarm`']) expect(hasSelfMarker(text)).toBe(false);
  });
});

describe('gateActor', () => {
  let gh: GitHubServer;
  let octokit: GitHubClient;
  let commands: CapturedCommands;
  const repo = { owner: 'octo-org', repo: 'hello-world' };
  const comment = (actor: { login: string; type: string }): ActionableDecision => ({
    action: 'run',
    trigger: 'comment',
    prNumber: 7,
    commentId: 1,
    actor,
    command: 'review',
    task: '',
    paths: [],
  });
  const gate = (decision: ActionableDecision, allowedBots: string[] = []) => gateActor(octokit, decision, { ...repo, allowedBots });
  const permissionRequests = () => gh.requests.filter((r) => r.path.includes('/collaborators/')).length;

  beforeAll(async () => {
    gh = await startGitHubServer({ permissions: { wendy: 'write', mia: 'maintain', adam: 'admin', rita: 'read', tom: 'triage' } });
    octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  });
  afterAll(() => gh.close());
  beforeEach(() => (commands = captureWorkflowCommands()));
  afterEach(() => commands.restore());

  it.each(['wendy', 'mia', 'adam'])('lets %s (write or more) run a comment command', async (login) => {
    await expect(gate(comment(human(login)))).resolves.toEqual({ ok: true });
  });

  it.each([
    ['rita', /`rita` has read access/],
    ['tom', /`tom` has triage access/],
    ['nobody', /`nobody` has no access/],
  ])('refuses %s', async (login, reason) => {
    const result = await gate(comment(human(login)));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    expect(result.ok || result.reason).toMatch(/needs write, maintain or admin/);
  });

  it('gates help and error replies like runs', async () => {
    await expect(gate({ action: 'help', prNumber: 7, commentId: 1, actor: human('rita') })).resolves.toMatchObject({ ok: false });
    await expect(gate({ action: 'reply-error', prNumber: 7, commentId: 1, actor: human('wendy'), message: 'x' })).resolves.toEqual({ ok: true });
  });

  it('refuses bots unless allowed-bots lists them, without asking the API', async () => {
    const before = permissionRequests();
    await expect(gate(comment(bot()))).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/`dependabot\[bot\]` is a bot and is not listed in allowed-bots/),
    });
    await expect(gate(comment(bot()), ['dependabot'])).resolves.toEqual({ ok: true });
    await expect(gate(comment(bot('renovate[bot]')), ['*'])).resolves.toEqual({ ok: true });
    await expect(gate(comment({ login: 'sneaky[bot]', type: 'User' }), ['dependabot'])).resolves.toMatchObject({ ok: false });
    expect(permissionRequests()).toBe(before);
  });

  it('refuses bots on the other triggers too', async () => {
    const pr: ActionableDecision = { action: 'run', trigger: 'pull_request', prNumber: 3, actor: bot(), command: 'review', task: '', paths: [] };
    await expect(gate(pr)).resolves.toMatchObject({ ok: false });
    await expect(gate(pr, ['dependabot[bot]'])).resolves.toEqual({ ok: true });
  });

  it('leaves humans on pull_request, dispatch and push to GitHub, and schedule needs no actor', async () => {
    const before = permissionRequests();
    const run = (trigger: 'pull_request' | 'dispatch' | 'push', login: string): ActionableDecision => ({
      action: 'run',
      trigger,
      actor: human(login),
      command: 'review',
      task: '',
      paths: [],
    });
    await expect(gate(run('pull_request', 'outsider'))).resolves.toEqual({ ok: true });
    await expect(gate(run('dispatch', 'rita'))).resolves.toEqual({ ok: true });
    await expect(gate(run('push', 'rita'))).resolves.toEqual({ ok: true });
    await expect(gate({ action: 'run', trigger: 'schedule', actor: null, command: 'audit', task: '', paths: [] })).resolves.toEqual({ ok: true });
    expect(permissionRequests()).toBe(before);
  });

  it('refuses a run without an actor outside schedule', async () => {
    await expect(gate({ action: 'run', trigger: 'dispatch', actor: null, command: 'audit', task: '', paths: [] })).resolves.toMatchObject({ ok: false });
  });

  it('fails, rather than letting anyone through, when the permission cannot be read', async () => {
    gh.failNext('GET', /\/collaborators\/wendy\/permission$/, 500, 10);
    await expect(gate(comment(human('wendy')))).rejects.toThrow(/Could not read the permission of @wendy/);
  });
});

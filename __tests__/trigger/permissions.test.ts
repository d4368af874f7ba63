import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { checkActorPermission, isAllowedBot, isBotActor, RUN_LEVELS } from '../../src/trigger/permissions.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

describe('checkActorPermission', () => {
  let gh: GitHubServer;
  let octokit: GitHubClient;
  let commands: CapturedCommands;
  const ref = (username: string) => ({ owner: 'octo-org', repo: 'hello-world', username });

  beforeAll(async () => {
    gh = await startGitHubServer({
      token: 'ghs_test',
      permissions: {
        ada: 'admin',
        max: 'maintain',
        wes: 'write',
        tia: 'triage',
        rex: 'read',
        sec: { role_name: 'security-reviewer', permission: 'write' },
        aud: { role_name: 'auditor', permission: 'read' },
      },
    });
    octokit = createOctokit('ghs_test', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  });
  afterAll(() => gh.close());
  beforeEach(() => (commands = captureWorkflowCommands()));
  afterEach(() => commands.restore());

  it.each([
    ['ada', 'admin'],
    ['max', 'maintain'],
    ['wes', 'write'],
    ['tia', 'triage'],
    ['rex', 'read'],
  ])('reads the role of %s as %s, telling maintain and triage apart', async (login, level) => {
    await expect(checkActorPermission(octokit, ref(login))).resolves.toBe(level);
  });

  it('counts a custom role by the base permission it builds on', async () => {
    await expect(checkActorPermission(octokit, ref('sec'))).resolves.toBe('write');
    await expect(checkActorPermission(octokit, ref('aud'))).resolves.toBe('read');
  });

  it('gives a user GitHub does not know no access', async () => {
    await expect(checkActorPermission(octokit, ref('stranger'))).resolves.toBe('none');
  });

  it('asks the API for the user by name, case-insensitively', async () => {
    await expect(checkActorPermission(octokit, ref('WES'))).resolves.toBe('write');
    expect(gh.requests.at(-1)!.path).toBe('/repos/octo-org/hello-world/collaborators/WES/permission');
  });

  it('fails clearly when the API keeps failing, after retrying', async () => {
    gh.failNext('GET', /\/collaborators\/wes\/permission$/, 503, 10);
    const before = gh.requests.length;
    await expect(checkActorPermission(octokit, ref('wes'))).rejects.toThrow(/Could not read the permission of @wes on octo-org\/hello-world/);
    expect(gh.requests.length - before).toBe(4);
  });

  it('lets only write, maintain and admin run', () => {
    expect([...RUN_LEVELS].sort()).toEqual(['admin', 'maintain', 'write']);
  });
});

describe('isBotActor', () => {
  it('knows bots by type or by a [bot] login', () => {
    expect(isBotActor({ login: 'dependabot[bot]', type: 'Bot' })).toBe(true);
    expect(isBotActor({ login: 'renovate', type: 'Bot' })).toBe(true);
    expect(isBotActor({ login: 'my-app[BOT]', type: 'User' })).toBe(true);
    expect(isBotActor({ login: 'octocat', type: 'User' })).toBe(false);
    expect(isBotActor({ login: 'robot', type: 'User' })).toBe(false);
    expect(isBotActor({ login: 'bot', type: 'Organization' })).toBe(false);
  });
});

describe('isAllowedBot', () => {
  it('matches a listed bot with or without [bot], case-insensitively', () => {
    expect(isAllowedBot('dependabot[bot]', ['dependabot'])).toBe(true);
    expect(isAllowedBot('dependabot[bot]', ['Dependabot[bot]'])).toBe(true);
    expect(isAllowedBot('renovate', [' renovate[bot] '])).toBe(true);
  });

  it('refuses bots that are not listed, and everyone when nothing is', () => {
    expect(isAllowedBot('dependabot[bot]', ['renovate'])).toBe(false);
    expect(isAllowedBot('dependabot[bot]', [])).toBe(false);
    expect(isAllowedBot('evil-dependabot[bot]', ['dependabot'])).toBe(false);
  });

  it('allows every bot for *', () => {
    expect(isAllowedBot('anything[bot]', ['renovate', '*'])).toBe(true);
  });
});

import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { upsertAuditIssue } from '../../src/publish/outputs/auditIssue.js';
import { AUDIT_MARKER, hasSelfMarker, SELF_MARKER } from '../../src/publish/comment/markers.js';
import { startGitHubServer, type GitHubServer, type IssueSeed, type PullSeed } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const LABEL = 'codex-swarm-audit';
const MARKED = (text: string) => `${SELF_MARKER}\n${AUDIT_MARKER}\n${text}`;

describe('upsertAuditIssue', () => {
  let gh: GitHubServer;
  let octokit: GitHubClient;
  let commands: CapturedCommands;
  const upsert = (body: string, extra: { title?: string; label?: string; selfLogin?: string } = {}) =>
    upsertAuditIssue({ octokit, owner: 'octo-org', repo: 'hello-world', label: LABEL, title: 'codex-swarm audit', body, ...extra });
  const start = async (issues: IssueSeed[] = [], labels: string[] = [], pulls: PullSeed[] = []) => {
    gh = await startGitHubServer({ issues, labels, pulls });
    octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  };
  const created = () => gh.requests.filter((r) => r.method === 'POST' && r.path === '/repos/octo-org/hello-world/issues');

  beforeEach(() => (commands = captureWorkflowCommands()));
  afterEach(async () => {
    commands.restore();
    await gh.close();
  });

  it('creates the issue with the label and markers, then updates the same issue', async () => {
    await start();
    const first = await upsert('## Audit 1');
    expect(first).toEqual({ number: expect.any(Number), url: expect.stringMatching(/\/issues\/\d+$/), created: true });
    const issue = gh.state.issues.find((i) => i.number === first.number)!;
    expect(issue).toMatchObject({ title: 'codex-swarm audit', body: MARKED('## Audit 1'), labels: [LABEL], state: 'open' });
    expect(gh.state.labels.find((l) => l.name === LABEL)).toMatchObject({ color: '5319e7', description: expect.stringContaining('codex-swarm') });

    const second = await upsert('## Audit 2', { title: 'a new title' });
    expect(second).toEqual({ number: first.number, url: first.url, created: false });
    expect(gh.state.issues).toHaveLength(1);
    expect(gh.state.issues[0]).toMatchObject({ title: 'codex-swarm audit', body: MARKED('## Audit 2') });
    expect(created()).toHaveLength(1);
    expect(hasSelfMarker(gh.state.issues[0].body!)).toBe(true);
  });

  it('never duplicates over many runs', async () => {
    await start();
    for (let i = 0; i < 5; i++) await upsert(`run ${i}`);
    expect(gh.state.issues).toHaveLength(1);
    expect(gh.state.issues[0].body).toBe(MARKED('run 4'));
  });

  it('uses a label that exists as it is', async () => {
    await start([], [LABEL]);
    await upsert('x');
    expect(gh.requests.some((r) => r.method === 'POST' && r.path.endsWith('/labels'))).toBe(false);
    expect(gh.state.labels.find((l) => l.name === LABEL)!.color).toBe('ededed');
  });

  it('finds its issue past the first page of labelled issues', async () => {
    const others: IssueSeed[] = Array.from({ length: 150 }, (_, i) => ({ title: `finding ${i}`, labels: [LABEL], author: 'alice', body: 'manual' }));
    await start([...others, { title: 'codex-swarm audit', labels: [LABEL], body: MARKED('old') }]);
    const result = await upsert('new');
    expect(result.created).toBe(false);
    expect(gh.state.issues.at(-1)!.body).toBe(MARKED('new'));
    expect(gh.requests.filter((r) => r.method === 'GET' && r.path.includes('/issues?')).length).toBeGreaterThanOrEqual(2);
  });

  it('ignores issues without the label or marker, by someone else, or closed, and pull requests', async () => {
    await start(
      [
        { title: 'marker, no label', body: MARKED('x'), labels: ['other'] },
        { title: 'label, no marker', body: 'ours?', labels: [LABEL] },
        { title: 'pasted marker', body: MARKED('x'), labels: [LABEL], author: 'mallory' },
        { title: 'closed one', body: MARKED('x'), labels: [LABEL], state: 'closed' },
      ],
      [],
      [{ number: 50, labels: [LABEL], body: MARKED('a PR'), author: 'github-actions[bot]' }],
    );
    const result = await upsert('fresh');
    expect(result.created).toBe(true);
    expect(gh.state.issues).toHaveLength(5);
    expect(gh.state.issues.slice(0, 4).map((i) => i.body)).toEqual([MARKED('x'), 'ours?', MARKED('x'), MARKED('x')]);
    expect(gh.state.pulls[0].body).toBe(MARKED('a PR'));
  });

  it('matches the label and its own login case-insensitively', async () => {
    await start([{ title: 't', body: MARKED('old'), labels: ['Codex-Swarm-Audit'], author: 'My-App[bot]' }]);
    gh.state.tokenLogin = 'My-App[bot]';
    await expect(upsert('new', { selfLogin: 'my-app[bot]' })).resolves.toMatchObject({ created: false });
  });

  it('still creates the issue when the label cannot be created first, with a warning', async () => {
    await start();
    gh.failNext('POST', /\/labels$/, 403, 1, { body: { message: 'Resource not accessible by integration' } });
    await expect(upsert('x')).resolves.toMatchObject({ created: true });
    expect(commands.warnings).toEqual([expect.stringMatching(/could not create the label "codex-swarm-audit": Resource not accessible/)]);
    expect(gh.state.issues[0].labels).toEqual([LABEL]);
  });

  it('throws on API errors and on a body GitHub would refuse', async () => {
    await start();
    await expect(upsert('z'.repeat(70_000))).rejects.toThrow(/audit issue was not written: the body has 700\d\d characters/);
    gh.failNext('GET', /\/issues\?/, 500, 4);
    await expect(upsert('x')).rejects.toMatchObject({ status: 500 });
    expect(gh.state.issues).toHaveLength(0);
  });
});

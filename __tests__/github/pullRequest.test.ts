import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { getPullRequestContext } from '../../src/github/pullRequest.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const HEAD_SHA = 'a'.repeat(40);
const BASE_SHA = 'b'.repeat(40);

describe('getPullRequestContext', () => {
  let gh: GitHubServer;
  let octokit: GitHubClient;
  let commands: CapturedCommands;
  const get = (number: number) => getPullRequestContext(octokit, { owner: 'octo-org', repo: 'hello-world', number });

  beforeAll(async () => {
    gh = await startGitHubServer({
      pulls: [
        {
          number: 1,
          title: 'Add <b>things</b>',
          body: 'Please review',
          headRef: 'feature/x',
          headSha: HEAD_SHA,
          baseRef: 'main',
          baseSha: BASE_SHA,
          files: [
            { path: 'src/a.ts', additions: 10, deletions: 2 },
            { path: 'src/new name.ts', status: 'renamed', previousPath: 'src/old.ts', additions: 1 },
            { path: 'src/gone.ts', status: 'removed', deletions: 40 },
            { path: 'docs/ü.md', status: 'added', additions: 3 },
          ],
        },
        { number: 2, files: Array.from({ length: 250 }, (_, i) => ({ path: `pkg/file-${String(i).padStart(3, '0')}.ts`, additions: i })) },
        { number: 3, headRepo: 'someone/hello-world', draft: true, body: null },
        { number: 4, headRepo: null },
        { number: 5, headRepo: 'OCTO-ORG/Hello-World' },
      ],
    });
    octokit = createOctokit('token', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  });
  afterAll(() => gh.close());
  beforeEach(() => (commands = captureWorkflowCommands()));
  afterEach(() => commands.restore());

  it('reads head, base and metadata from pulls.get', async () => {
    const pr = await get(1);
    expect(pr).toMatchObject({
      number: 1,
      title: 'Add <b>things</b>',
      body: 'Please review',
      draft: false,
      headSha: HEAD_SHA,
      headRef: 'feature/x',
      headRepoFullName: 'octo-org/hello-world',
      baseRef: 'main',
      baseSha: BASE_SHA,
      isFork: false,
      htmlUrl: 'https://github.com/octo-org/hello-world/pull/1',
    });
    expect(gh.requests.some((r) => r.method === 'GET' && r.path === '/repos/octo-org/hello-world/pulls/1')).toBe(true);
  });

  it('lists changed files with their size and old path, leaving removed files out', async () => {
    expect((await get(1)).changedFiles).toEqual([
      { path: 'src/a.ts', size: 12, status: 'modified', patch: '@@ -1 +1,10 @@' },
      { path: 'src/new name.ts', size: 1, status: 'renamed', previousPath: 'src/old.ts', patch: '@@ -1 +1,1 @@' },
      { path: 'docs/ü.md', size: 3, status: 'added', patch: '@@ -1 +1,3 @@' },
    ]);
  });

  it('follows pagination over more than 100 files, 100 at a time', async () => {
    const before = gh.requests.length;
    const pr = await get(2);
    expect(pr.changedFiles).toHaveLength(250);
    expect(pr.changedFiles.at(-1)).toEqual({ path: 'pkg/file-249.ts', size: 249, status: 'modified', patch: '@@ -1 +1,249 @@' });
    expect(new Set(pr.changedFiles.map((f) => f.path)).size).toBe(250);
    const pages = gh.requests.slice(before).filter((r) => r.path.includes('/pulls/2/files'));
    expect(pages.map((r) => new URL(r.path, gh.url).searchParams.get('page') ?? '1')).toEqual(['1', '2', '3']);
    expect(pages.every((r) => r.path.includes('per_page=100'))).toBe(true);
  });

  it('marks a PR from another repository as a fork', async () => {
    expect(await get(3)).toMatchObject({ isFork: true, headRepoFullName: 'someone/hello-world', draft: true, body: '' });
  });

  it('marks a PR whose head repository was deleted as a fork', async () => {
    expect(await get(4)).toMatchObject({ isFork: true, headRepoFullName: null });
  });

  it('compares repository names case-insensitively', async () => {
    expect(await get(5)).toMatchObject({ isFork: false });
  });

  it('fails with the API status for a PR that does not exist', async () => {
    await expect(get(404)).rejects.toMatchObject({ status: 404 });
  });
});

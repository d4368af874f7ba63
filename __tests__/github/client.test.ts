import { createOctokit, DEFAULT_API_URL } from '../../src/github/client.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const TOKEN = 'ghs_client_test_token';
const PR_PATH = /\/pulls\/7$/;

describe('createOctokit', () => {
  let gh: GitHubServer;
  let commands: CapturedCommands;
  const savedApiUrl = process.env.GITHUB_API_URL;
  const octokit = (retryAfterBaseValue = 1, rateLimitWaitSeconds?: number) =>
    createOctokit(TOKEN, { baseUrl: gh.url, retryAfterBaseValue, ...(rateLimitWaitSeconds === undefined ? {} : { rateLimitWaitSeconds }) });
  const getPull = (client = octokit()) => client.rest.pulls.get({ owner: 'octo-org', repo: 'hello-world', pull_number: 7 });
  const hits = (path: RegExp) => gh.requests.filter((r) => path.test(r.path));

  beforeEach(async () => {
    gh = await startGitHubServer({ token: TOKEN, pulls: [{ number: 7, title: 'Seven' }] });
    commands = captureWorkflowCommands();
  });
  afterEach(async () => {
    commands.restore();
    await gh.close();
    if (savedApiUrl === undefined) delete process.env.GITHUB_API_URL;
    else process.env.GITHUB_API_URL = savedApiUrl;
  });

  it('sends the token and a user agent', async () => {
    const { data } = await getPull();
    expect(data.title).toBe('Seven');
    expect(gh.requests[0].headers.authorization).toBe(`token ${TOKEN}`);
    expect(gh.requests[0].headers['user-agent']).toMatch(/^codex-swarm/);
  });

  it('honours GITHUB_API_URL (GitHub Enterprise), with or without a trailing slash', async () => {
    process.env.GITHUB_API_URL = `${gh.url}/`;
    const { data } = await getPull(createOctokit(TOKEN, { retryAfterBaseValue: 1 }));
    expect(data.number).toBe(7);
    expect(hits(PR_PATH)).toHaveLength(1);
  });

  it('prefers an explicit baseUrl to GITHUB_API_URL, and defaults to api.github.com', () => {
    process.env.GITHUB_API_URL = 'https://ghe.example.com/api/v3';
    expect(createOctokit(TOKEN, { baseUrl: gh.url }).request.endpoint.DEFAULTS.baseUrl).toBe(gh.url);
    expect(createOctokit(TOKEN).request.endpoint.DEFAULTS.baseUrl).toBe('https://ghe.example.com/api/v3');
    delete process.env.GITHUB_API_URL;
    expect(createOctokit(TOKEN).request.endpoint.DEFAULTS.baseUrl).toBe(DEFAULT_API_URL);
  });

  it('retries a 502 and then succeeds', async () => {
    gh.failNext('GET', PR_PATH, 502, 2);
    const { data } = await getPull();
    expect(data.title).toBe('Seven');
    expect(hits(PR_PATH).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('retries a 5xx on a write too', async () => {
    gh.failNext('POST', /\/issues\/7\/comments$/, 503);
    await octokit().rest.issues.createComment({ owner: 'octo-org', repo: 'hello-world', issue_number: 7, body: 'hi' });
    expect(gh.commentsOn(7).map((c) => c.body)).toEqual(['hi']);
  });

  it('gives up on 5xx after 3 retries', async () => {
    gh.failNext('GET', PR_PATH, 500, 10);
    await expect(getPull()).rejects.toMatchObject({ status: 500 });
    expect(hits(PR_PATH)).toHaveLength(4);
  });

  it('does not retry a 404 or a 422', async () => {
    await expect(octokit().rest.pulls.get({ owner: 'octo-org', repo: 'hello-world', pull_number: 99 })).rejects.toMatchObject({ status: 404 });
    expect(hits(/\/pulls\/99$/)).toHaveLength(1);
    await expect(octokit().rest.issues.createComment({ owner: 'octo-org', repo: 'hello-world', issue_number: 7, body: '' })).rejects.toMatchObject({
      status: 422,
    });
    expect(hits(/\/issues\/7\/comments$/)).toHaveLength(1);
  });

  it('does not retry a 403 that is not a rate limit', async () => {
    gh.failNext('GET', PR_PATH, 403, 1, { body: { message: 'Resource not accessible by integration' } });
    await expect(getPull()).rejects.toMatchObject({ status: 403 });
    expect(hits(PR_PATH)).toHaveLength(1);
  });

  it('waits through a secondary rate limit for the retry-after GitHub asks, then succeeds', async () => {
    gh.failNext('GET', PR_PATH, 403, 1, {
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      headers: { 'retry-after': '7' },
    });
    const { data } = await getPull();
    expect(data.title).toBe('Seven');
    expect(hits(PR_PATH).map((r) => r.status)).toEqual([403, 200]);
    expect(commands.warnings).toEqual([
      expect.stringMatching(/secondary rate limit hit on GET \/repos\/{owner}\/{repo}\/pulls\/{pull_number}; waiting 7s as GitHub asks \(7s of the 600s/),
    ]);
  });

  it('scales the wait by retryAfterBaseValue', async () => {
    gh.failNext('GET', PR_PATH, 429, 1, { body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': '3' } });
    const started = Date.now();
    await getPull(octokit(50));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(hits(PR_PATH).map((r) => r.status)).toEqual([429, 200]);
  });

  it('waits through a primary rate limit until its reset', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 2);
    gh.failNext('GET', PR_PATH, 403, 1, {
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    });
    await getPull();
    expect(hits(PR_PATH).map((r) => r.status)).toEqual([403, 200]);
    expect(commands.warnings).toEqual([expect.stringMatching(/primary rate limit hit .*waiting \d+s as GitHub asks/)]);
  });

  it('gives up at once when the wait would pass rate-limit-wait-minutes', async () => {
    gh.failNext('GET', PR_PATH, 403, 1, { body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': '3600' } });
    await expect(getPull()).rejects.toMatchObject({ status: 403 });
    expect(hits(PR_PATH)).toHaveLength(1);
    expect(commands.warnings).toEqual([
      expect.stringMatching(/giving up: it asked to wait 3600s after 0s of waiting, and rate-limit-wait-minutes allows 600s/),
    ]);
  });

  it('waits out long secondary limits, several in a row, up to rate-limit-wait-minutes in all, warning once', async () => {
    // The local server's own secondary limit: what GitHub answers a write past 80 a minute.
    gh.secondaryLimitNext(2, 290);
    const posted = await octokit().rest.issues.createComment({ owner: 'octo-org', repo: 'hello-world', issue_number: 7, body: 'the final report' });
    expect(posted.status).toBe(201);
    const tries = hits(/\/issues\/7\/comments$/);
    expect(tries.map((r) => r.status)).toEqual([403, 403, 201]);
    // It waited as asked (290 s each, a millisecond a second here) before each new try.
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(285);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(285);
    expect(commands.warnings).toHaveLength(1);

    gh.secondaryLimitNext(2, 290);
    await expect(
      octokit(1, 500).rest.issues.createComment({ owner: 'octo-org', repo: 'hello-world', issue_number: 7, body: 'a shorter budget' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(commands.warnings.at(-1)).toMatch(/giving up: it asked to wait 290s after 290s of waiting, and rate-limit-wait-minutes allows 500s/);
  });

  it('stops after 20 rate-limited tries however short the waits', async () => {
    gh.failNext('GET', PR_PATH, 403, 30, { body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': '1' } });
    await expect(getPull()).rejects.toMatchObject({ status: 403 });
    expect(hits(PR_PATH)).toHaveLength(21);
  });

  it('reads a test time base from CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE and refuses a bad one', async () => {
    process.env.CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE = '1';
    try {
      gh.failNext('GET', PR_PATH, 403, 1, { body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': '30' } });
      const started = Date.now();
      await getPull(createOctokit(TOKEN, { baseUrl: gh.url }));
      expect(Date.now() - started).toBeLessThan(5000);
      process.env.CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE = 'soon';
      expect(() => createOctokit(TOKEN, { baseUrl: gh.url })).toThrow(/CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE must be a number/);
    } finally {
      delete process.env.CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE;
    }
  });
});

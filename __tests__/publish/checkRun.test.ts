import { createOctokit } from '../../src/github/client.js';
import { checkConclusion, checkSummary, CHECK_SUMMARY_MAX_CHARS, publishCheckRun, type CheckRunOptions } from '../../src/publish/review/checkRun.js';
import type { ReviewFinding } from '../../src/publish/review/placeFindings.js';
import type { Severity } from '../../src/workers/types.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { permissionsFor } from '../fixtures/tokenPermissions.js';

const HEAD = 'c'.repeat(40);
const SEVERITY_CYCLE: Severity[] = ['low', 'high', 'info', 'medium', 'critical'];
let gh: GitHubServer;

const finding = (i: number, over: Partial<ReviewFinding> = {}): ReviewFinding => ({
  severity: SEVERITY_CYCLE[i % 5],
  file: `src/f${i}.ts`,
  line: i + 1,
  title: `finding ${i}`,
  detail: `why ${i}`,
  workers: ['reviewer-1'],
  fingerprint: i.toString(16).padStart(16, '0'),
  placement: 'inline',
  ...over,
});
const options = (over: Partial<CheckRunOptions> = {}): CheckRunOptions => {
  const findings = over.findings ?? Array.from({ length: 120 }, (_, i) => finding(i));
  return {
    octokit: createOctokit('t', { baseUrl: gh.url, retryAfterBaseValue: 1 }),
    owner: 'octo-org',
    repo: 'hello-world',
    headSha: HEAD,
    findings,
    openFindings: findings,
    failOn: 'high',
    report: '### codex-swarm review\n\nthe report',
    externalId: '1001-1',
    detailsUrl: 'https://github.com/octo-org/hello-world/actions/runs/1001',
    ...over,
  };
};
const writes = () => gh.requests.filter((r) => r.contentCreating).map((r) => `${r.method} ${r.status}`);

beforeEach(async () => {
  gh = await startGitHubServer({
    pulls: [{ number: 7, headSha: HEAD }],
    tokenPermissions: permissionsFor({ block: { contents: 'read', 'pull-requests': 'write', checks: 'write' }, event: 'issue_comment' }),
  });
});
afterEach(() => gh.close());

test('one check run on the head SHA carries every finding: created with 50 annotations, patched with the rest, completed last', async () => {
  const result = await publishCheckRun(options());
  expect(result).toMatchObject({ published: true, conclusion: 'failure', annotations: 120, notAnnotated: 0 });
  expect(gh.state.checkRuns).toHaveLength(1);
  const [run] = gh.state.checkRuns;
  expect(run).toMatchObject({
    name: 'codex-swarm',
    headSha: HEAD,
    status: 'completed',
    conclusion: 'failure',
    externalId: '1001-1',
    annotationBatches: [50, 50, 20],
  });
  expect(run.output.title).toBe('codex-swarm: 120 open findings (24 critical, 24 high, 24 medium, 24 low, 24 info)');
  expect(run.output.summary).toContain('the report');
  // Most severe first, critical and high as failures.
  expect(run.annotations.slice(0, 3).map((a) => [a.level, a.title])).toEqual([
    ['failure', 'critical: finding 4'],
    ['failure', 'critical: finding 9'],
    ['failure', 'critical: finding 14'],
  ]);
  expect(new Set(run.annotations.map((a) => a.level))).toEqual(new Set(['failure', 'warning', 'notice']));
  expect(writes()).toEqual(['POST 201', 'PATCH 200', 'PATCH 200']);
});

test('few findings: one request; the conclusion follows fail-on over the open findings only', async () => {
  const findings = [finding(0), finding(1, { severity: 'high' })];
  // The high one was dismissed: only the low one is open.
  const result = await publishCheckRun(options({ findings, openFindings: [findings[0]] }));
  expect(result).toMatchObject({ published: true, conclusion: 'success', annotations: 2 });
  expect(writes()).toEqual(['POST 201']);
  expect(gh.state.checkRuns[0].output.title).toBe('codex-swarm: 1 open finding (1 low)');
  expect(checkConclusion([], 'error', { unsuccessfulWorkers: 1 })).toBe('failure');
  expect(checkConclusion([{ severity: 'critical' }], 'never')).toBe('success');
  expect(checkConclusion([{ severity: 'medium' }], 'medium')).toBe('failure');
  expect(checkConclusion([], 'high', { cancelled: true })).toBe('cancelled');
});

test('findings without a place are left to the summary; a summary over 65,535 characters is cut', async () => {
  const findings = [finding(0), finding(1, { file: '', line: null, placement: 'sticky' }), finding(2, { placement: 'unplaced' })];
  const report = `${'a line of the report\n'.repeat(4000)}the end`;
  const result = await publishCheckRun(options({ findings, report }));
  expect(result).toMatchObject({ published: true, annotations: 1, notAnnotated: 2 });
  const { summary } = gh.state.checkRuns[0].output;
  expect(Array.from(summary!).length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_CHARS);
  expect(summary).toMatch(/Cut to fit in a check run/);
  expect(checkSummary('short')).toBe('short');
});

test('without checks: write, it says so and throws nothing', async () => {
  gh.state.tokenPermissions = permissionsFor({ block: { contents: 'read', 'pull-requests': 'write' }, event: 'pull_request' });
  const result = await publishCheckRun(options());
  expect(result).toMatchObject({ published: false, forbidden: true, reason: expect.stringMatching(/checks: write.*Resource not accessible by integration/) });
  // A fork's token is read-only whatever the block asks.
  gh.state.tokenPermissions = permissionsFor({ block: { checks: 'write' }, event: 'pull_request', fork: true });
  expect(await publishCheckRun(options())).toMatchObject({ published: false, forbidden: true });
  expect(gh.state.checkRuns).toHaveLength(0);
});

test('a create or a patch answered 502 after it happened is not repeated: one check run, every annotation once', async () => {
  gh.failNext('POST', /\/check-runs$/, 502, 1, { landed: true });
  gh.failNext('PATCH', /\/check-runs\/\d+$/, 502, 1, { landed: true });
  const result = await publishCheckRun(options());
  expect(result).toMatchObject({ published: true, annotations: 120 });
  expect(gh.state.checkRuns).toHaveLength(1);
  expect(gh.state.checkRuns[0].annotations).toHaveLength(120);
  expect(gh.state.checkRuns[0].annotationBatches).toEqual([50, 50, 20]);
  expect(writes()).toEqual(['POST 502', 'PATCH 502', 'PATCH 200']);
});

test('a patch that keeps failing still completes the run, saying what is missing', async () => {
  gh.failNext('PATCH', /\/check-runs\/\d+$/, 500, 3);
  const result = await publishCheckRun(options());
  expect(result).toMatchObject({ published: true, annotations: 50 });
  expect(gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  expect(gh.state.checkRuns[0].output.summary).toMatch(/70 annotation\(s\) could not be added/);
});

import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createOctokit } from '../../src/github/client.js';
import { MAX_TRACKED, nextState, publishReview, type PublishReviewOptions } from '../../src/publish/review/publishReview.js';
import { renderReviewSection } from '../../src/publish/review/reviewSection.js';
import { diffRanges, type WorkerFinding } from '../../src/publish/review/placeFindings.js';
import { emptyState, readStickyState, renderStickyState, type StickyState } from '../../src/publish/comment/stickyState.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { tempDir } from '../workers/gitRepo.js';

const PATCH = '@@ -1,2 +1,4 @@\n one\n+two\n+three\n four';
const HEAD = 'a'.repeat(40);
let gh: GitHubServer;
let repo: string;
let stdout: string[];

const finding = (over: Partial<WorkerFinding>): WorkerFinding => ({
  severity: 'high',
  file: 'src/a.js',
  line: 2,
  title: 'unsafe',
  detail: 'why',
  workerId: 'reviewer-1',
  ...over,
});
const FINDINGS = [
  finding({ line: 2, title: 'unsafe two' }),
  finding({ line: 3, title: 'unsafe three', workerId: 'reviewer-2', severity: 'low' }),
  finding({ line: 3, title: 'Unsafe three!', workerId: 'reviewer-1' }),
  finding({ file: 'src/b.js', line: 1, title: 'not on the diff' }),
  finding({ file: 'src/missing.js', line: 4, title: 'nowhere' }),
];

beforeEach(async () => {
  gh = await startGitHubServer({ pulls: [{ number: 7, headSha: HEAD, files: [{ path: 'src/a.js', patch: PATCH }] }] });
  repo = await tempDir('review');
  await fs.mkdir(path.join(repo, 'src'));
  await fs.writeFile(path.join(repo, 'src/a.js'), 'one\ntwo\nthree\nfour\n');
  await fs.writeFile(path.join(repo, 'src/b.js'), 'b\n');
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  jest.restoreAllMocks();
  await gh.close();
  await fs.rm(repo, { recursive: true, force: true });
});

const options = (over: Partial<PublishReviewOptions> = {}): PublishReviewOptions => ({
  pull: {
    octokit: createOctokit('t', { baseUrl: gh.url, retryAfterBaseValue: 1 }),
    owner: 'octo-org',
    repo: 'hello-world',
    pullNumber: 7,
    selfLogin: 'github-actions[bot]',
  },
  headSha: HEAD,
  repoDir: repo,
  diff: diffRanges([{ path: 'src/a.js', patch: PATCH }]),
  findings: FINDINGS,
  writerPatches: [],
  previous: emptyState(),
  inline: true,
  annotations: true,
  ...over,
});
const roundTrip = (s: StickyState) => readStickyState(`body\n${renderStickyState(s)}`).state;

test('one review with the findings on the diff, de-duplicated; the rest in the comment; annotations for all', async () => {
  const pub = await publishReview(options());
  expect(gh.state.reviews).toHaveLength(1);
  expect(gh.state.reviews[0]).toMatchObject({ commitId: HEAD, event: 'COMMENT' });
  const comments = gh.state.reviewComments;
  expect(comments.map((c) => [c.path, c.line])).toEqual([
    ['src/a.js', 2],
    ['src/a.js', 3],
  ]);
  expect(comments[1].body).toContain('`reviewer-2`, `reviewer-1`');
  expect(comments[1].body).toMatch(/<!-- codex-swarm:finding [0-9a-f]{16} -->/);
  expect(comments[1].body).toContain('High');
  expect(pub.findings.map((f) => f.placement)).toEqual(['inline', 'inline', 'sticky', 'unplaced']);
  expect(pub.openFindings).toHaveLength(4);
  const section = renderReviewSection(pub)!.markdown;
  expect(section).toContain('2 findings inline in [the review](https://github.com/octo-org/hello-world/pull/7#pullrequestreview-');
  expect(section).toContain('1 finding not on the diff');
  expect(section).toMatch(/could not be placed:\n {2}- `src\/missing.js:4` — nowhere · `reviewer-1` \(the file is not in the checkout\)/);
  expect(renderReviewSection(pub)!.text).toContain('  - src/missing.js:4 — nowhere · reviewer-1 (the file is not in the checkout)');
  const out = stdout.join('');
  expect(out).toContain('::error title=high%3A unsafe two,file=src/a.js,line=2::why (reviewer-1)');
  expect(out).toMatch(/::error title=high%3A nowhere::/);
});

test('the next run posts no comment twice, replies "resolved" once to what is gone, and keeps the pending plan', async () => {
  const first = await publishReview(options());
  const pendingPlan = { json: '{}', sha256: 'x' };
  const state = roundTrip(
    nextState(
      { ...emptyState(), pendingPlan },
      { headSha: HEAD, runId: '1', runAttempt: 1, artifactId: 5, artifactName: 'a', openFindings: first.openFindings },
    ),
  );
  expect(state.pendingPlan).toEqual(pendingPlan);
  const second = await publishReview(options({ previous: state, findings: FINDINGS.filter((f) => f.title !== 'unsafe two') }));
  expect(gh.state.reviews).toHaveLength(1);
  expect(second.review).toBeNull();
  expect(second.alreadyInline).toBe(1);
  expect(second.resolved.map((f) => f.title)).toEqual(['unsafe two']);
  const replies = gh.state.reviewComments.filter((c) => c.inReplyToId);
  expect(replies).toHaveLength(1);
  expect(replies[0].inReplyToId).toBe(gh.state.reviewComments[0].id);
  expect(replies[0].body).toContain(`Resolved in ${HEAD.slice(0, 7)}`);
  expect(renderReviewSection(second)!.markdown).toContain('1 finding resolved since `aaaaaaa`');
  // The same state again (a re-run): the reply is not repeated.
  await publishReview(options({ previous: state, findings: FINDINGS.filter((f) => f.title !== 'unsafe two') }));
  expect(gh.state.reviewComments.filter((c) => c.inReplyToId)).toHaveLength(1);
});

test('an incremental run keeps the open findings of files it did not review', async () => {
  const first = await publishReview(options());
  const state = nextState(emptyState(), { headSha: HEAD, runId: '1', runAttempt: 1, artifactId: null, artifactName: null, openFindings: first.openFindings });
  const pub = await publishReview(options({ previous: state, findings: [], reviewedFiles: new Set(['src/b.js']) }));
  expect(pub.resolved.map((f) => f.file)).toEqual(['src/b.js']);
  expect(pub.openFindings.map((f) => f.file).sort()).toEqual(['src/a.js', 'src/a.js', 'src/missing.js']);
});

test('a 422 from GitHub is a warning: the findings stay in the comment', async () => {
  gh.failNext('POST', /\/pulls\/7\/reviews$/, 422);
  const pub = await publishReview(options());
  expect(pub.review).toBeNull();
  expect(pub.fellBack).toHaveLength(2);
  expect(pub.warnings[0]).toMatch(/GitHub refused the review \(422\)/);
  expect(renderReviewSection(pub)!.markdown).toContain('2 findings could not be posted inline');
});

test('a line outside the diff gets the 422 GitHub gives; inline-comments off posts nothing', async () => {
  // The PR moved on since its files were read: line 3 is no longer in the diff.
  gh.state.pulls[0].files[0].patch = '@@ -1 +1,2 @@\n one\n+two';
  const pub = await publishReview(options());
  expect(pub.warnings[0]).toMatch(/Line could not be resolved/);
  await publishReview(options({ inline: false, annotations: false }));
  expect(gh.state.reviews).toHaveLength(0);
});

test('the state carries one entry per fingerprint, the most severe 50 at most', async () => {
  const letters = (i: number) => String.fromCharCode(97 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26));
  const many = Array.from({ length: 60 }, (_, i) =>
    finding({ file: 'src/b.js', line: 1, title: `issue ${letters(i)}`, severity: i === 59 ? 'critical' : 'low', workerId: `reviewer-${(i % 2) + 1}` }),
  );
  const pub = await publishReview(options({ findings: [...many, finding({ file: 'src/b.js', line: 1, title: 'issue aa', workerId: 'reviewer-1' })] }));
  expect(pub.findings).toHaveLength(61);
  expect(pub.openFindings).toHaveLength(MAX_TRACKED);
  expect(new Set(pub.openFindings.map((f) => f.fingerprint)).size).toBe(MAX_TRACKED);
  expect(pub.openFindings[0]).toMatchObject({ title: 'issue ch', severity: 'critical' });
});

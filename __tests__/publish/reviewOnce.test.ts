/** A review POST answered 5xx may have been created: the run looks for its own review before posting again. */
import { createOctokit } from '../../src/github/client.js';
import { postReview, type PullTarget } from '../../src/publish/review/inlineComments.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';

const HEAD = 'b'.repeat(40);
const REVIEWS = /\/pulls\/7\/reviews$/;
let gh: GitHubServer;
let target: PullTarget;
const review = { commitId: HEAD, body: 'codex-swarm review: 1 finding', comments: [{ path: 'src/a.js', line: 2, side: 'RIGHT' as const, body: 'here' }] };
const posts = () => gh.requests.filter((r) => r.method === 'POST' && REVIEWS.test(r.path)).map((r) => r.status);

beforeEach(async () => {
  gh = await startGitHubServer({ pulls: [{ number: 7, headSha: HEAD, files: [{ path: 'src/a.js', patch: '@@ -1,2 +1,3 @@\n a\n+b\n c' }] }] });
  target = {
    octokit: createOctokit('t', { baseUrl: gh.url, retryAfterBaseValue: 1 }),
    owner: 'octo-org',
    repo: 'hello-world',
    pullNumber: 7,
    selfLogin: 'github-actions[bot]',
  };
});
afterEach(() => gh.close());

test('a 502 after GitHub made the review: the run finds its own review (run id and attempt) and posts no second', async () => {
  gh.failNext('POST', REVIEWS, 502, 1, { landed: true });
  const posted = await postReview(target, { ...review, run: { id: '1001', attempt: 2 } });
  expect(gh.state.reviews).toHaveLength(1);
  expect(gh.state.reviews[0].body).toContain('<!-- codex-swarm:review 1001-2 -->');
  expect(posted).toEqual({ id: gh.state.reviews[0].id, url: expect.stringContaining('#pullrequestreview-') });
  expect(posts()).toEqual([502]);
});

test('a 502 before anything was made: posted again, once', async () => {
  gh.failNext('POST', REVIEWS, 502, 1);
  await postReview(target, { ...review, run: { id: '1001', attempt: 1 } });
  expect(gh.state.reviews).toHaveLength(1);
  expect(posts()).toEqual([502, 200]);
});

test("another run's review is not taken for this run's; without a run the review's own content marks it", async () => {
  await postReview(target, { ...review, run: { id: '1000', attempt: 1 } });
  gh.failNext('POST', REVIEWS, 503, 1, { landed: true });
  await postReview(target, review);
  gh.failNext('POST', REVIEWS, 503, 1);
  await postReview(target, { ...review, body: 'another review' });
  expect(gh.state.reviews.map((r) => r.body.split('\n').pop())).toEqual(['codex-swarm review: 1 finding', 'codex-swarm review: 1 finding', 'another review']);
});

test('a 422 is returned, not retried', async () => {
  const posted = await postReview(target, { ...review, comments: [{ ...review.comments[0], line: 40 }] });
  expect(posted).toMatchObject({ status: 422 });
  expect(posts()).toEqual([422]);
});

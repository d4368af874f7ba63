import { isForkPullRequestRun } from '../../src/github/forkRun.js';

const pr = (head: { full_name: string } | null, base = 'octo-org/hello-world') => ({
  pull_request: { head: { repo: head }, base: { repo: { full_name: base } } },
});

test("a pull_request run is a fork's when the head is in another repository, or in one since deleted", () => {
  expect(isForkPullRequestRun({ eventName: 'pull_request', payload: pr({ full_name: 'mallory/hello-world' }) })).toBe(true);
  expect(isForkPullRequestRun({ eventName: 'pull_request_review', payload: pr(null) })).toBe(true);
  expect(isForkPullRequestRun({ eventName: 'pull_request', payload: pr({ full_name: 'Octo-Org/Hello-World' }) })).toBe(false);
});

test('issue_comment and pull_request_target run in the base repository; an odd payload is not taken for a fork', () => {
  expect(isForkPullRequestRun({ eventName: 'issue_comment', payload: pr({ full_name: 'mallory/hello-world' }) })).toBe(false);
  expect(isForkPullRequestRun({ eventName: 'pull_request_target', payload: pr({ full_name: 'mallory/hello-world' }) })).toBe(false);
  expect(isForkPullRequestRun({ eventName: 'pull_request', payload: { pull_request: { number: 7 } } })).toBe(false);
});

/** This run as memory needs it, from the runner's environment and the event payload. */
import { runIdentityOf } from '../../src/memory/runIdentity.js';

const base = { owner: 'octo-org', repo: 'hello-world', runId: '77', runAttempt: 2 };
const repository = { id: 42, full_name: 'octo-org/hello-world', default_branch: 'trunk' };

test("a fork's pull_request run: its head repository is the fork's", () => {
  const { run, repositoryId } = runIdentityOf({
    ...base,
    eventName: 'pull_request',
    pr: 7,
    env: { GITHUB_REF: 'refs/pull/7/merge', GITHUB_ACTOR: 'mallory', GITHUB_REPOSITORY_ID: '42' },
    payload: { repository, pull_request: { head: { repo: { id: 99, full_name: 'mallory/hello-world' } } } },
  });
  expect(repositoryId).toBe(42);
  expect(run).toEqual({
    runId: '77',
    attempt: 2,
    event: 'pull_request',
    ref: 'refs/pull/7/merge',
    defaultBranch: 'trunk',
    pr: 7,
    headRepository: { id: 99, fullName: 'mallory/hello-world' },
    actor: 'mallory',
  });
});

test('a /swarm comment runs the repository’s own code, whatever PR it is on', () => {
  const { run } = runIdentityOf({
    ...base,
    eventName: 'issue_comment',
    pr: 7,
    env: { GITHUB_REF: 'refs/heads/trunk' },
    payload: { repository, sender: { login: 'alice' } },
  });
  expect(run.headRepository).toEqual({ id: 42, fullName: 'octo-org/hello-world' });
  expect(run.actor).toBe('alice');
});

test('a payload it cannot read leaves what it does not know empty', () => {
  const { run, repositoryId } = runIdentityOf({ ...base, eventName: 'schedule', pr: null, env: {}, payload: 'nonsense' });
  expect(repositoryId).toBeUndefined();
  expect(run).toMatchObject({ ref: '', defaultBranch: 'main', headRepository: null, actor: null });
});

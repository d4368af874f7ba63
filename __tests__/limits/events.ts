/** Events as GitHub sends them, for the limits e2e tests: a pull request opened (from this repository or a fork). */
export const REPOSITORY = 'octo-org/hello-world';

export function pullRequestEvent(pr: number, { fork = false, headSha = 'f'.repeat(40) }: { fork?: boolean; headSha?: string } = {}) {
  const repo = (full_name: string) => ({ full_name, fork: full_name !== REPOSITORY });
  return {
    action: 'opened',
    number: pr,
    pull_request: {
      number: pr,
      draft: false,
      head: { ref: fork ? 'patch-1' : 'feature', sha: headSha, repo: repo(fork ? 'mallory/hello-world' : REPOSITORY) },
      base: { ref: 'main', repo: repo(REPOSITORY) },
    },
    repository: { full_name: REPOSITORY, default_branch: 'main' },
    sender: { login: fork ? 'mallory' : 'alice', type: 'User' },
  };
}

/** A workflow file granting `permissions` to its one job, for runs whose token lacks a scope the examples grant. */
export function workflowWith(permissions: Record<string, string>): string {
  const lines = Object.entries(permissions).map(([scope, access]) => `  ${scope}: ${access}`);
  return ['on: pull_request', 'permissions:', ...lines, 'jobs:', '  review:', '    runs-on: ubuntu-latest', '    steps: []', ''].join('\n');
}

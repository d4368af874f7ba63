/**
 * Issue 20 §3, end to end through the bundle: a fork's pull_request run. GitHub gives it no secrets
 * and a token capped at read (the harness applies pr-review.yml's `permissions:` as GitHub does for
 * a fork); the GitHub server answers every write 403. No key: a green skip with one notice. With a
 * model (a key-less endpoint, or a repository that sends secrets to forks): the report in the job
 * summary, the findings as annotations, one warning. Build first (`npm run build`).
 */
import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import { makeRepo } from '../workers/gitRepo.js';
import { BOT, startWorld, type World } from '../hardening/world.js';
import { pullRequestEvent } from './events.js';

jest.setTimeout(240_000);

let world: World;
let workspace: string;

beforeAll(async () => {
  workspace = await makeRepo({ 'src/app.js': 'export const app = eval(input);\n' });
  world = await startWorld({
    pulls: [{ number: 8, title: 'From a fork', body: '', headRepo: 'mallory/hello-world', headRef: 'patch-1', files: [{ path: 'src/app.js', additions: 1 }] }],
    scripts: [
      {
        match: /# codex-swarm worker reviewer-/,
        steps: [
          {
            message: {
              status: 'complete',
              summary: 'reviewed',
              findings: [{ severity: 'high', file: 'src/app.js', line: 1, title: 'eval of input', detail: 'runs any code' }],
              pattern: { approach: 'look for eval', context: 'js' },
            },
          },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await world?.close();
  await fs.rm(workspace, { recursive: true, force: true });
});

const writes = (from: number) => world.gh.requests.slice(from).filter((r) => r.contentCreating);

test('no key on a fork PR: exit 0, conclusion skipped, one notice that a maintainer can comment /swarm review, nothing asked of GitHub or the model', async () => {
  const before = { gh: world.gh.requests.length, model: world.model.requests.length };
  const run = await world.act('pull_request', pullRequestEvent(8, { fork: true }), {
    workspace,
    runId: '6201',
    inputs: { 'openai-api-key': '', 'responses-api-endpoint': '' },
    harness: { fork: true },
  });
  expect(run.exitCode).toBe(0);
  expect(run.outputs.conclusion).toBe('skipped');
  expect(run.annotations).toHaveLength(1);
  expect(run.annotations[0]).toMatchObject({ level: 'notice', title: 'codex-swarm: fork pull request' });
  expect(run.annotations[0].message).toContain('A maintainer can comment `/swarm review` on the pull request');
  expect(world.gh.requests.length).toBe(before.gh);
  expect(world.model.requests.length).toBe(before.model);
});

test('with a model on a fork PR: the read-only token writes nothing, one warning, the report in the job summary, the finding annotated', async () => {
  const before = world.gh.requests.length;
  const run = await world.act('pull_request', pullRequestEvent(8, { fork: true }), {
    workspace,
    runId: '6202',
    inputs: { 'project-instructions': 'off', 'fail-on': 'never' },
    harness: { fork: true },
  });
  expect(run.exitCode).toBe(0);
  expect(run.outputs.conclusion).toBe('success');
  expect(run.warnings).toHaveLength(1);
  expect(run.warnings[0]).toMatch(/comes from a fork.*read-only token: no comment, review or check run is written/);
  // The one write tried is the check run, whose 403 is the fallback to annotations.
  expect(writes(before).map((r) => [r.method, r.path, r.status])).toEqual([['POST', '/repos/octo-org/hello-world/check-runs', 403]]);
  expect(world.gh.commentsOn(8).filter((c) => c.user.login === BOT)).toHaveLength(0);
  expect(run.summary).toContain('eval of input');
  expect(run.annotations.filter((a) => a.level === 'error')).toEqual([expect.objectContaining({ title: 'high: eval of input', file: 'src/app.js', line: 1 })]);
});

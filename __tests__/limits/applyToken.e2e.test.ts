/**
 * Issue 20 §5, end to end through the bundle: `apply` with the workflow's own token. GitHub starts no
 * workflow for pushes and pull requests made with GITHUB_TOKEN, and new repositories refuse pull
 * requests from Actions unless a setting is on (the GitHub server here has it off). The comment
 * says so when the push was made with the default token, and not when `apply-token` made it.
 * Origin is a local bare repository the checkout pushes to. Build first (`npm run build`).
 */
import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeRepo, sh, tempDir } from '../workers/gitRepo.js';
import { startWorld, type World } from '../hardening/world.js';

jest.setTimeout(240_000);

let world: World;
let origin: string;
let workspace: string;
const dirs: string[] = [];

beforeAll(async () => {
  origin = await tempDir('origin');
  await sh(origin, 'git', ['init', '-q', '--bare', '-b', 'main']);
  const dev = await makeRepo({ 'src/app.js': 'export const app = 1;\n' });
  dirs.push(origin, dev);
  await sh(dev, 'git', ['remote', 'add', 'origin', origin]);
  await sh(dev, 'git', ['push', '-q', 'origin', 'HEAD:refs/heads/main', 'HEAD:refs/heads/feature']);
  const parent = await tempDir('checkout');
  dirs.push(parent);
  workspace = path.join(parent, 'repo');
  await sh(parent, 'git', ['clone', '-q', '--branch', 'feature', origin, workspace]);
  world = await startWorld({
    pulls: [{ number: 7, title: 'Feature', body: '', headRef: 'feature', files: [{ path: 'src/app.js', additions: 1 }] }],
    github: { actionsCanCreatePullRequests: false },
  });
});
afterAll(async () => {
  await world?.close();
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

/** A `/swarm code` run whose coder writes `text` into `<text>.txt`. */
const code = (runId: string, text: string, inputs: Record<string, string>) => {
  world.model.setScripts([{ match: /# codex-swarm worker coder-/, steps: [{ shell: `echo ${text} > ${text}.txt` }, {}] }]);
  return world.act('issue_comment', world.commentEvent('/swarm code add a greeting file'), {
    workspace,
    runId,
    inputs: { 'project-instructions': 'off', ...inputs },
  });
};
const NOTE = /GitHub starts no workflow for pushes and pull requests made with GITHUB_TOKEN.*`apply-token`/;

test('apply: commit with the default token: pushed, and the comment says no workflow will run for it', async () => {
  const run = await code('6501', 'hello', { apply: 'commit' });
  expect(run.exitCode).toBe(0);
  expect(await sh(origin, 'git', ['show', 'feature:hello.txt'])).toBe('hello');
  expect(world.sticky()).toMatch(/\*\*Changes:\*\* apply: pushed [0-9a-f]{7} to `feature`/);
  expect(world.sticky()).toMatch(NOTE);
});

test('apply: commit with apply-token: pushed with it, no note', async () => {
  const run = await code('6502', 'again', { apply: 'commit', 'apply-token': world.token });
  expect(run.exitCode).toBe(0);
  expect(world.sticky()).toMatch(/\*\*Changes:\*\* apply: pushed/);
  expect(world.sticky()).not.toMatch(NOTE);
});

test('apply: pull-request where the repository refuses pull requests from Actions: the branch is pushed and the comment names the setting', async () => {
  const run = await code('6503', 'proposed', { apply: 'pull-request' });
  expect(run.exitCode).toBe(0);
  expect(await sh(origin, 'git', ['show', 'codex-swarm/6503-1:proposed.txt'])).toBe('proposed');
  expect(world.sticky()).toMatch(
    /apply \(pull-request\) failed: Pushed codex-swarm\/6503-1 but could not open a pull request into feature: .*not permitted to create or approve pull requests.*Allow GitHub Actions to create pull requests/,
  );
  expect(run.warnings.join('\n')).toMatch(/Allow GitHub Actions to create pull requests/);
});

/**
 * An earlier run's artifact through the REST API, as `/swarm retry` fetches it: the real
 * `@actions/artifact` client with `findBy`, against the local GitHub server's artifact routes
 * (a 302 to a blob fetched without the token), fed by the local artifact service.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { restArtifacts, startArtifactServer, type ArtifactServer } from '../fixtures/artifactServer.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { emptyState } from '../../src/publish/comment/stickyState.js';
import { tempDir } from '../workers/gitRepo.js';

const TOKEN = 'ghs_previousrun';
const ENV_KEYS = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'RUNNER_TEMP', 'GITHUB_API_URL'];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
let art: ArtifactServer;
let gh: GitHubServer;
let dir: string;
const expired = new Set<number>();

beforeAll(async () => {
  art = await startArtifactServer();
  gh = await startGitHubServer({ token: TOKEN, artifacts: restArtifacts(art, (name) => /^codex-swarm-(\d+)-/.exec(name)?.[1] ?? null, expired) });
  dir = await tempDir('previous');
  // @actions/github reads GITHUB_API_URL when it is first imported.
  Object.assign(process.env, art.env, { GITHUB_REPOSITORY: 'octo-org/hello-world', GITHUB_RUN_ID: '555', RUNNER_TEMP: dir, GITHUB_API_URL: gh.url });
});
afterAll(async () => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  await Promise.all([art.close(), gh.close()]);
  await fs.rm(dir, { recursive: true, force: true });
});

test('downloads the run the state names, then says "expired" for a 410 and "none" without a run', async () => {
  const { uploadRunArtifact } = await import('../../src/publish/outputs/runArtifact.js');
  const { downloadPreviousRun } = await import('../../src/publish/outputs/previousRun.js');
  const runDir = path.join(dir, 'run');
  await fs.mkdir(path.join(runDir, 'workers/reviewer-1'), { recursive: true });
  await fs.writeFile(path.join(runDir, 'results.json'), '{"schemaVersion":1}');
  await fs.writeFile(path.join(runDir, 'workers/reviewer-1/final.json'), '{"ok":true}');
  const uploaded = await uploadRunArtifact({ runDir, name: 'codex-swarm-555-1' });
  if ('error' in uploaded) throw new Error(uploaded.error);

  const state = { ...emptyState(), runId: '555', runAttempt: 1, artifactId: uploaded.id, artifactName: 'codex-swarm-555-1' };
  const target = { token: TOKEN, owner: 'octo-org', repo: 'hello-world' };
  const dest = path.join(dir, 'down');
  expect(await downloadPreviousRun({ ...target, state, dest })).toEqual({ ok: true, dir: dest });
  expect(await fs.readFile(path.join(dest, 'workers/reviewer-1/final.json'), 'utf8')).toBe('{"ok":true}');
  const zip = gh.requests.find((r) => r.path.includes(`/actions/artifacts/${uploaded.id}/zip`))!;
  expect(zip.status).toBe(302);
  const blob = gh.requests.find((r) => r.path.startsWith('/_blobs/'))!;
  expect(blob.headers.authorization).toBeUndefined();

  // Found by name when the state has no id: the run's artifact list.
  const byName = await downloadPreviousRun({ ...target, state: { ...state, artifactId: null }, dest: path.join(dir, 'down2') });
  expect(byName.ok).toBe(true);
  expect(gh.requests.some((r) => r.path.startsWith('/repos/octo-org/hello-world/actions/runs/555/artifacts'))).toBe(true);

  expired.add(uploaded.id);
  expect(await downloadPreviousRun({ ...target, state, dest: path.join(dir, 'down3') })).toMatchObject({ ok: false, reason: 'expired' });
  expect(await downloadPreviousRun({ ...target, state: emptyState(), dest })).toMatchObject({ ok: false, reason: 'none' });
});

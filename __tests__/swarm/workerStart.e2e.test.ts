/**
 * What every Codex worker costs before it does anything, with the real CLI: a 3-worker review
 * against the scripted Responses server, with github.com rewritten (in the workers' git config) to
 * a local server that counts Codex's curated plugin sync (`git ls-remote` of openai/plugins.git).
 * - No plugin sync: not one request for the plugins repository.
 * - One prefix for all: the workers' first requests are the same, as the model reads them, up to
 *   the heading of each worker's own part, and carry one prompt_cache_key (the API routes by it),
 *   so the API's prompt cache serves all but the first.
 * - Isolation kept: each worker still runs with a CODEX_HOME of its own.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildPlan } from '../../src/plan/buildPlan.js';
import { listRepositoryFiles } from '../../src/plan/files.js';
import { runSwarm } from '../../src/swarm/runSwarm.js';
import { sharedPrefix } from '../fixtures/requestPrefix.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { makeRepo, tempDirs } from '../workers/gitRepo.js';

const CODEX = path.resolve('node_modules/.bin/codex');
const temp = tempDirs();
let model: ScriptedModel;
let github: http.Server;
const pluginSync: string[] = [];
const realHome = process.env.HOME;

beforeAll(async () => {
  // Each reviewer first prints its CODEX_HOME through the shell tool, then answers.
  model = await startScriptedModel({ scripts: [{ match: '# codex-swarm worker reviewer-', steps: [{ shell: 'printf "%s" "$CODEX_HOME"' }, {}] }] });
  github = http.createServer((req, res) => {
    if (req.url?.includes('/openai/plugins')) pluginSync.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  const home = await temp.make('home');
  const { port } = github.address() as AddressInfo;
  await fs.writeFile(path.join(home, '.gitconfig'), `[url "http://127.0.0.1:${port}/github/"]\n\tinsteadOf = https://github.com/\n`);
  // Workers get HOME from this process (workerEnv), and with it this git config.
  process.env.HOME = home;
});

afterAll(async () => {
  process.env.HOME = realHome;
  await model.close();
  await new Promise((resolve) => github.close(resolve));
  await temp.removeAll();
});

test('a 3-worker review: no plugin sync, one shared prefix, a CODEX_HOME each', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 9; i++) files[`src/mod${i % 3}/file${i}.js`] = `export const v${i} = ${i};\n`;
  const repo = temp.track(await makeRepo(files));
  const plan = buildPlan({
    request: { command: 'review', task: '', paths: [], workers: 3, maxParallel: 3 },
    files: await listRepositoryFiles(repo),
    fileSource: 'repository',
  });
  const tmp = await temp.make('run');
  const outcome = await runSwarm({
    plan,
    runId: 'worker-start',
    repoDir: repo,
    runDir: path.join(tmp, 'run'),
    scratchDir: path.join(tmp, 'scratch'),
    codexPath: CODEX,
    codexArgs: [],
    model: { baseUrl: model.url, tuning: { requestMaxRetries: 0, streamMaxRetries: 0 } },
    workerTimeoutMs: 90_000,
    maxParallel: 3,
    applyPatches: false,
  });
  expect(outcome.results.map((r) => `${r.id}: ${r.status}`)).toEqual(['reviewer-1: succeeded', 'reviewer-2: succeeded', 'reviewer-3: succeeded']);

  expect(pluginSync).toEqual([]);

  const prefix = sharedPrefix(model.requests);
  expect(prefix.workers.sort()).toEqual(['reviewer-1', 'reviewer-2', 'reviewer-3']);
  // Identical up to where each says which worker it is: Codex's part and the prompt's shared part.
  for (const at of prefix.ownPartAt) expect(prefix.shared).toBeGreaterThanOrEqual(at);
  expect(prefix.share).toBeGreaterThanOrEqual(0.9);
  process.stdout.write(`first requests ${prefix.sizes.join(', ')} characters; shared prefix ${prefix.shared} (${(100 * prefix.share).toFixed(1)} %)\n`);
  // The API routes by prompt_cache_key: one for the run's reviewers, not Codex's one per session.
  expect(new Set(model.requests.map((r) => (r.body as { prompt_cache_key?: string }).prompt_cache_key))).toEqual(
    new Set(['codex-swarm-worker-start-reviewer']),
  );

  const homes = model.requests.filter((r) => r.toolOutputs.length === 1).map((r) => r.toolOutputs[0]);
  expect(homes).toHaveLength(3);
  expect(new Set(homes.map((h) => /\S*codex-home\S*/.exec(h)?.[0])).size).toBe(3);
}, 120_000);

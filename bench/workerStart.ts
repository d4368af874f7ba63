/**
 * Scenario 7 — what each Codex worker sends and fetches before it works: a 3-worker review with
 * the real Codex CLI against the scripted Responses server, github.com rewritten (in the workers'
 * git config) to a local server that counts Codex's curated plugin sync. Two ways:
 *   swarm     the engine as it runs workers
 *   defaults  the same with Codex's bundled skills and plugins back on (`codex-args`), as the
 *             engine ran workers before issue 20
 * Figures: the longest prefix the workers' first requests share, as the model reads them (input
 * items in order, without Codex's per-request item ids), over the smallest first request; and the
 * plugin-sync requests the run made.
 */
import { existsSync, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sharedPrefix, type SharedPrefix } from '../__tests__/fixtures/requestPrefix.js';
import { startScriptedModel } from '../__tests__/fixtures/scriptedModel.js';
import { planFor, smallRepo, timeEngine } from './engine.js';
import type { Row, ScenarioResult } from './report.js';
import { REAL_CODEX, Unavailable, type BenchContext } from './support.js';

const WORKERS = 3;
const TARGET_SHARE = 0.9;
const DEFAULTS = ['-c', 'features.plugins=true', '-c', 'skills.bundled.enabled=true'];

/** A local stand-in for github.com that counts requests for the curated plugins repository (and answers 404). */
async function countingGitHub(ctx: BenchContext): Promise<{ port: number; pluginSync: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    if (req.url?.includes('/openai/plugins')) count++;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.defer(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as AddressInfo).port, pluginSync: () => count };
}

const percent = (p: SharedPrefix) => `${(100 * p.share).toFixed(1)} % (${p.shared.toLocaleString('en')} of ${Math.min(...p.sizes).toLocaleString('en')} chars)`;

export async function workerStart(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(REAL_CODEX)) throw new Unavailable('node_modules/.bin/codex is missing (npm ci installs @openai/codex)');
  const github = await countingGitHub(ctx);
  // Workers get HOME from this process: an empty one, whose git config sends github.com to the counter.
  const home = await ctx.tempDir('home');
  await fs.writeFile(path.join(home, '.gitconfig'), `[url "http://127.0.0.1:${github.port}/github/"]\n\tinsteadOf = https://github.com/\n`);
  const realHome = process.env.HOME;
  process.env.HOME = home;
  ctx.defer(async () => {
    process.env.HOME = realHome;
  });
  const model = await startScriptedModel({});
  ctx.defer(() => model.close());
  const repo = await smallRepo(ctx);
  const plan = await planFor(repo, { command: 'review', workers: WORKERS, maxParallel: WORKERS });

  const measure = async (codexArgs: string[]) => {
    const [requestsBefore, syncBefore] = [model.requests.length, github.pluginSync()];
    await timeEngine(ctx, {
      plan,
      repoDir: repo,
      codexPath: REAL_CODEX,
      codexArgs,
      model: { baseUrl: model.url, tuning: { requestMaxRetries: 0, streamMaxRetries: 0 } },
      workerTimeoutMs: 120_000,
      maxParallel: WORKERS,
      applyPatches: false,
    });
    return { prefix: sharedPrefix(model.requests.slice(requestsBefore)), pluginSync: github.pluginSync() - syncBefore };
  };
  const swarm = await measure([]);
  const defaults = await measure(DEFAULTS);

  const rows: Row[] = [
    {
      scenario: '7',
      figure: `first requests' shared prefix, ${WORKERS}-worker review`,
      value: percent(swarm.prefix),
      target: `≥ ${100 * TARGET_SHARE} % of the smallest`,
      met: swarm.prefix.share >= TARGET_SHARE,
      data: { ...swarm.prefix },
    },
    {
      scenario: '7',
      figure: "  the same with Codex's bundled skills and plugins on",
      value: percent(defaults.prefix),
      target: 'informs',
      met: null,
      data: { ...defaults.prefix },
    },
    { scenario: '7', figure: `plugin-sync requests, ${WORKERS}-worker run`, value: String(swarm.pluginSync), target: '0', met: swarm.pluginSync === 0 },
    { scenario: '7', figure: "  the same with Codex's bundled skills and plugins on", value: String(defaults.pluginSync), target: 'informs', met: null },
  ];
  const notes = [
    `The workers' first requests are ${swarm.prefix.sizes.join(', ')} characters as the model reads them; all but each worker's own part (its id, shard, files and memory keys, last in its prompt) is the same.`,
    "With Codex's bundled skills on, each worker's request lists them under its own CODEX_HOME, so the requests part there; with plugins on, each worker starts a git ls-remote of openai/plugins.git (here answered by the local counter).",
  ];
  return { id: '7', title: 'worker start: shared prompt prefix, plugin sync', status: 'ok', rows, notes };
}

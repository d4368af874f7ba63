/**
 * Scenario 8 — memory sync at run start (issue 19): what `openSyncedMemory` adds to a
 * `pull_request` run — restore the consolidated snapshot (the real @actions/cache), list the
 * repository's delta artifacts (REST), download the pending ones in parallel, merge them, write
 * the memory file — against the local GitHub, artifact and cache services answering every request
 * after 50 ms, with 10 and 100 pending deltas of 50 patterns each; then again after a scheduled
 * run consolidated them (nothing pending: restore and one listing).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { restArtifacts } from '../__tests__/fixtures/artifactServer.js';
import { repositoryId, startGitHubServer } from '../__tests__/fixtures/githubServer.js';
import { startResultsService } from '../__tests__/fixtures/resultsService.js';
import { runtimeTokenFor, type TokenEvent } from '../__tests__/fixtures/runtimeToken.js';
import { buildDelta } from '../src/memory/delta.js';
import { memoryArtifactName } from '../src/memory/memoryArtifacts.js';
import { restoreCachedFile, saveCachedFile } from '../src/memory/cache.js';
import { loadMemoryFile } from '../src/memory/persist.js';
import { runnerMemoryPaths } from '../src/memory/snapshot.js';
import { MEMORY_FILE_VERSION, PATTERNS } from '../src/memory/store.js';
import { openSyncedMemory, type SyncedMemory } from '../src/memory/syncedMemory.js';
import { generatePatterns } from './patterns.js';
import type { Row, ScenarioResult } from './report.js';
import { differenceSummary, formatMs, summarize, type Summary } from './stats.js';
import type { BenchContext } from './support.js';

const LATENCY_MS = 50;
const ENTRIES_PER_DELTA = 50;
const REPO = 'octo-org/hello-world';
/** Before the carrier, a run restored the newest cache entry of this prefix (the whole memory file). */
const LEGACY_PREFIX = 'codex-swarm-memory-legacy-';

type World = Awaited<ReturnType<typeof startWorld>>;

async function startWorld(ctx: BenchContext) {
  const results = await startResultsService({ latencyMs: LATENCY_MS });
  const gh = await startGitHubServer({ repo: REPO, latencyMs: LATENCY_MS, artifacts: restArtifacts(results.artifacts) });
  ctx.defer(() => Promise.all([results.close(), gh.close()]));
  const runnerTemp = path.join(await ctx.tempDir('memory-sync'), 'temp');
  return { results, gh, runnerTemp, nextId: 5_000_000, nextRun: 70_000 };
}

/** Pending deltas, as runs of this repository left them (put straight into the artifact service's store). */
function seedDeltas(world: World, count: number, patterns: ReturnType<typeof generatePatterns>): void {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const runId = world.nextRun++;
    const backend = `bench-${runId}`;
    const createdAt = new Date(now - (count - i) * 60_000).toISOString();
    const entries = patterns
      .splice(0, ENTRIES_PER_DELTA)
      .map(({ key, value, createdAt: c, updatedAt, workerId }) => ({ key, value, createdAt: c, updatedAt, workerId, runId: `${runId}-1` }));
    const provenance = {
      runId: String(runId),
      runAttempt: 1,
      event: 'pull_request',
      pr: 1 + (i % 7),
      headRepository: { id: repositoryId(REPO), fullName: REPO },
      actor: 'alice',
      createdAt,
    };
    const text = JSON.stringify(buildDelta({ id: `${runId}-1`, scope: 'default', provenance, untrustedPr: null }, { entries, counters: [] }));
    world.results.artifacts.runs.set(backend, { id: runId });
    world.results.artifacts.artifacts.push({
      id: world.nextId++,
      name: memoryArtifactName('delta', 'default', 1),
      runBackendId: backend,
      jobBackendId: 'job-1',
      version: 7,
      mimeType: 'application/json',
      expiresAt: null,
      createdAt,
      finalized: true,
      size: text.length,
      hash: null,
      blob: Buffer.from(text),
    });
  }
}

/** The runner's environment for a job with this runtime token. */
const onRunner = (world: World, token: string) =>
  Object.assign(process.env, world.results.env, {
    ACTIONS_RUNTIME_TOKEN: token,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: world.runnerTemp,
    GITHUB_WORKSPACE: path.dirname(world.runnerTemp),
  });

/** A run's start on a fresh runner (same paths, emptied), timed from the call to the memory file written. */
async function startRun(world: World, event: TokenEvent): Promise<{ memory: SyncedMemory; wallMs: number }> {
  await fs.rm(world.runnerTemp, { recursive: true, force: true });
  const runId = world.nextRun++;
  onRunner(world, runtimeTokenFor({ ...event, run: `bench-${runId}` }));
  const t0 = performance.now();
  const memory = await openSyncedMemory({
    paths: runnerMemoryPaths(world.runnerTemp),
    scope: 'default',
    repository: { owner: 'octo-org', repo: 'hello-world', id: repositoryId(REPO) },
    github: { token: 'ghs_bench', baseUrl: world.gh.url, retryAfterBaseValue: 1 },
    run: {
      runId: String(runId),
      attempt: 1,
      event: event.event,
      ref: event.pr ? `refs/pull/${event.pr}/merge` : 'refs/heads/main',
      defaultBranch: 'main',
      pr: event.pr ?? null,
      headRepository: { id: repositoryId(REPO), fullName: REPO },
      actor: 'alice',
    },
    untrustedPr: null,
    maxEntries: 10_000,
    log: {
      info: () => undefined,
      warning: (message) => {
        throw new Error(`memory warned: ${message}`);
      },
    },
  });
  return { memory, wallMs: performance.now() - t0 };
}

/**
 * What a run did before the carrier, for the same memory: restore the newest cache entry of the
 * scope into the memory file and load it (the 5,000 patterns, saved once by a push to main).
 */
async function saveLegacyMemory(world: World, patterns: ReturnType<typeof generatePatterns>): Promise<void> {
  await fs.rm(world.runnerTemp, { recursive: true, force: true });
  onRunner(world, runtimeTokenFor({ event: 'push', run: 'bench-legacy' }));
  const file = runnerMemoryPaths(world.runnerTemp).file;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify({ version: MEMORY_FILE_VERSION, entries: patterns }));
  if (!(await saveCachedFile({ key: `${LEGACY_PREFIX}1-1`, file }))) throw new Error('the legacy memory was not saved');
}

async function legacyStart(world: World): Promise<number> {
  await fs.rm(world.runnerTemp, { recursive: true, force: true });
  onRunner(world, runtimeTokenFor({ event: 'pull_request', pr: 9, run: 'bench-legacy-run' }));
  const file = runnerMemoryPaths(world.runnerTemp).file;
  const t0 = performance.now();
  await restoreCachedFile({ prefix: LEGACY_PREFIX, file });
  const held = (await loadMemoryFile(file)).size;
  if (held !== 100 * ENTRIES_PER_DELTA) throw new Error(`the legacy memory holds ${held} patterns`);
  return performance.now() - t0;
}

interface Measured {
  /** The sync's wall time, and what it adds to the run start before the carrier (paired). */
  wall: Summary;
  added: Summary;
  legacy: Summary;
  downloads: number;
}

/** `runs` timed run starts (after one warm-up), each checked to hold every pattern, each beside a legacy start. */
async function measure(ctx: BenchContext, world: World, expected: number): Promise<Measured> {
  const walls: number[] = [];
  const legacy: number[] = [];
  let downloads = 0;
  for (let i = 0; i <= ctx.options.runs; i++) {
    const before = world.gh.requests.filter((r) => r.path.startsWith('/_blobs/')).length;
    const { memory, wallMs } = await startRun(world, { event: 'pull_request', pr: 9 });
    const held = (await loadMemoryFile(memory.file)).list(PATTERNS).length;
    if (held !== expected) throw new Error(`the synced memory holds ${held} patterns, not ${expected}`);
    downloads = world.gh.requests.filter((r) => r.path.startsWith('/_blobs/')).length - before;
    const legacyMs = await legacyStart(world);
    if (i === 0) continue;
    walls.push(wallMs);
    legacy.push(legacyMs);
  }
  return { wall: summarize(walls), added: differenceSummary(walls, legacy), legacy: summarize(legacy), downloads };
}

export async function memorySync(ctx: BenchContext): Promise<ScenarioResult> {
  const savedEnv = { ...process.env };
  // The toolkit's own log lines (cache hits, uploads) go to stdout, which holds the bench's table.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  ctx.defer(async () => {
    process.stdout.write = write;
    process.env = savedEnv;
  });
  const world = await startWorld(ctx);
  const patterns = generatePatterns(100 * ENTRIES_PER_DELTA);
  await saveLegacyMemory(world, patterns);
  const rows: Row[] = [];
  const row = (figure: string, m: Measured, target: string, limitMs: number | null) => {
    ctx.log(`8 ${figure}: adds ${formatMs(m.added)}; sync ${formatMs(m.wall)}, legacy restore ${formatMs(m.legacy)} (${m.downloads} downloads)`);
    rows.push(
      {
        scenario: '8',
        figure: `${figure}: added`,
        value: formatMs(m.added),
        target,
        met: limitMs === null ? null : m.added.median <= limitMs,
        data: { addedMs: m.added, downloads: m.downloads },
      },
      {
        scenario: '8',
        figure: '  sync / legacy restore',
        value: `${formatMs(m.wall).split(' (')[0]} / ${formatMs(m.legacy).split(' (')[0]}`,
        target: '',
        met: null,
        data: { syncMs: m.wall, legacyMs: m.legacy },
      },
    );
  };

  seedDeltas(world, 10, patterns);
  row('sync at run start, 10 pending deltas × 50 patterns', await measure(ctx, world, 10 * ENTRIES_PER_DELTA), '', null);
  seedDeltas(world, 90, patterns);
  row('sync at run start, 100 pending deltas × 50 patterns', await measure(ctx, world, 100 * ENTRIES_PER_DELTA), '≤ 1.5 s', 1500);

  const nightly = await startRun(world, { event: 'schedule' });
  if (!(await nightly.memory.consolidate())) throw new Error('the scheduled run did not consolidate');
  row('sync at run start after consolidation (5,000 patterns, 0 pending)', await measure(ctx, world, 100 * ENTRIES_PER_DELTA), '≤ 0.3 s', 300);

  return {
    id: '8',
    title: 'memory sync at run start',
    status: 'ok',
    rows,
    notes: [
      `Every request to the local GitHub, artifact and cache services is answered after ${LATENCY_MS} ms; deltas download 20 at a time, each a REST request answered with a redirect, then the blob.`,
      'Added = openSyncedMemory (snapshot restore: cache lookup, HEAD, download, tar; listing; downloads; merge; the memory file written) − what a run start did before the carrier for the same 5,000 patterns (the cache restore of the whole memory file + loadMemoryFile), paired per repetition; the legacy start always restores all 5,000 patterns (with 10 deltas the sync merges 500). Before consolidation the cache holds no snapshot and the snapshot artifact listing answers empty.',
      'The local services run in the bench process: their CPU is in the figures too, and the machine is shared (see the load average).',
    ],
  };
}

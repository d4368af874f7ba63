/** The real @actions/cache against the local cache service of __tests__/fixtures/cacheServer.ts. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { restoreCachedFile, saveCachedFile } from '../../src/memory/cache.js';
import { loadMemoryFile, saveMemoryFile } from '../../src/memory/persist.js';
import { PATTERNS } from '../../src/memory/store.js';
import { startCacheServer, type CacheServer } from '../fixtures/cacheServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

let server: CacheServer;
let dir: string;
let file: string;
let commands: CapturedCommands;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = await startCacheServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'codex-swarm-cache-')));
  file = path.join(dir, 'temp', 'codex-swarm', 'memory.json');
  Object.assign(process.env, server.env, { RUNNER_TEMP: path.join(dir, 'temp'), GITHUB_WORKSPACE: path.join(dir, 'workspace') });
  await fs.mkdir(path.join(dir, 'workspace'), { recursive: true });
  commands = captureWorkflowCommands();
});
afterEach(async () => {
  commands.restore();
  server.fail(null);
  process.env = { ...savedEnv };
  await fs.rm(dir, { recursive: true, force: true });
});

const prefixOf = (scope: string) => `codex-swarm-memory-snapshot-${scope}-`;
const restoreSnapshotFile = ({ scope, file }: { scope: string; file: string }) => restoreCachedFile({ prefix: prefixOf(scope), file });
const saveSnapshotFile = ({ scope, file, runId, attempt }: { scope: string; file: string; runId: string; attempt: number }) =>
  saveCachedFile({ key: `${prefixOf(scope)}${runId}-${attempt}`, file });

async function learn(key: string): Promise<void> {
  const store = await loadMemoryFile(file);
  store.store({ namespace: PATTERNS, key, value: { approach: `${key} approach`, context: 'tests' }, upsert: true });
  await saveMemoryFile(file, store);
}

describe('a memory file across runs with @actions/cache', () => {
  it('restores nothing at first, then the newest save of its scope, by prefix', async () => {
    const scope = `scope-${path.basename(dir)}`;
    expect(await restoreSnapshotFile({ scope, file })).toBeUndefined();

    await learn('pattern-run-1');
    expect(await saveSnapshotFile({ scope, file, runId: '101', attempt: 1 })).toBe(`${prefixOf(scope)}101-1`);

    // Run 2 on a fresh runner: the file comes back from the cache and grows.
    await fs.rm(path.join(dir, 'temp'), { recursive: true });
    expect(await restoreSnapshotFile({ scope, file })).toBe(`codex-swarm-memory-snapshot-${scope}-101-1`);
    await learn('pattern-run-2');
    expect(await saveSnapshotFile({ scope, file, runId: '102', attempt: 1 })).toBe(`codex-swarm-memory-snapshot-${scope}-102-1`);

    // Run 3 gets both patterns: the newest entry holds what was restored merged with what run 2 learned.
    await fs.rm(path.join(dir, 'temp'), { recursive: true });
    expect(await restoreSnapshotFile({ scope, file })).toBe(`codex-swarm-memory-snapshot-${scope}-102-1`);
    expect((await loadMemoryFile(file)).list().map((e) => e.key)).toEqual(['pattern-run-1', 'pattern-run-2']);

    // Another scope shares nothing.
    await fs.rm(path.join(dir, 'temp'), { recursive: true });
    expect(await restoreSnapshotFile({ scope: `${scope}-other`, file })).toBeUndefined();
    expect(commands.warnings).toEqual([]);
    expect(server.calls).toEqual(expect.arrayContaining(['GetCacheEntryDownloadURL', 'CreateCacheEntry', 'FinalizeCacheEntryUpload']));
  });

  it('warns, never throws, when the key exists or the service fails', async () => {
    const scope = `scope-${path.basename(dir)}`;
    await learn('pattern-a');
    expect(await saveSnapshotFile({ scope, file, runId: '7', attempt: 1 })).toBeDefined();
    expect(await saveSnapshotFile({ scope, file, runId: '7', attempt: 1 })).toBeUndefined();
    expect(commands.warnings.at(-1)).toBe(
      `memory: the cache was not saved under codex-swarm-memory-snapshot-${scope}-7-1; later runs restore the previous entry.`,
    );

    server.fail({ status: 403, msg: 'cache service unavailable for this token' });
    await fs.rm(file);
    expect(await restoreSnapshotFile({ scope, file })).toBeUndefined();
    expect(commands.warnings.at(-1)).toMatch(/Failed to restore: .*cache service unavailable for this token/);
    await learn('pattern-b');
    expect(await saveSnapshotFile({ scope, file, runId: '8', attempt: 1 })).toBeUndefined();
    expect(commands.warnings.at(-1)).toContain('the cache was not saved under');
  });

  it('warns when the service cannot be reached', async () => {
    process.env.ACTIONS_RESULTS_URL = 'http://127.0.0.1:9/';
    expect(await restoreSnapshotFile({ scope: 'unreachable', file })).toBeUndefined();
    expect(commands.warnings.join('\n')).toMatch(/Failed to restore|could not restore/);
  });

  it('skips quietly where there is no cache service (off GitHub)', async () => {
    delete process.env.ACTIONS_RESULTS_URL;
    expect(await restoreSnapshotFile({ scope: 'x', file })).toBeUndefined();
    await learn('pattern-a');
    expect(await saveSnapshotFile({ scope: 'x', file, runId: '1', attempt: 1 })).toBeUndefined();
    expect(commands.warnings).toEqual([]);
  });
});

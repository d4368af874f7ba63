/**
 * The consolidated memory: the patterns (each fork PR's own kept apart) with the sync record of
 * the deltas it holds. A run that may write the default branch's cache scope saves it under a key
 * of its own (keys are immutable) and uploads it as an artifact too; every run restores the
 * newest by prefix, from the cache, else from the newest trusted snapshot artifact (a cache entry
 * unused for a week is evicted; `memory pull` cannot read the cache at all). The file's path is
 * part of the cache version, so it is the same in every mode.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { redact } from '../util/redact.js';
import { restoreCachedFile, saveCachedFile } from './cache.js';
import { syncRecordSchema, type SyncRecord } from './deltaMerge.js';
import { downloadMemoryArtifact, listMemoryArtifacts, uploadMemoryArtifact, type RestAccess } from './memoryArtifacts.js';
import { persistedNamespaces, writeAtomically } from './persist.js';
import { MEMORY_FILE_VERSION, MemoryStore } from './store.js';

export interface MemoryPaths {
  /** The memory the run's workers use. */
  file: string;
  /** The consolidated snapshot as the cache holds it. */
  snapshot: string;
}

/** Where memory lives on a runner: the same paths in every mode (one job, matrix work and aggregate, dry run). */
export const runnerMemoryPaths = (tempDir: string): MemoryPaths => ({
  file: path.join(tempDir, 'codex-swarm', 'memory.json'),
  snapshot: path.join(tempDir, 'codex-swarm', 'memory-snapshot.json'),
});

export const snapshotCachePrefix = (scope: string): string => `codex-swarm-memory-snapshot-${scope || 'default'}-`;

export interface Snapshot {
  store: MemoryStore;
  record: SyncRecord;
  /** Where it came from: a cache key or an artifact. */
  source: string;
  /** Its text on disk (restored from the cache): a memory file as it is. */
  file: string | null;
  /** How many entries it held when read. */
  size: number;
}

/** A snapshot from its text; throws what is wrong with it. */
export function parseSnapshot(text: string, maxEntries: number, from: Pick<Snapshot, 'source' | 'file'>): Snapshot {
  const data = JSON.parse(text) as { sync?: unknown };
  const record = syncRecordSchema.safeParse(data?.sync);
  if (!record.success) throw new Error('its sync record is missing or malformed');
  const store = MemoryStore.fromJSON(data, { maxEntries });
  return { store, record: record.data, ...from, size: store.size };
}

export const snapshotText = (store: MemoryStore, record: SyncRecord): string =>
  redact(JSON.stringify({ version: MEMORY_FILE_VERSION, entries: store.toJSON(persistedNamespaces(store)).entries, sync: record }));

export interface RestoreSnapshotOptions {
  scope: string;
  /** The snapshot file's path; null where there is no cache (the CLI). */
  file: string | null;
  maxEntries: number;
  /** The cache may be read (cacheAccess). */
  fromCache: boolean;
  /** For the artifact, when the cache has none; null without a token. */
  rest: RestAccess | null;
  warn: (message: string) => void;
}

/** The newest snapshot: from the cache, else the newest trusted snapshot artifact; null when there is none. */
export async function restoreSnapshot(o: RestoreSnapshotOptions): Promise<Snapshot | null> {
  if (o.file && o.fromCache) {
    const key = await restoreCachedFile({ prefix: snapshotCachePrefix(o.scope), file: o.file });
    if (key) {
      try {
        return parseSnapshot(await fs.readFile(o.file, 'utf8'), o.maxEntries, { source: `cache ${key}`, file: o.file });
      } catch (err) {
        o.warn(`memory: the cached snapshot ${key} could not be read (${(err as Error).message}); it is ignored.`);
      }
    }
  }
  if (!o.rest) return null;
  const { octokit, owner, repo, repositoryId } = o.rest;
  const { artifacts } = await listMemoryArtifacts(octokit, {
    owner,
    repo,
    repositoryId,
    kind: 'snapshot',
    scope: o.scope,
    notBefore: 0,
    wanted: () => true,
    limit: 1,
  });
  const newest = artifacts[0];
  if (!newest) return null;
  try {
    const text = await downloadMemoryArtifact(o.rest, newest.id);
    return parseSnapshot(text, o.maxEntries, { source: `artifact ${newest.name} of run ${newest.runId}`, file: null });
  } catch (err) {
    o.warn(`memory: the snapshot artifact ${newest.name} of run ${newest.runId} could not be read (${(err as Error).message}); it is ignored.`);
    return null;
  }
}

export interface SaveSnapshotOptions {
  scope: string;
  file: string;
  store: MemoryStore;
  record: SyncRecord;
  runId: string;
  attempt: number;
  warn: (message: string) => void;
}

/** Writes the snapshot, saves it to the cache under this run's key and uploads it as an artifact; returns the cache key. */
export async function saveSnapshot(o: SaveSnapshotOptions): Promise<string | undefined> {
  const text = snapshotText(o.store, o.record);
  await writeAtomically(o.file, text);
  const [key] = await Promise.all([
    saveCachedFile({ key: `${snapshotCachePrefix(o.scope)}${o.runId}-${o.attempt}`, file: o.file }),
    uploadMemoryArtifact({ kind: 'snapshot', scope: o.scope, text }).catch((err: Error) =>
      o.warn(`memory: the snapshot could not be uploaded as an artifact (${redact(err.message)}); the cache still holds it.`),
    ),
  ]);
  return key;
}

/**
 * Pulling the repository's newest deltas into a memory: list the trusted delta artifacts
 * (bounded: the newest `maxDeltas`, none older than `days`), download those the memory does not
 * hold yet in parallel, merge them exactly. Shared by a run's start and `codex-swarm memory pull`.
 * A malformed delta is skipped (and noted as held, so it is not fetched again) with one warning
 * for all of them; it never fails the pull.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { redact } from '../util/redact.js';
import { mapConcurrent } from '../util/mapConcurrent.js';
import { parseDelta, type MemoryDelta } from './delta.js';
import { emptySyncRecord, isPending, mergeDelta, recordApplied, syncRecordSchema, unionOf, type SyncRecord } from './deltaMerge.js';
import { ArtifactsDenied, downloadMemoryArtifact, listMemoryArtifacts, type ListedArtifact, type RestAccess } from './memoryArtifacts.js';
import { writeAtomically } from './persist.js';
import { restoreSnapshot, type Snapshot } from './snapshot.js';
import type { MemoryStore } from './store.js';

export interface SyncLimits {
  /** At most this many deltas, the newest (input `memory-max-deltas`; `memory pull --max-deltas`). */
  maxDeltas: number;
  /** None older than this many days (input `memory-retention-days`; `memory pull --days`); deltas are kept as long. */
  days: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = { maxDeltas: 100, days: 30 };
const DAY_MS = 86_400_000;

/** Deltas downloaded at once. */
const DOWNLOADS_AT_ONCE = 20;

export interface ListedDeltas {
  /** The newest trusted deltas in bounds, newest first, whether held or not. */
  artifacts: ListedArtifact[];
  /** Skipped: uploaded by forks' runs. */
  untrusted: number;
}

/**
 * The newest trusted deltas in bounds. Listed without the sync record (so the listing can run
 * while the snapshot is restored): the held ones are left out when merging.
 */
export const listDeltas = (rest: RestAccess, scope: string, limits: SyncLimits, now: number): Promise<ListedDeltas> =>
  listMemoryArtifacts(rest.octokit, {
    owner: rest.owner,
    repo: rest.repo,
    repositoryId: rest.repositoryId,
    kind: 'delta',
    scope,
    notBefore: now - limits.days * DAY_MS,
    wanted: () => true,
    limit: limits.maxDeltas,
  });

export interface MergeDeltasOptions {
  rest: RestAccess;
  listed: ListedDeltas;
  store: MemoryStore;
  record: SyncRecord;
  scope: string;
  now: number;
  warn: (message: string) => void;
}

export interface PulledDeltas {
  /** Deltas merged, and the entries they wrote. */
  merged: number;
  entries: number;
  /** Skipped: uploaded by forks' runs. */
  untrusted: number;
  malformed: number;
  /** Could not be downloaded (tried again next time). */
  failed: number;
}

type Fetched = { artifact: ListedArtifact; delta: MemoryDelta } | { artifact: ListedArtifact; problem: string; retry: boolean };

async function fetchDelta(o: MergeDeltasOptions, artifact: ListedArtifact): Promise<Fetched> {
  let text: string;
  try {
    text = await downloadMemoryArtifact(o.rest, artifact.id);
  } catch (err) {
    return { artifact, problem: redact((err as Error).message), retry: true };
  }
  try {
    const delta = parseDelta(text);
    // Names are per scope; a scope whose name was made safe for an artifact may meet another's.
    return delta.scope === o.scope ? { artifact, delta } : { artifact, problem: `it belongs to memory-key "${delta.scope}"`, retry: false };
  } catch (err) {
    return { artifact, problem: (err as Error).message, retry: false };
  }
}

const described = (fetched: Fetched[]) =>
  fetched
    .slice(0, 3)
    .map((f) => `${f.artifact.name} #${f.artifact.id} of run ${f.artifact.runId}${'problem' in f ? ` (${f.problem})` : ''}`)
    .join('; ') + (fetched.length > 3 ? `; and ${fetched.length - 3} more` : '');

/** Downloads the listed deltas `record` does not hold, in parallel, and merges them into `store`, noting them in `record`. */
export async function mergeDeltas(o: MergeDeltasOptions): Promise<PulledDeltas> {
  // Oldest first, so of two writes of a key made in the same millisecond the newer delta's wins.
  const pending = o.listed.artifacts.filter((a) => isPending(o.record, a.id, a.createdAt)).reverse();
  const fetched = await mapConcurrent(pending, DOWNLOADS_AT_ONCE, (a) => fetchDelta(o, a));
  const pulled: PulledDeltas = { merged: 0, entries: 0, untrusted: o.listed.untrusted, malformed: 0, failed: 0 };
  const unreadable = fetched.filter((f) => 'problem' in f && !f.retry);
  const failed = fetched.filter((f) => 'problem' in f && f.retry);
  for (const f of fetched) {
    if ('delta' in f) {
      mergeDelta(o.store, f.delta, o.now);
      pulled.merged++;
      pulled.entries += f.delta.entries.length;
    }
    // A malformed delta never becomes readable: held as merged, it is not fetched and warned about again.
    if ('delta' in f || !f.retry) recordApplied(o.record, f.artifact.id, f.artifact.createdAt);
  }
  pulled.malformed = unreadable.length;
  pulled.failed = failed.length;
  if (unreadable.length) o.warn(`memory: skipped ${unreadable.length} malformed delta(s): ${described(unreadable)}.`);
  if (failed.length) o.warn(`memory: ${failed.length} delta(s) could not be downloaded and are tried again next run: ${described(failed)}.`);
  return pulled;
}

export interface CatchUpOptions {
  /** The memory as it is (a fresh runner's is empty). */
  store: MemoryStore;
  record: SyncRecord;
  scope: string;
  /** Where the cache restores the snapshot; null where there is no cache (the CLI). */
  snapshotFile: string | null;
  /** The cache may be read (cacheAccess). */
  fromCache: boolean;
  /** Null without a token: nothing is read through REST. */
  rest: RestAccess | null;
  limits: SyncLimits;
  maxEntries: number;
  now: number;
  warn: (message: string) => void;
}

export interface CaughtUp {
  /** The memory with the snapshot and the deltas merged (the snapshot's own store when the memory was empty). */
  store: MemoryStore;
  record: SyncRecord;
  snapshot: Snapshot | null;
  pulled: PulledDeltas | null;
  /** Listing artifacts was refused: the token lacks `actions: read`. */
  deltasDenied: boolean;
  /** The memory is exactly the snapshot file restored from the cache: it can be copied as it is. */
  unchangedSnapshotFile: string | null;
}

/**
 * The newest snapshot and the newer deltas merged into a memory. The snapshot's restore and the
 * deltas' listing go side by side (the listing does not need the snapshot's record: held deltas
 * are left out when merging).
 */
export async function catchUp(o: CatchUpOptions): Promise<CaughtUp> {
  const [restored, listing] = await Promise.allSettled([
    restoreSnapshot({ scope: o.scope, file: o.snapshotFile, maxEntries: o.maxEntries, fromCache: o.fromCache, rest: o.rest, warn: o.warn }),
    o.rest ? listDeltas(o.rest, o.scope, o.limits, o.now) : Promise.resolve(null),
  ]);
  let deltasDenied = false;
  const settled = <T>(r: PromiseSettledResult<T>): T | null => {
    if (r.status === 'fulfilled') return r.value;
    if (!(r.reason instanceof ArtifactsDenied)) throw r.reason;
    deltasDenied = true;
    return null;
  };
  const snapshot = settled(restored);
  const listed = settled(listing);
  let { store, record } = o;
  if (snapshot) {
    record = unionOf(record, snapshot.record);
    if (store.size) store.merge(snapshot.store, o.now);
    else store = snapshot.store;
  }
  const pulled = listed && o.rest ? await mergeDeltas({ rest: o.rest, listed, store, record, scope: o.scope, now: o.now, warn: o.warn }) : null;
  const unchanged = snapshot?.file && store === snapshot.store && !pulled?.merged ? snapshot.file : null;
  return { store, record, snapshot, pulled, deltasDenied, unchangedSnapshotFile: unchanged };
}

/** Beside a memory file that has no snapshot (the CLI's), the record of the deltas it holds. */
export const syncRecordFile = (memoryFile: string): string => path.join(path.dirname(memoryFile), 'memory-sync.json');

/** The record beside `memoryFile`; an empty one when there is none or it does not parse (then deltas in bounds are merged again). */
export async function readSyncRecord(memoryFile: string, warn: (message: string) => void): Promise<SyncRecord> {
  const file = syncRecordFile(memoryFile);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return emptySyncRecord();
  }
  try {
    return syncRecordSchema.parse(JSON.parse(text));
  } catch {
    warn(`memory: ${file} could not be read; deltas in bounds are merged as if for the first time.`);
    return emptySyncRecord();
  }
}

export const writeSyncRecord = (memoryFile: string, record: SyncRecord): Promise<void> =>
  writeAtomically(syncRecordFile(memoryFile), `${JSON.stringify(record, null, 2)}\n`);

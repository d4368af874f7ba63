/**
 * Pulling the repository's newest deltas into a memory: list the trusted delta artifacts the
 * memory does not hold yet (bounded: the newest `maxDeltas`, none older than `days`), download
 * them in parallel, merge them exactly. Shared by a run's start and `codex-swarm memory pull`.
 * A malformed delta is skipped (and noted as held, so it is not fetched again) with one warning
 * for all of them; it never fails the pull.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GitHubClient } from '../github/client.js';
import { redact } from '../util/redact.js';
import { parseDelta, type MemoryDelta } from './delta.js';
import { emptySyncRecord, isPending, mergeDelta, recordApplied, syncRecordSchema, type SyncRecord } from './deltaMerge.js';
import { downloadMemoryArtifact, listMemoryArtifacts, type ListedArtifact } from './memoryArtifacts.js';
import { writeAtomically } from './persist.js';
import type { MemoryStore } from './store.js';

export interface SyncLimits {
  /** At most this many deltas, the newest (input `memory-sync-limit`). */
  maxDeltas: number;
  /** None older than this many days (input `memory-sync-days`); deltas are kept as long. */
  days: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = { maxDeltas: 100, days: 30 };
const DAY_MS = 86_400_000;

export interface RestAccess {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** This repository's id: only deltas of runs whose head repository it is are merged. */
  repositoryId: number;
}

export interface PullDeltasOptions extends RestAccess {
  store: MemoryStore;
  record: SyncRecord;
  scope: string;
  limits: SyncLimits;
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

async function fetchDelta(o: PullDeltasOptions, artifact: ListedArtifact): Promise<Fetched> {
  let text: string;
  try {
    text = await downloadMemoryArtifact(o.octokit, { owner: o.owner, repo: o.repo, id: artifact.id });
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

/** Merges the pending trusted deltas into `store`, noting them in `record`. Throws ArtifactsDenied without `actions: read`. */
export async function pullDeltas(o: PullDeltasOptions): Promise<PulledDeltas> {
  const listed = await listMemoryArtifacts(o.octokit, {
    owner: o.owner,
    repo: o.repo,
    repositoryId: o.repositoryId,
    kind: 'delta',
    scope: o.scope,
    notBefore: o.now - o.limits.days * DAY_MS,
    wanted: (a) => isPending(o.record, a.id, a.createdAt),
    limit: o.limits.maxDeltas,
  });
  // Oldest first, so of two writes of a key made in the same millisecond the newer delta's wins.
  const fetched = await Promise.all(listed.artifacts.reverse().map((a) => fetchDelta(o, a)));
  const pulled: PulledDeltas = { merged: 0, entries: 0, untrusted: listed.untrusted, malformed: 0, failed: 0 };
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

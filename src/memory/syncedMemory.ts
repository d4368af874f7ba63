/**
 * Memory that learns across runs on GitHub as it is, in one entry point for every kind of run:
 *
 *   open      restore the consolidated snapshot (cache, else its artifact), merge the repository's
 *             newer trusted deltas over it, serve a fork PR's own entries to a run on that PR, and
 *             write the memory file the run's workers use (the same path in every mode).
 *   learned   what this run learned since: new and updated patterns, and counter changes.
 *   upload    that as this run's delta artifact (a matrix aggregate passes its work jobs' parts).
 *   consolidate  save the merged snapshot with its watermark: only where the token can write the
 *             default branch's cache scope, decided beforehand (a denied save warns every time).
 *
 * Memory never fails a run: every problem is a warning, and a missing permission is said once,
 * in one line (`notice`).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { apiBaseUrl, createOctokit, type CreateOctokitOptions, type GitHubClient } from '../github/client.js';
import { redact } from '../util/redact.js';
import { cacheAccess, memoryAccessNotice, type CacheAccess } from './cacheAccess.js';
import {
  baselineOf,
  buildDelta,
  combineLearned,
  deltaSchema,
  isEmpty,
  learnedSince,
  type Baseline,
  type DeltaProvenance,
  type Learned,
  type LearnedInput,
} from './delta.js';
import { emptySyncRecord, mergeDelta, recordApplied, type SyncRecord } from './deltaMerge.js';
import { catchUp, DEFAULT_SYNC_LIMITS, readSyncRecord, writeSyncRecord, type SyncLimits } from './deltaSync.js';
import { uploadMemoryArtifact, type RestAccess } from './memoryArtifacts.js';
import { loadMemoryFile, saveMemoryFile, writeAtomically } from './persist.js';
import { saveSnapshot } from './snapshot.js';
import type { MemoryStore } from './store.js';
import { serveUntrustedEntries } from './untrustedPr.js';

/** This run, as GitHub describes it (a delta's provenance, and what decides consolidation). */
export interface RunIdentity {
  runId: string;
  attempt: number;
  /** GITHUB_EVENT_NAME. */
  event: string;
  /** GITHUB_REF, e.g. `refs/heads/main`. */
  ref: string;
  defaultBranch: string;
  /** The pull request the run is on. */
  pr: number | null;
  /** The repository whose code the run checked out (a fork's for a fork's `pull_request` run). */
  headRepository: { id: number; fullName: string } | null;
  /** GITHUB_ACTOR. */
  actor: string | null;
}

/**
 * What the run does with memory: `whole` (a run with workers) reads, uploads what it learned and
 * consolidates where its token may; `read` only reads (a dry run; a matrix work job, whose learning
 * its aggregate uploads); `aggregate` (a matrix's last job) uploads its work jobs' learning and
 * consolidates where its token may, and reads other runs' deltas only to consolidate.
 */
export type MemoryPart = 'whole' | 'read' | 'aggregate';

export interface SyncedMemoryOptions {
  /** runnerMemoryPaths(RUNNER_TEMP) on a runner; `{ file, snapshot: null }` where there is no cache (the CLI). */
  paths: { file: string; snapshot: string | null };
  /** The `memory-key` input. */
  scope: string;
  /** `id`: GITHUB_REPOSITORY_ID; asked of the API when absent. */
  repository: { owner: string; repo: string; id?: number };
  /**
   * REST with the run's token (`github-token`: reading other runs' artifacts needs `actions: read`;
   * `baseUrl` defaults to GITHUB_API_URL); null: no deltas are read. Memory's own client logs
   * its requests at debug level: a refusal is reported once, as `notice`.
   */
  github: ({ token: string } & Omit<CreateOctokitOptions, 'quiet'>) | null;
  /** This run on GitHub; null for a local run, which neither uploads nor consolidates. */
  run: RunIdentity | null;
  /** The fork PR whose code the workers read: what they learn is that PR's alone, and its own entries are served to them. */
  untrustedPr: number | null;
  /** Default `whole`. */
  part?: MemoryPart;
  /** An aggregate job that reads other runs' learning even where it does not consolidate (to hold back findings like ones dismissed on other PRs). */
  aggregateReads?: boolean;
  limits?: Partial<SyncLimits>;
  maxEntries: number;
  /** Default ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_MODE. */
  runtimeToken?: string;
  cacheMode?: string;
  log?: { info: (message: string) => void; warning: (message: string) => void };
  now?: () => number;
}

export interface SyncedMemory {
  /** The memory file the run's workers use (openMemorySession's `file`). */
  file: string;
  /** What the sync did, as the log shows it. */
  notes: string[];
  /** The one line about a missing permission (already logged as a warning), or null. */
  notice: string | null;
  /** What the run learned since the sync: the memory file now against the file as synced. */
  learned(): Promise<Learned>;
  /** A matrix work job: its part of the run's learning into `<runDir>/memory/learned.json` (its shard artifact carries it). */
  writeLearned(runDir: string): Promise<void>;
  /**
   * Uploads the run's delta: what it learned, and (`parts`, an aggregate job) its work jobs'
   * learning, which also joins its memory file; null when nothing went up.
   */
  uploadDelta(parts?: LearnedInput[]): Promise<{ id: number; name: string } | null>;
  /** Saves the snapshot where the token may (after the upload); returns the cache key, or undefined. */
  consolidate(): Promise<string | undefined>;
}

const LEARNED_FILE = path.join('memory', 'learned.json');
const learnedSchema = deltaSchema.pick({ entries: true, counters: true, feedback: true });

interface Synced {
  store: MemoryStore;
  record: SyncRecord;
  deltasDenied: boolean;
  notes: string[];
}

async function repositoryIdOf(o: SyncedMemoryOptions, octokit: GitHubClient): Promise<number> {
  if (o.repository.id) return o.repository.id;
  const { data } = await octokit.rest.repos.get({ owner: o.repository.owner, repo: o.repository.repo });
  return data.id;
}

/** Snapshot and deltas, then the fork PR's own entries, into the memory file. */
async function sync(o: SyncedMemoryOptions, access: CacheAccess, rest: RestAccess | null, now: number, warn: (message: string) => void): Promise<Synced> {
  const local = await loadMemoryFile(o.paths.file, { maxEntries: o.maxEntries, onWarning: warn });
  const caught = await catchUp({
    store: local,
    record: o.paths.snapshot ? emptySyncRecord() : await readSyncRecord(o.paths.file, warn),
    scope: o.scope,
    snapshotFile: o.paths.snapshot,
    fromCache: access.restore,
    rest,
    limits: { ...DEFAULT_SYNC_LIMITS, ...o.limits },
    maxEntries: o.maxEntries,
    now,
    warn,
  });
  const { store, snapshot, pulled } = caught;
  const notes: string[] = [];
  if (snapshot) notes.push(`${snapshot.size} pattern(s) from the snapshot (${snapshot.source})`);
  if (pulled)
    notes.push(
      `${pulled.merged ? `${pulled.merged} new delta(s) with ${pulled.entries} entr(ies)` : 'no new deltas'}${pulled.untrusted ? `; ${pulled.untrusted} from forks' runs skipped` : ''}`,
    );
  const served = o.untrustedPr ? serveUntrustedEntries(store, o.untrustedPr, now) : 0;
  if (served) notes.push(`${served} entr(ies) learned on PR #${o.untrustedPr}'s own code, for this run only`);
  // A fresh runner whose memory is the snapshot as restored: copied, not written again.
  if (caught.unchangedSnapshotFile && !served) await fs.copyFile(caught.unchangedSnapshotFile, o.paths.file);
  else await saveMemoryFile(o.paths.file, store, { onWarning: warn }, now);
  if (!o.paths.snapshot && rest) await writeSyncRecord(o.paths.file, caught.record);
  return { store, record: caught.record, deltasDenied: caught.deltasDenied, notes };
}

/** What the run's tokens let memory do, for its part; `reads`: other runs' learning is read at all. */
function accessOf(o: SyncedMemoryOptions): CacheAccess & { reads: boolean } {
  const access: CacheAccess = o.run
    ? cacheAccess({
        eventName: o.run.event,
        ref: o.run.ref,
        defaultBranch: o.run.defaultBranch,
        runtimeToken: o.runtimeToken ?? process.env.ACTIONS_RUNTIME_TOKEN,
        cacheMode: o.cacheMode ?? process.env.ACTIONS_CACHE_MODE,
        untrusted: o.untrustedPr !== null,
      })
    : { restore: false, consolidate: false, lacksWrite: false };
  if (o.part === 'read') return { ...access, consolidate: false, lacksWrite: false, reads: true };
  // An aggregate job serves no workers: it reads what other runs learned only to consolidate it, or when asked to.
  if (o.part === 'aggregate' && !access.consolidate && !o.aggregateReads) return { ...access, restore: false, reads: false };
  return { ...access, reads: true };
}

export async function openSyncedMemory(o: SyncedMemoryOptions): Promise<SyncedMemory> {
  const log = o.log ?? { info: (m: string) => core.info(m), warning: (m: string) => core.warning(m) };
  const opts = { ...o, log };
  const now = o.now ?? Date.now;
  const access = accessOf(o);
  let repositoryId: number | null = o.repository.id ?? null;
  let rest: RestAccess | null = null;
  if (o.github && access.reads) {
    const { token, ...clientOptions } = o.github;
    const octokit = createOctokit(token, { ...clientOptions, quiet: true });
    repositoryId = await repositoryIdOf(o, octokit).catch(
      (err: Error) => (log.warning(`memory: could not look up ${o.repository.owner}/${o.repository.repo}: ${redact(err.message)}`), null),
    );
    if (repositoryId) rest = { octokit, baseUrl: apiBaseUrl(clientOptions.baseUrl), token, owner: o.repository.owner, repo: o.repository.repo, repositoryId };
  }
  let synced: Synced;
  try {
    synced = await sync(opts, access, rest, now(), log.warning);
  } catch (err) {
    log.warning(`memory: could not sync with what other runs learned (${redact((err as Error).message)}); the run goes on with the memory it has.`);
    const store = await loadMemoryFile(o.paths.file, { maxEntries: o.maxEntries, onWarning: log.warning });
    synced = { store, record: emptySyncRecord(), deltasDenied: false, notes: [] };
  }
  const notice = memoryAccessNotice({ deltasDenied: synced.deltasDenied, lacksWrite: access.lacksWrite });
  if (notice) log.warning(notice);
  if (synced.notes.length) log.info(`memory: ${synced.notes.join('; ')}.`);
  return carrier(opts, { access, repositoryId, synced, baseline: baselineOf(synced.store), notice, now });
}

interface CarrierState {
  access: CacheAccess;
  repositoryId: number | null;
  synced: Synced;
  baseline: Baseline;
  notice: string | null;
  now: () => number;
}

/** learned / writeLearned / uploadDelta / consolidate over the synced memory. */
function carrier(o: SyncedMemoryOptions & { log: NonNullable<SyncedMemoryOptions['log']> }, s: CarrierState): SyncedMemory {
  const { file } = o.paths;
  const load = () => loadMemoryFile(file, { maxEntries: o.maxEntries, onWarning: o.log.warning });
  const learned = async () => learnedSince(s.baseline, await load());
  let uploading: Promise<unknown> = Promise.resolve();

  async function upload(parts?: LearnedInput[]): Promise<{ id: number; name: string } | null> {
    const run = o.run;
    if (!run) return null;
    const own = await learned();
    const learning = parts ? combineLearned([...parts, own]) : own;
    if (isEmpty(learning)) return null;
    const provenance: DeltaProvenance = {
      runId: run.runId,
      runAttempt: run.attempt,
      event: run.event,
      pr: run.pr,
      headRepository: run.headRepository,
      actor: run.actor,
      createdAt: new Date(s.now()).toISOString(),
    };
    const header = { id: `${run.runId}-${run.attempt}`, scope: o.scope, provenance, untrustedPr: o.untrustedPr };
    const delta = buildDelta(header, learning);
    if (parts) {
      // The aggregate job ran no workers: its work jobs' learning joins its own memory (for consolidation); what it learned itself is there already.
      const store = await load();
      mergeDelta(store, buildDelta(header, combineLearned(parts)), s.now());
      await saveMemoryFile(file, store, { onWarning: o.log.warning });
    }
    if (run.headRepository && s.repositoryId && run.headRepository.id !== s.repositoryId) {
      o.log.info(`memory: this run's code comes from ${run.headRepository.fullName}, a fork: what it learned is not uploaded (no other run would merge it).`);
      return null;
    }
    try {
      const uploaded = await uploadMemoryArtifact({
        kind: 'delta',
        scope: o.scope,
        text: redact(JSON.stringify(delta)),
        retentionDays: o.limits?.days ?? DEFAULT_SYNC_LIMITS.days,
      });
      recordApplied(s.synced.record, uploaded.id, provenance.createdAt, { advance: false });
      o.log.info(
        `memory: uploaded what this run learned (${delta.entries.length} entr(ies), ${delta.counters.length} counter change(s), ${delta.feedback.length} verdict(s)) as ${uploaded.name}.`,
      );
      return uploaded;
    } catch (err) {
      o.log.warning(`memory: what this run learned could not be uploaded (${redact((err as Error).message)}); later runs will not have it.`);
      return null;
    }
  }

  return {
    file,
    notes: s.synced.notes,
    notice: s.notice,
    learned,
    async writeLearned(runDir) {
      await writeAtomically(path.join(runDir, LEARNED_FILE), redact(JSON.stringify(await learned())));
    },
    uploadDelta(parts) {
      const uploaded = upload(parts);
      uploading = uploaded;
      return uploaded;
    },
    async consolidate() {
      if (!s.access.consolidate || !o.run || !o.paths.snapshot) return undefined;
      await uploading;
      return saveSnapshot({
        scope: o.scope,
        file: o.paths.snapshot,
        store: await load(),
        record: s.synced.record,
        runId: o.run.runId,
        attempt: o.run.attempt,
        warn: o.log.warning,
      });
    },
  };
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The work jobs' learning from their shard folders (`<dir>/memory/learned.json`); a malformed one is skipped with a warning. */
export async function readLearnedParts(dirs: string[], warn: (message: string) => void = core.warning): Promise<Learned[]> {
  const parts: Learned[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, LEARNED_FILE);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      continue;
    }
    const parsed = learnedSchema.safeParse(parseJson(text));
    if (parsed.success) parts.push(parsed.data);
    else warn(`memory: ${file} is not a work job's learning; it is skipped.`);
  }
  return parts;
}

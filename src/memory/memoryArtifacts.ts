/**
 * Memory travels between runs as small artifacts of its own, one JSON file each (uploaded without
 * a zip): a run's delta and, from consolidating runs, the snapshot. Every run uses the same names
 * on purpose: the REST API filters artifacts by exact name only, so one listing finds every run's.
 * A run holds one artifact of a name, so each attempt of a run takes the next free slot
 * (`…-delta-1.json`, then `…-delta-2.json` for a re-run's): nothing a re-run learns is lost, and a
 * listing reads slot k + 1 only while slot k has artifacts at all.
 *
 * Listing and downloading another run's artifact needs `actions: read`; uploading needs nothing.
 * Only artifacts whose run's head repository is this repository are trusted: a fork's
 * `pull_request` run executes the fork's workflow file and can upload anything under any name.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import type { GitHubClient } from '../github/client.js';
import { unzip } from '../util/unzip.js';

export type MemoryArtifactKind = 'delta' | 'snapshot';

/** Slots a run's attempts may take; a listing stops at the first empty one. */
const MAX_SLOTS = 10;
const PER_PAGE = 100;
/** Characters an artifact (and file) name may not hold. */
const FORBIDDEN_IN_NAME = /[":<>|*?\r\n\\/\s]/g;

export function memoryArtifactName(kind: MemoryArtifactKind, scope: string, slot: number): string {
  return `codex-swarm-memory-${(scope || 'default').replace(FORBIDDEN_IN_NAME, '-')}-${kind}-${slot}.json`;
}

export interface UploadMemoryArtifactOptions {
  kind: MemoryArtifactKind;
  scope: string;
  text: string;
  /** Days to keep it; the repository's maximum (GITHUB_RETENTION_DAYS) caps it without a warning. */
  retentionDays?: number;
}

const isNameTaken = (err: unknown) => /\(409\)|already exists/i.test(err instanceof Error ? err.message : String(err));

/** Uploads `text` under the first slot of the name this run has not used; throws what went wrong. */
export async function uploadMemoryArtifact({ kind, scope, text, retentionDays }: UploadMemoryArtifactOptions): Promise<{ id: number; name: string }> {
  const max = Number(process.env.GITHUB_RETENTION_DAYS) || undefined;
  const days = retentionDays && max ? Math.min(retentionDays, max) : retentionDays;
  const base = process.env.RUNNER_TEMP || os.tmpdir();
  await fs.mkdir(base, { recursive: true });
  const staging = await fs.mkdtemp(path.join(base, 'codex-swarm-memory-'));
  try {
    const client = new DefaultArtifactClient();
    for (let slot = 1; slot <= MAX_SLOTS; slot++) {
      const name = memoryArtifactName(kind, scope, slot);
      const file = path.join(staging, name);
      await fs.writeFile(file, text);
      try {
        const { id } = await client.uploadArtifact(name, [file], staging, { skipArchive: true, ...(days ? { retentionDays: days } : {}) });
        if (id === undefined) throw new Error('the artifact service returned no artifact id');
        return { id, name };
      } catch (err) {
        if (!isNameTaken(err)) throw err;
      }
    }
    throw new Error(`this run already holds ${MAX_SLOTS} memory ${kind} artifacts`);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

export interface ListedArtifact {
  id: number;
  name: string;
  createdAt: string;
  /** The workflow run that uploaded it. */
  runId: number;
}

/** The token may not list the repository's artifacts (403, or 404 for a repository it cannot see). */
export class ArtifactsDenied extends Error {}

export interface ListMemoryArtifactsOptions {
  owner: string;
  repo: string;
  /** This repository's id: artifacts whose run's head repository is another are never returned. */
  repositoryId: number;
  kind: MemoryArtifactKind;
  scope: string;
  /** Artifacts created before this time are not listed. */
  notBefore: number;
  /** Whether a trusted artifact is wanted (e.g. not merged yet). */
  wanted(artifact: ListedArtifact): boolean;
  /** At most this many, the newest. */
  limit: number;
}

export interface ListedMemoryArtifacts {
  artifacts: ListedArtifact[];
  /** Skipped: uploaded by a run of another head repository (a fork). */
  untrusted: number;
}

interface SlotListing extends ListedMemoryArtifacts {
  /** Artifacts of this name in the whole repository, in bounds or not. */
  total: number;
}

const statusOf = (err: unknown) => (err as { status?: unknown })?.status;

async function listSlot(octokit: GitHubClient, o: ListMemoryArtifactsOptions, slot: number): Promise<SlotListing> {
  const listing: SlotListing = { artifacts: [], untrusted: 0, total: 0 };
  const name = memoryArtifactName(o.kind, o.scope, slot);
  for (let page = 1; ; page++) {
    const { data } = await octokit
      .request('GET /repos/{owner}/{repo}/actions/artifacts', { owner: o.owner, repo: o.repo, name, per_page: PER_PAGE, page })
      .catch((err: unknown) => {
        const status = statusOf(err);
        throw status === 403 || status === 404 ? new ArtifactsDenied((err as Error).message) : err;
      });
    listing.total = data.total_count;
    for (const a of data.artifacts) {
      // Newest first: the rest of this name is older still.
      if (!a.created_at || Date.parse(a.created_at) < o.notBefore) return listing;
      const run = a.workflow_run;
      if (run?.head_repository_id !== o.repositoryId || run.repository_id !== o.repositoryId || run.id === undefined) {
        listing.untrusted++;
        continue;
      }
      const listed = { id: a.id, name: a.name, createdAt: a.created_at, runId: run.id };
      if (!a.expired && o.wanted(listed)) listing.artifacts.push(listed);
      if (listing.artifacts.length >= o.limit) return listing;
    }
    if (data.artifacts.length < PER_PAGE) return listing;
  }
}

/**
 * The newest wanted, trusted memory artifacts of the repository, newest first. Slots are listed
 * two at a time (the second is usually empty: one round trip tells).
 */
export async function listMemoryArtifacts(octokit: GitHubClient, o: ListMemoryArtifactsOptions): Promise<ListedMemoryArtifacts> {
  const found: ListedMemoryArtifacts = { artifacts: [], untrusted: 0 };
  for (let slot = 1; slot <= MAX_SLOTS; slot += 2) {
    // Settled both, so a refusal leaves no request of the pair running.
    const settled = await Promise.allSettled([listSlot(octokit, o, slot), ...(slot < MAX_SLOTS ? [listSlot(octokit, o, slot + 1)] : [])]);
    const refused = settled.find((r) => r.status === 'rejected');
    if (refused) throw refused.reason;
    const pair = settled.map((r) => (r as PromiseFulfilledResult<SlotListing>).value);
    for (const listing of pair) {
      found.artifacts.push(...listing.artifacts);
      found.untrusted += listing.untrusted;
    }
    if (pair.some((listing) => listing.total === 0)) break;
  }
  found.artifacts.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
  found.artifacts.splice(o.limit);
  return found;
}

/** Where artifacts are downloaded from, and with what token. */
export interface ArtifactDownloads {
  /** The REST API's base URL (apiBaseUrl). */
  baseUrl: string;
  token: string;
  owner: string;
  repo: string;
}

/** Reading the repository's memory artifacts through REST (the token needs `actions: read`). */
export interface RestAccess extends ArtifactDownloads {
  octokit: GitHubClient;
  /** This repository's id: only artifacts of runs whose head repository is it are trusted. */
  repositoryId: number;
}

/**
 * An artifact's file. The REST download answers with a redirect to the blob, which fetch follows
 * without the token (the fetch standard drops Authorization on a redirect to another origin).
 * Plain fetch rather than Octokit: Octokit runs at most 10 requests at once, and a run start
 * downloads up to a hundred of these; a failure is only tried again next run.
 */
export async function downloadMemoryArtifact({ baseUrl, token, owner, repo }: ArtifactDownloads, id: number): Promise<string> {
  const url = `${baseUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/artifacts/${id}/zip`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'codex-swarm' } });
  if (!res.ok) throw new Error(`the download answered ${res.status}${res.status === 410 ? ' (expired)' : ''}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  // Uploaded unzipped; a zip (an older upload, or a server that zips) holds the one file.
  if (bytes.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') return bytes.toString('utf8');
  const file = unzip(bytes).find((e) => !e.name.endsWith('/'));
  if (!file) throw new Error('the zip holds no file');
  return file.data.toString('utf8');
}

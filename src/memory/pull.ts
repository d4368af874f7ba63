/**
 * `codex-swarm memory pull`: the team's memory on a laptop. Merges what the repository's runs
 * learned on GitHub (the newest consolidated snapshot, then the newer deltas) into the local
 * memory file, with the rules a run follows: only runs of this repository count (never a fork's),
 * what was learned on a fork PR's code stays that PR's, and a delta is merged once however often
 * it is pulled (the record of merged deltas sits beside the file, `memory-sync.json`).
 */
import { execa } from 'execa';
import { git } from '../git/git.js';
import { apiBaseUrl, createOctokit, DEFAULT_API_URL } from '../github/client.js';
import { catchUp, readSyncRecord, writeSyncRecord, type SyncLimits } from './deltaSync.js';
import type { RestAccess } from './memoryArtifacts.js';
import { loadMemoryFile, saveMemoryFile } from './persist.js';

/** A problem the user fixes; the message says how. */
export class PullError extends Error {}

export interface PullOptions {
  file: string;
  /** The checkout, to read its GitHub remote from. */
  repoDir: string;
  /** `owner/name`; default the checkout's GitHub remote. */
  repo?: string;
  scope: string;
  limits: SyncLimits;
  env: NodeJS.ProcessEnv;
  maxEntries: number;
  warn: (message: string) => void;
}

const REMOTE = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/]+@)([^/:]+)(?::\d+)?[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/;

/** `owner/name` and the API of a remote URL (github.com or a GitHub Enterprise host); null for anything else. */
export function parseRemote(url: string): { owner: string; repo: string; apiUrl: string } | null {
  const m = REMOTE.exec(url.trim());
  if (!m) return null;
  const [, host, owner, repo] = m;
  return { owner, repo, apiUrl: host === 'github.com' ? DEFAULT_API_URL : `https://${host}/api/v3` };
}

async function repositoryOf(o: PullOptions): Promise<{ owner: string; repo: string; apiUrl: string }> {
  const apiUrl = o.env.GITHUB_API_URL;
  if (o.repo) {
    const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(o.repo);
    if (!m) throw new PullError(`--repo must be owner/name (got "${o.repo}").`);
    return { owner: m[1], repo: m[2], apiUrl: apiUrl || DEFAULT_API_URL };
  }
  const remotes = (await git(o.repoDir, ['remote']).catch(() => '')).split('\n').filter(Boolean);
  const name = remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0] : null;
  const url = name ? await git(o.repoDir, ['remote', 'get-url', name]).catch(() => '') : '';
  const parsed = parseRemote(url);
  if (!parsed) {
    const why = name
      ? `its remote "${name}" (${url.trim()}) is not a GitHub repository`
      : remotes.length
        ? 'it has several remotes and none is "origin"'
        : 'it has no git remote';
    throw new PullError(`Cannot tell which repository to pull from: ${why}. Pass --repo owner/name.`);
  }
  return { ...parsed, apiUrl: apiUrl || parsed.apiUrl };
}

/** GITHUB_TOKEN, else the GitHub CLI's token. */
async function tokenOf(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.GITHUB_TOKEN?.trim()) return env.GITHUB_TOKEN.trim();
  const gh = await execa('gh', ['auth', 'token'], { env, extendEnv: false, reject: false, timeout: 10_000 });
  const token = gh.failed ? '' : gh.stdout.trim();
  if (token) return token;
  throw new PullError(
    "No GitHub token: set GITHUB_TOKEN (a token that can read the repository's Actions artifacts), or sign in with the GitHub CLI (`gh auth login`).",
  );
}

export interface PullSummary {
  repository: string;
  snapshot: string | null;
  deltas: number;
  entries: number;
  untrusted: number;
  malformed: number;
}

export async function pullMemory(o: PullOptions): Promise<PullSummary> {
  const { owner, repo, apiUrl } = await repositoryOf(o);
  const token = await tokenOf(o.env);
  const octokit = createOctokit(token, { baseUrl: apiUrl, quiet: true });
  const full = `${owner}/${repo}`;
  const repositoryId = await octokit.rest.repos.get({ owner, repo }).then(
    ({ data }) => data.id,
    (err: { status?: number; message: string }) => {
      throw new PullError(
        err.status === 404 || err.status === 401
          ? `GitHub does not show ${full} to this token (${err.status}): check the name and the token.`
          : `Could not look up ${full}: ${err.message}`,
      );
    },
  );
  const problems: string[] = [];
  const store = await loadMemoryFile(o.file, { maxEntries: o.maxEntries, readOnly: true, onWarning: (m) => problems.push(m) });
  if (problems.length) throw new PullError(`${problems.join(' ')} Fix or clear it (codex-swarm memory clear) before pulling.`);
  const record = await readSyncRecord(o.file, o.warn);
  const rest: RestAccess = { octokit, baseUrl: apiBaseUrl(apiUrl), token, owner, repo, repositoryId };
  const caught = await catchUp({
    store,
    record,
    scope: o.scope,
    snapshotFile: null,
    fromCache: false,
    rest,
    limits: o.limits,
    maxEntries: o.maxEntries,
    now: Date.now(),
    warn: o.warn,
  });
  if (caught.deltasDenied || !caught.pulled) {
    throw new PullError(
      `GitHub refused to list ${full}'s Actions artifacts: the token needs read access to Actions (a fine-grained token: "Actions: read"; a classic one: "repo").`,
    );
  }
  await saveMemoryFile(o.file, caught.store, { onWarning: o.warn });
  await writeSyncRecord(o.file, caught.record);
  const { pulled, snapshot } = caught;
  return {
    repository: full,
    snapshot: snapshot?.source ?? null,
    deltas: pulled.merged,
    entries: pulled.entries,
    untrusted: pulled.untrusted,
    malformed: pulled.malformed,
  };
}

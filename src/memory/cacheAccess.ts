/**
 * What a run's tokens let memory do, decided before anything is tried: `@actions/cache` warns on
 * every save (and every read) the service denies, so a run asks its runtime token first. The
 * token (ACTIONS_RUNTIME_TOKEN, a JWT) carries the job's cache scopes in its `ac` claim: a JSON
 * list, as a string, of `{Scope, Permission}` with bit 1 read and bit 2 write — e.g.
 * `[{"Scope":"refs/pull/7/merge","Permission":3},{"Scope":"refs/heads/main","Permission":1}]`.
 */
import { z } from 'zod';

export interface CacheScope {
  /** A ref: `refs/heads/main`, `refs/pull/7/merge`. */
  ref: string;
  read: boolean;
  write: boolean;
}

const acSchema = z.array(z.object({ Scope: z.string(), Permission: z.number().int() }));

/** The token's cache scopes in the order a restore searches them; null when it has no readable `ac` claim. */
export function cacheScopesOf(runtimeToken: string | undefined): CacheScope[] | null {
  const payload = runtimeToken?.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { ac?: unknown };
    const ac = acSchema.safeParse(typeof claims.ac === 'string' ? JSON.parse(claims.ac) : claims.ac);
    return ac.success ? ac.data.map((s) => ({ ref: s.Scope, read: (s.Permission & 1) !== 0, write: (s.Permission & 2) !== 0 })) : null;
  } catch {
    return null;
  }
}

/** The events whose runs may consolidate: trusted code on the default branch, with a token that can write its scope. */
const CONSOLIDATING_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch']);
/** ACTIONS_CACHE_MODE values (a runner may set it) that keep the cache from being read or written. */
const NO_READ_MODES = new Set(['none', 'write-only']);
const NO_WRITE_MODES = new Set(['none', 'read']);

export interface CacheAccessInput {
  eventName: string;
  /** GITHUB_REF, e.g. `refs/heads/main`. */
  ref: string;
  defaultBranch: string;
  runtimeToken: string | undefined;
  /** ACTIONS_CACHE_MODE. */
  cacheMode?: string;
  /** The run's workers read a fork PR's code: it never consolidates. */
  untrusted: boolean;
}

export interface CacheAccess {
  /** Restoring the snapshot is worth trying (a readable scope, or a token that does not say). */
  restore: boolean;
  /** Saving the consolidated snapshot will be allowed: the token's writable scope is the default branch's. */
  consolidate: boolean;
  /** The run would consolidate, but its token has no writable default-branch scope: it needs `actions: write`. */
  lacksWrite: boolean;
}

export function cacheAccess({ eventName, ref, defaultBranch, runtimeToken, cacheMode = '', untrusted }: CacheAccessInput): CacheAccess {
  const scopes = cacheScopesOf(runtimeToken);
  const mode = cacheMode.trim().toLowerCase();
  const main = `refs/heads/${defaultBranch}`;
  const restore = !NO_READ_MODES.has(mode) && (scopes === null || scopes.some((s) => s.read));
  const wouldConsolidate = CONSOLIDATING_EVENTS.has(eventName) && ref === main && !untrusted;
  // Without an `ac` claim the token does not say; the event alone decides (a service that denies warns once).
  const writesMain = scopes === null || scopes.find((s) => s.write)?.ref === main;
  const consolidate = wouldConsolidate && writesMain && !NO_WRITE_MODES.has(mode);
  return { restore, consolidate, lacksWrite: wouldConsolidate && !writesMain };
}

export interface MemoryAccessProblems {
  /** Listing other runs' deltas was refused: the token lacks `actions: read`. */
  deltasDenied: boolean;
  /** See CacheAccess.lacksWrite. */
  lacksWrite: boolean;
}

/**
 * The one line a run logs when its token keeps memory from being read or saved, naming the
 * permission to add; null when nothing is missing. Memory never fails a run.
 */
export function memoryAccessNotice({ deltasDenied, lacksWrite }: MemoryAccessProblems): string | null {
  if (deltasDenied && lacksWrite) {
    return "memory: this run can neither read what other runs learned nor consolidate the repository's memory: add `actions: write` (it includes read) to the job's `permissions:`.";
  }
  if (deltasDenied) {
    return "memory: this run cannot read what other runs learned (listing artifacts was refused): add `actions: read` to the job's `permissions:`. What it learns is still uploaded.";
  }
  if (lacksWrite) {
    return "memory: this run cannot consolidate the repository's memory into the cache (its token cannot write the default branch's cache): add `actions: write` to the job's `permissions:` so later runs download fewer deltas.";
  }
  return null;
}

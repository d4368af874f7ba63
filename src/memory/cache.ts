/**
 * The memory file across runs on GitHub, with @actions/cache. Cache keys are immutable, so every
 * run saves under its own key and restores the newest by prefix. The file's path is part of the
 * cache version: keep it the same from run to run. Failures are warnings, never errors.
 */
import * as cache from '@actions/cache';
import * as core from '@actions/core';

export interface MemoryCacheOptions {
  /** The `memory-key` input; runs of one scope share their patterns. */
  scope: string;
  file: string;
}

export const memoryCachePrefix = (scope: string): string => `codex-swarm-memory-${scope || 'default'}-`;

/** Restores the newest saved memory of the scope into `file`; returns the key it came from. */
export const restoreMemoryCache = ({ scope, file }: MemoryCacheOptions): Promise<string | undefined> =>
  restoreCachedFile({ prefix: memoryCachePrefix(scope), file });

/** Restores into `file` the newest entry whose key starts with `prefix`; returns its key. */
export async function restoreCachedFile({ prefix, file }: { prefix: string; file: string }): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) {
    core.info('memory: no cache service here; nothing is restored from it.');
    return undefined;
  }
  try {
    const key = await cache.restoreCache([file], prefix, [prefix]);
    core.info(key ? `memory: restored from cache ${key}.` : `memory: the cache holds no saved memory for ${prefix}*.`);
    return key;
  } catch (err) {
    core.warning(`memory: could not restore the memory cache: ${(err as Error).message}. The run goes on without it.`);
    return undefined;
  }
}

/**
 * Saves `file` (already merged by saveMemoryFile) under `<prefix><runId>-<attempt>`; returns the
 * key, or undefined when it was not saved.
 */
export const saveMemoryCache = ({
  scope,
  file,
  runId,
  attempt,
}: MemoryCacheOptions & { runId: string; attempt: number | string }): Promise<string | undefined> =>
  saveCachedFile({ key: `${memoryCachePrefix(scope)}${runId}-${attempt}`, file });

/** Saves `file` under `key` (keys are immutable: one per run and attempt); returns the key, or undefined when it was not saved. */
export async function saveCachedFile({ key, file }: { key: string; file: string }): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) return undefined;
  try {
    if ((await cache.saveCache([file], key)) !== -1) {
      core.info(`memory: saved to cache ${key}.`);
      return key;
    }
    core.warning(`memory: the memory cache was not saved under ${key}; the next run starts from the previous one.`);
  } catch (err) {
    core.warning(`memory: could not save the memory cache under ${key}: ${(err as Error).message}`);
  }
  return undefined;
}

/**
 * One file across runs on GitHub, with @actions/cache (the consolidated memory snapshot). Cache
 * keys are immutable, so every save is under a key of its own and a restore takes the newest by
 * prefix. The file's path is part of the cache version: keep it the same from run to run.
 * Failures are warnings, never errors.
 */
import * as cache from '@actions/cache';
import * as core from '@actions/core';

/** Restores into `file` the newest entry whose key starts with `prefix`; returns its key. */
export async function restoreCachedFile({ prefix, file }: { prefix: string; file: string }): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) {
    core.info('memory: no cache service here; nothing is restored from it.');
    return undefined;
  }
  try {
    const key = await cache.restoreCache([file], prefix, [prefix]);
    core.info(key ? `memory: restored from cache ${key}.` : `memory: the cache holds nothing for ${prefix}*.`);
    return key;
  } catch (err) {
    core.warning(`memory: could not restore ${prefix}* from the cache: ${(err as Error).message}. The run goes on without it.`);
    return undefined;
  }
}

/** Saves `file` under `key` (keys are immutable: one per run and attempt); returns the key, or undefined when it was not saved. */
export async function saveCachedFile({ key, file }: { key: string; file: string }): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) return undefined;
  try {
    if ((await cache.saveCache([file], key)) !== -1) {
      core.info(`memory: saved to cache ${key}.`);
      return key;
    }
    core.warning(`memory: the cache was not saved under ${key}; later runs restore the previous entry.`);
  } catch (err) {
    core.warning(`memory: could not save the cache under ${key}: ${(err as Error).message}`);
  }
  return undefined;
}

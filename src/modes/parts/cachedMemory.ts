/** The action's memory: restored from the Actions cache, served to the workers, saved back. */
import type { ActionInputs } from '../../config/inputs.js';
import { restoreMemoryCache, saveMemoryCache } from '../../memory/cache.js';
import { openMemorySession } from '../../memory/session.js';
import type { RunMemory } from '../../run/lifecycle.js';

/**
 * Memory restored from the cache and served to the workers; saved back under this run's key when
 * `save` is given (a matrix work job only reads: its aggregate job saves once).
 */
export function cachedMemory(
  inputs: ActionInputs,
  { file, runKey, save }: { file: string; runKey: string; save?: { runId: string; attempt: number } },
): { memory?: RunMemory } {
  if (inputs.memory !== 'cache') return {};
  const scope = inputs['memory-key'] || 'default';
  return {
    memory: {
      open: async (state) => {
        await restoreMemoryCache({ scope, file });
        return openMemorySession({
          file,
          threshold: inputs['memory-threshold'],
          limit: inputs['memory-limit'],
          maxEntries: inputs['memory-max-entries'],
          runId: runKey,
          state,
        });
      },
      ...(save ? { saved: () => saveMemoryCache({ scope, file, runId: save.runId, attempt: save.attempt }) } : {}),
    },
  };
}

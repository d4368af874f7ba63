/** `codex-swarm … --dry-run`: the plan as it would run, with the memory patterns each worker would get. */
import { loadMemoryFile } from '../memory/persist.js';
import { createSwarmMemory } from '../memory/swarmMemory.js';
import type { Plan } from '../plan/types.js';
import { renderPreviewText } from '../publish/report/planPreview.js';
import { previewPlan } from '../swarm/preview.js';

/** The search a run does before each worker. */
export const MEMORY_SEARCH = { threshold: 0.7, limit: 5 } as const;

/** The same search as a run, on the memory file as it is: read, never changed. */
export async function dryRunText(plan: Plan, memoryFile: string | null, warn: (message: string) => void): Promise<string> {
  const store = memoryFile ? await loadMemoryFile(memoryFile, { readOnly: true, onWarning: warn }) : null;
  const memory = store ? createSwarmMemory({ store, ...MEMORY_SEARCH, runId: 'dry-run' }) : undefined;
  return renderPreviewText(await previewPlan(plan, memory));
}

/** Where an entry came from, as prompts and the memory tools say it: the run that wrote it, its pull request, and whether that PR's code was untrusted. */
import type { MemoryEntry } from './store.js';

export function originOf(entry: Pick<MemoryEntry, 'runId' | 'pr' | 'untrusted'>): string {
  const run = entry.runId ? `run ${entry.runId}` : 'an earlier run';
  const pr = entry.pr ? ` on PR #${entry.pr}` : '';
  return entry.untrusted ? `${run}${pr}, learned while reading this pull request's own (untrusted) code` : `${run}${pr}`;
}

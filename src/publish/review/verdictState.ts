/**
 * Verdicts between runs on one pull request. The sticky state block keeps them, one per finding
 * (`findingKey`: path and normalised title), so a dismissal outlives the comment it was given on
 * and the line it pointed at: a moved or edited line or a deleted comment does not bring the
 * finding back. A run merges what it read into what the block held; only a later verdict on the
 * same finding replaces one (a 👍 after a 👎, a `/swarm confirm`), and a reaction taken away is
 * not read as a change of mind.
 */
import type { FindingVerdict } from '../../github/findingVerdict.js';
import { findingKey } from './fingerprint.js';
import type { OpenFinding, StickyState } from '../comment/stickyState.js';

/** Verdicts the state block keeps at most (dismissals first, then the newest): it travels in a comment of limited size. */
export const MAX_VERDICTS = 25;
/** Pattern keys kept per open finding, and in the state's table. */
export const MAX_PATTERNS_PER_FINDING = 5;
export const MAX_PROMPT_PATTERNS = 50;

export interface MergedVerdicts {
  /** What the state block keeps for the next run. */
  verdicts: FindingVerdict[];
  /** Verdicts new or changed since the last run: the ones memory records, once. */
  taken: FindingVerdict[];
}

export function mergeVerdicts(previous: FindingVerdict[], read: FindingVerdict[]): MergedVerdicts {
  const byKey = new Map(previous.map((v) => [v.findingKey, v]));
  const taken: FindingVerdict[] = [];
  for (const v of read) {
    const known = byKey.get(v.findingKey);
    if (known && known.at > v.at) continue;
    // The state keeps no code line (memory does): the block must leave the report room.
    byKey.set(v.findingKey, { ...v, codeLine: null });
    if (!known || known.verdict !== v.verdict) taken.push(v);
  }
  const kept = [...byKey.values()]
    .sort((a, b) => Number(b.verdict === 'dismissed') - Number(a.verdict === 'dismissed') || (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, MAX_VERDICTS)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { verdicts: kept, taken };
}

/** "2 dismissed, 1 confirmed since the last run", or null when nothing was taken in. */
export function describeTaken(taken: FindingVerdict[]): string | null {
  const dismissed = taken.filter((v) => v.verdict === 'dismissed').length;
  const confirmed = taken.length - dismissed;
  const parts = [dismissed ? `${dismissed} dismissed` : null, confirmed ? `${confirmed} confirmed` : null].filter(Boolean);
  return parts.length ? `${parts.join(', ')} since the last run` : null;
}

type PatternState = Pick<StickyState, 'openFindings' | 'promptPatterns'>;

/**
 * The patterns a verdict judges: those in the prompts of the workers that reported the finding in
 * the latest run that did, as the state block recorded them (by fingerprint, else by finding key).
 */
export function patternsJudged(v: FindingVerdict, state: PatternState): string[] {
  const same = state.openFindings.find((f) => f.fingerprint === v.fingerprint) ?? state.openFindings.find((f) => findingKey(f.file, f.title) === v.findingKey);
  return (same?.patterns ?? []).flatMap((i) => state.promptPatterns[i] ?? []);
}

/**
 * The open findings with the patterns their workers were given, for the state block: a finding
 * this run reported gets this run's workers' patterns (results.json `memoryMatches`); one carried
 * over from an earlier run keeps what that run recorded. Keys go into one table, indexed.
 */
export function withPromptPatterns(
  openFindings: OpenFinding[],
  previous: PatternState,
  reported: Set<string>,
  results: { id: string; memoryMatches: string[] }[],
): PatternState {
  const byWorker = new Map(results.map((r) => [r.id, r.memoryMatches]));
  const table: string[] = [];
  const indexOf = (key: string) => {
    const at = table.indexOf(key);
    if (at >= 0 || table.length >= MAX_PROMPT_PATTERNS) return at;
    return table.push(key) - 1;
  };
  const findings = openFindings.map((f) => {
    const keys = reported.has(f.fingerprint)
      ? f.workers.flatMap((w) => byWorker.get(w) ?? [])
      : (f.patterns ?? []).flatMap((i) => previous.promptPatterns[i] ?? []);
    const patterns = [...new Set(keys)]
      .map(indexOf)
      .filter((i) => i >= 0)
      .slice(0, MAX_PATTERNS_PER_FINDING);
    return { ...f, patterns };
  });
  return { openFindings: findings, promptPatterns: table };
}

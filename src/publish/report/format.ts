/** Small formatting shared by the markdown report and the plain-text summary. */
import type { EngineName } from '../../plan/types.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import type { Severity, WorkerResult, WorkerStatus } from '../../workers/types.js';

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export const STATUS_ICONS: Record<WorkerStatus, string> = {
  succeeded: '✅',
  failed: '❌',
  timed_out: '⏱️',
  cancelled: '🛑',
  skipped: '⏭️',
  lost: '❓',
};

export function statusWords(status: WorkerStatus): string {
  return status.replace('_', ' ');
}

export const SEVERITY_ICONS: Record<Severity, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

export type OverallStatus = 'succeeded' | 'failed' | 'partial' | 'cancelled';

export const OVERALL_LABELS: Record<OverallStatus, { icon: string; words: string }> = {
  succeeded: { icon: '✅', words: 'succeeded' },
  failed: { icon: '❌', words: 'failed' },
  partial: { icon: '⚠️', words: 'finished with problems' },
  cancelled: { icon: '🛑', words: 'cancelled' },
};

/**
 * How the run went as a whole: findings are its output, not its failure, so only workers and
 * the merge count. Partial when some workers succeeded but not all, or a patch was left out.
 */
export function overallStatus(outcome: SwarmOutcome): OverallStatus {
  if (outcome.cancelled) return 'cancelled';
  const ok = outcome.results.filter((r) => r.status === 'succeeded').length;
  if (outcome.results.length > 0 && ok === 0) return 'failed';
  const mergeTrouble = outcome.merge.conflicts.length > 0 || Boolean(outcome.merge.applyError);
  return ok < outcome.results.length || mergeTrouble ? 'partial' : 'succeeded';
}

export function totalUsage(results: WorkerResult[]): { input: number; output: number } {
  return results.reduce((t, r) => ({ input: t.input + r.usage.input, output: t.output + r.usage.output }), { input: 0, output: 0 });
}

/** Tokens in and out per engine, in the order engines first appear. */
export function usageByEngine(results: WorkerResult[]): { engine: EngineName; input: number; output: number }[] {
  const by = new Map<EngineName, { engine: EngineName; input: number; output: number }>();
  for (const r of results) {
    const engine = r.engine ?? 'codex';
    const t = by.get(engine) ?? { engine, input: 0, output: 0 };
    t.input += r.usage.input;
    t.output += r.usage.output;
    by.set(engine, t);
  }
  return [...by.values()];
}

/** `12.3k tokens in, 1.2k out (codex)`, or with several engines each one's share. */
export function describeUsage(usage: { input: number; output: number }, engines: ReturnType<typeof usageByEngine>): string {
  const share =
    engines.length > 1 ? engines.map((e) => `${e.engine} ${formatTokens(e.input)} / ${formatTokens(e.output)}`).join('; ') : (engines[0]?.engine ?? 'codex');
  return `${formatTokens(usage.input)} tokens in, ${formatTokens(usage.output)} out (${share})`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

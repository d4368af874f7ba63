/**
 * The run's verdict for the step, the `conclusion` output and the final reaction, by the
 * `fail-on` input: `error` fails when any worker did not succeed, a severity also fails on a
 * finding at or above it, `never` never fails. A cancelled run always fails the step.
 */
import type { ActionInputs } from '../../config/inputs.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import { SEVERITIES, type Finding, type Severity } from '../../workers/types.js';
import { plural, statusWords } from './format.js';

export type FailOn = ActionInputs['fail-on'];

export interface Conclusion {
  /** `failure` exactly when the `fail-on` rule is met; `reason` says why either way. */
  conclusion: 'success' | 'failure' | 'cancelled';
  failStep: boolean;
  reason: string;
}

export function allFindings(outcome: SwarmOutcome): (Finding & { workerId: string })[] {
  return outcome.results.flatMap((r) => (r.answer?.findings ?? []).map((f) => ({ ...f, workerId: r.id })));
}

/** For the `findings-count` output. */
export function countFindings(outcome: SwarmOutcome): number {
  return allFindings(outcome).length;
}

export function findingsBySeverity(outcome: SwarmOutcome): Record<Severity, number> {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of allFindings(outcome)) bySeverity[f.severity]++;
  return bySeverity;
}

/** "1 critical, 2 high" — severities with no finding left out. */
export function describeCounts(bySeverity: Record<Severity, number>, severities: readonly Severity[] = SEVERITIES): string {
  return severities
    .filter((s) => bySeverity[s] > 0)
    .map((s) => `${bySeverity[s]} ${s}`)
    .join(', ');
}

export function conclude(outcome: SwarmOutcome, failOn: FailOn): Conclusion {
  const workers = outcome.results;
  const unsuccessful = workers.filter((r) => r.status !== 'succeeded');
  if (outcome.cancelled) {
    const finished = workers.filter((r) => r.status !== 'cancelled' && r.status !== 'skipped').length;
    return {
      conclusion: 'cancelled',
      failStep: true,
      reason: `the run was cancelled (${finished} of ${plural(outcome.plan.workers.length, 'worker')} finished)`,
    };
  }
  const workerProblem =
    unsuccessful.length > 0
      ? `${unsuccessful.length} of ${plural(workers.length, 'worker')} did not succeed (${unsuccessful.map((r) => `${r.id} ${statusWords(r.status)}`).join(', ')})`
      : null;

  if (failOn === 'never') {
    return { conclusion: 'success', failStep: false, reason: `fail-on is never${workerProblem ? `; ${workerProblem}` : ''}` };
  }
  const reasons = workerProblem ? [workerProblem] : [];
  // A severity gate fails on broken workers too: a review that crashed found nothing, it did not pass.
  if (failOn !== 'error') {
    const atOrAbove = SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1);
    const counts = findingsBySeverity(outcome);
    const hits = atOrAbove.reduce((n, s) => n + counts[s], 0);
    if (hits > 0) reasons.push(`${plural(hits, 'finding')} at or above ${failOn} (${describeCounts(counts, atOrAbove)})`);
  }
  if (reasons.length > 0) return { conclusion: 'failure', failStep: true, reason: reasons.join('; ') };

  const all = workers.length === 0 ? 'no workers were planned' : workers.length === 1 ? 'the worker succeeded' : `all ${workers.length} workers succeeded`;
  if (failOn === 'error') return { conclusion: 'success', failStep: false, reason: all };
  return { conclusion: 'success', failStep: false, reason: `${all}; no finding at or above ${failOn}` };
}

/**
 * What maintainers' verdicts keep out of a run's publishing. On the pull request they were given
 * on, a dismissed finding (same path, same normalised title, whatever its line) is not posted
 * inline, not annotated, not counted among open findings and does not fail the step: it is listed
 * once in the sticky comment. On other pull requests a new finding like a dismissed one (same
 * normalised title and the same path or code line, recalled from memory at or above the threshold)
 * is held back from the inline review only, and listed with a link to where it was dismissed.
 */
import type { FindingVerdict } from '../../github/findingVerdict.js';
import type { FeedbackMatch } from '../../memory/feedback.js';
import type { RunFeedback } from '../../swarm/runFeedback.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import { SEVERITIES, type Severity } from '../../workers/types.js';
import { findingKey, normaliseLine, titleKey } from './fingerprint.js';
import type { ReviewFinding } from './placeFindings.js';

export interface DismissedFinding {
  findingKey: string;
  file: string;
  line: number | null;
  title: string;
  severity: Severity;
  /** Every worker that reported it this run. */
  workers: string[];
  verdict: FindingVerdict;
}

export interface HeldBackFinding {
  finding: ReviewFinding;
  /** The dismissal on another PR it is like (the best-scoring one). */
  like: FeedbackMatch;
}

/**
 * The outcome without the findings dismissed on this pull request, and those findings once each:
 * hand the outcome to the review, the annotations, the report, `findings-count` and `fail-on`.
 */
export function withoutDismissed(outcome: SwarmOutcome, verdicts: FindingVerdict[]): { outcome: SwarmOutcome; dismissed: DismissedFinding[] } {
  const dismissals = new Map(verdicts.filter((v) => v.verdict === 'dismissed').map((v) => [v.findingKey, v]));
  if (!dismissals.size) return { outcome, dismissed: [] };
  const dismissed = new Map<string, DismissedFinding>();
  const results = outcome.results.map((r) => {
    if (!r.answer) return r;
    const findings = r.answer.findings.filter((f) => {
      const key = findingKey(f.file, f.title);
      const verdict = dismissals.get(key);
      if (!verdict) return true;
      const seen = dismissed.get(key);
      if (!seen) dismissed.set(key, { findingKey: key, file: f.file, line: f.line, title: f.title, severity: f.severity, workers: [r.id], verdict });
      else {
        if (!seen.workers.includes(r.id)) seen.workers.push(r.id);
        if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(seen.severity)) seen.severity = f.severity;
      }
      return false;
    });
    return findings.length === r.answer.findings.length ? r : { ...r, answer: { ...r.answer, findings } };
  });
  return { outcome: { ...outcome, results }, dismissed: [...dismissed.values()] };
}

/** The last run's open findings less those dismissed since: a dismissed finding is neither open nor "resolved" (it gets no resolved reply). */
export function openNotDismissed<F extends { file: string; title: string }>(open: F[], verdicts: FindingVerdict[]): F[] {
  const dismissed = new Set(verdicts.filter((v) => v.verdict === 'dismissed').map((v) => v.findingKey));
  return dismissed.size ? open.filter((f) => !dismissed.has(findingKey(f.file, f.title))) : open;
}

/** A code line matches a dismissal's when both say the same, whitespace aside (the dismissal's may be cut short with "…"). */
function sameCode(lineText: string | null | undefined, codeLine: string | null): boolean {
  if (!lineText || !codeLine) return false;
  const clipped = codeLine.endsWith('…');
  const theirs = normaliseLine(clipped ? codeLine.slice(0, -1) : codeLine);
  const ours = normaliseLine(lineText);
  return theirs !== '' && (clipped ? ours.startsWith(theirs) : ours === theirs);
}

/** Of the findings about to be posted inline, those like a dismissal on another pull request. */
export function likeDismissed(findings: ReviewFinding[], past: FeedbackMatch[]): HeldBackFinding[] {
  if (!past.length) return [];
  return findings.flatMap((finding) => {
    const title = titleKey(finding.title);
    const like = past
      .filter((m) => titleKey(m.title) === title && (m.path === finding.file || sameCode(finding.lineText, m.codeLine)))
      .sort((a, b) => b.score - a.score)[0];
    return like ? [{ finding, like }] : [];
  });
}

/** results.json's `feedback`. */
export function runFeedback(o: {
  verdicts: FindingVerdict[];
  taken: FindingVerdict[];
  dismissed: DismissedFinding[];
  heldBack: HeldBackFinding[];
}): RunFeedback {
  return {
    verdicts: o.verdicts,
    taken: o.taken.map((v) => v.findingKey),
    dismissed: o.dismissed.map(({ findingKey: key, file, line, title, workers }) => ({ findingKey: key, file, line, title, workers })),
    heldBack: o.heldBack.map(({ finding, like }) => ({
      fingerprint: finding.fingerprint,
      file: finding.file,
      line: finding.line,
      title: finding.title,
      like: { key: like.key, pr: like.pr, by: like.by, reason: like.reason, score: like.score },
    })),
  };
}

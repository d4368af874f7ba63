/**
 * Maintainers' feedback in a run on a pull request (`feedback: learn`): read while the run plans,
 * recorded in memory before the workers start (reviewers then see it, and the patterns behind the
 * judged findings are scored), and applied when the run publishes — findings dismissed on this PR
 * kept out of everything that counts, look-alikes of dismissals on other PRs held back from the
 * inline review, and what it did said in the sticky comment and results.json. `feedback: off`
 * makes none of these requests and changes nothing.
 */
import * as core from '@actions/core';
import type { ActionInputs } from '../../config/inputs.js';
import type { FindingVerdict } from '../../github/findingVerdict.js';
import type { PullRequestContext } from '../../github/pullRequest.js';
import { recallDismissals, recordVerdicts, type FeedbackMatch } from '../../memory/feedback.js';
import type { MemoryStore } from '../../memory/store.js';
import { ACTIONS_BOT_LOGIN } from '../../publish/comment/markers.js';
import type { StickyState } from '../../publish/comment/stickyState.js';
import { allFindings } from '../../publish/report/conclusion.js';
import { renderFeedbackSection } from '../../publish/report/feedbackSection.js';
import type { ReportSection } from '../../publish/report/reportSection.js';
import { runFeedback, withoutDismissed, type DismissedFinding, type HeldBackFinding } from '../../publish/review/feedbackFilter.js';
import { describeTaken, mergeVerdicts, patternsJudged, type MergedVerdicts } from '../../publish/review/verdictState.js';
import type { RunFeedback } from '../../swarm/runFeedback.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import { readFindingFeedback } from '../../trigger/findingFeedback.js';
import { createWriterCheck } from '../../trigger/permissions.js';
import { redact } from '../../util/redact.js';
import type { ModeContext, ModeDecision } from '../types.js';

/** What feedback a run on a PR works with: the verdicts in effect, and those it took in since the last run. */
export type PullFeedback = MergedVerdicts;

/**
 * The PR's feedback merged into what the last run's state block held; null with `feedback: off`.
 * Reading that fails is a warning: the verdicts of earlier runs still apply.
 */
export async function readPullFeedback(
  c: ModeContext<ModeDecision>,
  pr: Pick<PullRequestContext, 'number'>,
  previous: StickyState,
): Promise<PullFeedback | null> {
  if (c.inputs.feedback !== 'learn') return null;
  const repo = { owner: c.ctx.owner, repo: c.ctx.repo };
  try {
    const read = await readFindingFeedback({
      octokit: c.octokit,
      ...repo,
      pullNumber: pr.number,
      selfLogin: ACTIONS_BOT_LOGIN,
      triggerPhrase: c.inputs['trigger-phrase'],
      isWriter: createWriterCheck(c.octokit, repo),
      known: previous.openFindings,
    });
    for (const w of read.warnings) core.warning(`codex-swarm: feedback: ${w}`);
    const merged = mergeVerdicts(previous.verdicts, read.verdicts);
    core.info(
      `codex-swarm: feedback: ${merged.verdicts.length} verdict(s) on this PR's findings, ${describeTaken(merged.taken) ?? 'none new since the last run'}.`,
    );
    return merged;
  } catch (error) {
    core.warning(`codex-swarm: maintainers' feedback could not be read (${redact(String(error))}); the verdicts of earlier runs still apply.`);
    return { verdicts: previous.verdicts, taken: [] };
  }
}

/** Before the workers start: each verdict taken in this run becomes memory, and judges the patterns behind its finding (once). */
export function recordPullFeedback(store: MemoryStore, feedback: PullFeedback | null | undefined, previous: StickyState, runKey: string): void {
  if (!feedback?.taken.length) return;
  const filed = recordVerdicts(store, feedback.taken, (v) => patternsJudged(v, previous), runKey);
  const held = feedback.taken.length - filed;
  core.info(`codex-swarm: feedback: ${filed} verdict(s) recorded in memory${held ? `, ${held} held already` : ''}.`);
}

/** What feedback did to a finished run's outcome; the outcome to count, post and fail on. */
export interface AppliedFeedback {
  outcome: SwarmOutcome;
  dismissed: DismissedFinding[];
  verdicts: FindingVerdict[];
  taken: FindingVerdict[];
}

/**
 * The outcome without the findings dismissed on this PR: this run's merged verdicts, or (a retry,
 * an aggregate that could not read) the state block's. Null outside a PR or with `feedback: off`.
 */
export function applyPullFeedback(
  inputs: Pick<ActionInputs, 'feedback'>,
  review: { previous: { state: StickyState }; feedback?: PullFeedback | null },
  outcome: SwarmOutcome,
  onPullRequest: boolean,
): AppliedFeedback | null {
  if (inputs.feedback !== 'learn' || !onPullRequest) return null;
  const { verdicts, taken } = review.feedback ?? { verdicts: review.previous.state.verdicts, taken: [] };
  const kept = withoutDismissed(outcome, verdicts);
  if (kept.dismissed.length) core.info(`codex-swarm: feedback: ${kept.dismissed.length} finding(s) dismissed by maintainers left out.`);
  return { ...kept, verdicts, taken };
}

/** Dismissals on other PRs that new findings may be like (memory at or above the threshold); none without memory. */
export function pastDismissals(
  inputs: Pick<ActionInputs, 'memory-threshold' | 'memory-limit'>,
  store: MemoryStore | null,
  outcome: SwarmOutcome,
  pr: number,
): FeedbackMatch[] {
  if (!store) return [];
  return recallDismissals(store, allFindings(outcome), { threshold: inputs['memory-threshold'], limit: inputs['memory-limit'], pr });
}

/** The sticky comment's Feedback section: taken in, dismissed (folded), held back (linked). */
export function feedbackSection(applied: AppliedFeedback, heldBack: HeldBackFinding[], pullUrl: (pr: number) => string): ReportSection | null {
  return renderFeedbackSection({ taken: describeTaken(applied.taken), dismissed: applied.dismissed, heldBack, pullUrl });
}

/** results.json's `feedback`. */
export function feedbackResults(applied: AppliedFeedback, heldBack: HeldBackFinding[]): RunFeedback {
  return runFeedback({ verdicts: applied.verdicts, taken: applied.taken, dismissed: applied.dismissed, heldBack });
}

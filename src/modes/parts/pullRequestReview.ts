/**
 * The review's part of a run on a pull request, as the action wires it: the state the last run
 * left in the sticky comment, which files this run reviews (incremental or full), and after the
 * swarm the review at the line, the annotations and the comment's review section and state block.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { ActionInputs } from '../../config/inputs.js';
import type { GitHubClient } from '../../github/client.js';
import type { PullRequestContext, PullRequestFile } from '../../github/pullRequest.js';
import { selectReviewScope } from '../../plan/incremental.js';
import { allFindings } from '../../publish/report/conclusion.js';
import { nextState, publishReview, type ReviewPublication } from '../../publish/review/publishReview.js';
import type { ReviewFinding } from '../../publish/review/placeFindings.js';
import { diffRanges } from '../../publish/review/placeFindings.js';
import type { ReportSection } from '../../publish/report/reportSection.js';
import { renderReviewSection } from '../../publish/review/reviewSection.js';
import { ACTIONS_BOT_LOGIN } from '../../publish/comment/markers.js';
import { findStickyComment } from '../../publish/comment/stickyComment.js';
import { emptyState, readStickyState, type ReadState, type StickyState } from '../../publish/comment/stickyState.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import type { FindingVerdict } from '../../github/findingVerdict.js';
import type { FeedbackMatch } from '../../memory/feedback.js';
import { openNotDismissed, type HeldBackFinding } from '../../publish/review/feedbackFilter.js';
import { withPromptPatterns } from '../../publish/review/verdictState.js';
import type { PullFeedback } from './feedback.js';
import type { RunDecision } from '../../trigger/route.js';
import { redact } from '../../util/redact.js';

interface Repo {
  octokit: GitHubClient;
  owner: string;
  repo: string;
}

/** What the last run left in the sticky comment, which of the PR's files this run reviews (null: all, or no PR), and maintainers' feedback read for it. */
export interface ReviewContext {
  previous: ReadState;
  scope: ScopedFiles | null;
  /** Null with `feedback: off`, or when this run read none (a retry: the state's verdicts apply). */
  feedback?: PullFeedback | null;
}

export const noReview = (): ReviewContext => ({ previous: { state: emptyState(), note: null }, scope: null });

/** The last run's state block; unreadable, or the comment not found, is a fresh start with a note. */
export async function loadStickyState({ octokit, owner, repo, prNumber }: Repo & { prNumber: number }): Promise<ReadState> {
  try {
    return readStickyState((await findStickyComment({ octokit, owner, repo, issueNumber: prNumber, selfLogin: ACTIONS_BOT_LOGIN }))?.body);
  } catch (error) {
    return { state: emptyState(), note: `the previous run's state could not be read (${redact(String(error))}); starting fresh` };
  }
}

export interface ScopedFiles {
  files: PullRequestFile[];
  /** "incremental: 3 files changed since abc1234" / "full review: history was rewritten", or null when nothing to say. */
  description: string | null;
  /** Set when only some files are reviewed. */
  reviewed?: Set<string>;
}

/** The PR's files this run reviews: on a new push, incremental unless turned off or `--full`. */
export async function scopeReviewFiles(o: {
  inputs: ActionInputs;
  decision: RunDecision;
  pr: PullRequestContext;
  state: StickyState;
  repoDir: string;
}): Promise<ScopedFiles> {
  const all = { files: o.pr.changedFiles };
  if (o.decision.command !== 'review') return { ...all, description: null };
  if (o.decision.full) return { ...all, description: 'full review: asked for with --full' };
  if (o.decision.prAction !== 'synchronize' || !o.inputs.incremental) return { ...all, description: null };
  const scope = await selectReviewScope({
    repoDir: o.repoDir,
    lastSha: o.state.headSha,
    headSha: o.pr.headSha,
    prFiles: o.pr.changedFiles.map((f) => f.path),
    openFindingFiles: o.state.openFindings.map((f) => f.file),
  }).catch((error: Error) => ({ mode: 'full' as const, description: `full review: the history could not be compared (${redact(error.message)})` }));
  core.info(`codex-swarm: ${scope.description}`);
  if (scope.mode === 'full') return { ...all, description: scope.description };
  const keep = new Set(scope.files);
  return { files: o.pr.changedFiles.filter((f) => keep.has(f.path)), description: scope.description, reviewed: keep };
}

export interface ReviewArgs extends Repo {
  inputs: ActionInputs;
  pr: PullRequestContext;
  previous: ReadState;
  scope: ScopedFiles;
  outcome: SwarmOutcome;
  repoDir: string;
  run: { runId: string; runAttempt: number; artifactId: number | null; artifactName: string | null };
  /** `feedback: learn`: the verdicts the state block keeps, and dismissals on other PRs to hold look-alikes back by. */
  feedback: { verdicts: FindingVerdict[]; pastDismissals: FeedbackMatch[] } | null;
}

/** What the report adds for the review: notes under its totals, the review section, and the state block that ends the comment. */
export interface ReviewReport {
  notes: string[];
  sections: ReportSection[];
  /** The state block the comment ends with, for the next run. */
  state: StickyState;
  /** Inline findings held back: like one a maintainer dismissed on another PR. */
  heldBack: HeldBackFinding[];
  /** This run's findings, placed (none when the review could not be published). */
  findings: ReviewFinding[];
  /** Every finding still open on the pull request (the findings gate's input); unplaced ones too when the review failed. */
  stillOpen: { severity: string }[];
}

/** Posts the review, the annotations and the resolved replies. */
export async function publishPullRequestReview(a: ReviewArgs): Promise<ReviewReport> {
  const runDir = path.dirname(a.outcome.resultsFile);
  const offerSuggestions = a.inputs.apply === 'none' && (a.outcome.plan.command === 'code' || a.outcome.plan.command === 'docs');
  const writerPatches = offerSuggestions ? await readWriterPatches(a.outcome, runDir) : [];
  // A worker that did not succeed reviewed nothing: the open findings of its files stay open.
  const failed = a.outcome.results.some((r) => r.status !== 'succeeded');
  const succeededFiles = new Set(a.outcome.results.filter((r) => r.status === 'succeeded').flatMap((r) => r.files));
  const reviewed = failed ? new Set([...succeededFiles].filter((f) => !a.scope.reviewed || a.scope.reviewed.has(f))) : a.scope.reviewed;
  // A finding dismissed since the last run is not open any more, and not resolved either.
  const previous = a.feedback ? { ...a.previous.state, openFindings: openNotDismissed(a.previous.state.openFindings, a.feedback.verdicts) } : a.previous.state;
  let pub: ReviewPublication | null = null;
  try {
    pub = await publishReview({
      pull: { octokit: a.octokit, owner: a.owner, repo: a.repo, pullNumber: a.pr.number, selfLogin: ACTIONS_BOT_LOGIN },
      headSha: a.pr.headSha,
      repoDir: a.repoDir,
      diff: diffRanges(a.pr.changedFiles),
      findings: allFindings(a.outcome),
      writerPatches,
      previous,
      ...(reviewed ? { reviewedFiles: reviewed } : {}),
      inline: a.inputs['inline-comments'],
      // The check run carries them, or the findings gate annotates them once it knows it cannot.
      annotations: false,
      run: { id: a.run.runId, attempt: a.run.runAttempt },
      triggerPhrase: a.inputs['trigger-phrase'],
      ...(a.feedback ? { pastDismissals: a.feedback.pastDismissals } : {}),
    });
  } catch (error) {
    core.warning(`codex-swarm: the review could not be published: ${redact(String(error))}. The comment still lists every finding.`);
  }
  for (const w of pub?.warnings ?? []) core.warning(`codex-swarm: ${w}`);
  const section = pub ? renderReviewSection(pub) : null;
  const state = nextState(a.previous.state, { headSha: a.pr.headSha, ...a.run, openFindings: pub?.openFindings ?? a.previous.state.openFindings });
  return {
    notes: [a.scope.description, a.previous.note].filter((n): n is string => Boolean(n)),
    sections: section ? [section] : [],
    state: a.feedback ? withFeedbackState(state, a.previous.state, pub, a.outcome, a.feedback.verdicts) : state,
    heldBack: pub?.heldBack ?? [],
    findings: pub?.findings ?? [],
    stillOpen: pub?.stillOpen ?? [...allFindings(a.outcome), ...previous.openFindings],
  };
}

/** The state with the verdicts it keeps and, per open finding, the memory patterns its workers were given (what a later verdict judges). */
function withFeedbackState(
  state: StickyState,
  previous: StickyState,
  pub: ReviewPublication | null,
  outcome: SwarmOutcome,
  verdicts: FindingVerdict[],
): StickyState {
  const reported = new Set((pub?.findings ?? []).map((f) => f.fingerprint));
  return { ...state, ...withPromptPatterns(state.openFindings, previous, reported, outcome.results), verdicts };
}

async function readWriterPatches(outcome: SwarmOutcome, runDir: string) {
  const out: { workerId: string; patch: string }[] = [];
  for (const r of outcome.results) {
    if (r.status !== 'succeeded' || !r.patchPath) continue;
    const patch = await fs.readFile(path.join(runDir, r.patchPath), 'utf8').catch(() => null);
    if (patch) out.push({ workerId: r.id, patch });
  }
  return out;
}

/**
 * After a review on a pull request: the findings placed and de-duplicated, annotated, posted as
 * one review of inline comments (each fingerprint once across runs), the last run's findings that
 * are gone replied to as resolved (once), and the open findings the state block carries forward.
 * Nothing here fails the run: API errors become warnings and the sticky comment holds everything.
 */
import { annotateFindings, type AnnotateOptions, type AnnotatedFindings } from './annotations.js';
import type { LineRange } from './diffHunks.js';
import {
  findingCommentBody,
  listOwnReviewComments,
  postReview,
  replyResolved,
  type OwnReviewComments,
  type PullTarget,
  type ReviewComment,
} from './inlineComments.js';
import { placeFindings, type ReviewFinding, type WorkerFinding } from './placeFindings.js';
import type { OpenFinding, StickyState } from '../comment/stickyState.js';
import { suggestionComments } from './suggestions.js';
import { describeError } from '../comment/githubBody.js';
import { likeDismissed, type HeldBackFinding } from './feedbackFilter.js';
import type { FeedbackMatch } from '../../memory/feedback.js';
import { SEVERITIES } from '../../workers/types.js';

/**
 * Open findings the state block carries at most. Beyond it the least severe are not tracked: they
 * are still never posted twice (comments are found by marker), but get no "resolved" reply.
 */
export const MAX_TRACKED = 50;

export interface PublishReviewOptions {
  /** Null outside a pull request: findings are placed and annotated only. */
  pull: PullTarget | null;
  headSha: string | null;
  repoDir: string;
  diff: Map<string, LineRange[]>;
  findings: WorkerFinding[];
  /** Writers' patches to offer as suggestions (only with `apply: none`). */
  writerPatches: { workerId: string; patch: string }[];
  previous: StickyState;
  /** Files this run reviewed, when it reviewed only some (incremental): open findings elsewhere stay open. */
  reviewedFiles?: Set<string>;
  inline: boolean;
  annotations: boolean;
  /** The workflow's trigger phrase, for the replies line that ends each finding comment. */
  triggerPhrase?: string;
  /** Dismissals on other PRs recalled from memory (`recallDismissals`): a fresh inline finding like one is held back. */
  pastDismissals?: FeedbackMatch[];
  /** What the step's annotations already spent, and where the report is (annotations are capped per step). */
  annotationBudget?: AnnotateOptions;
  /** This run: its review carries it, so a retry after a 5xx never posts a second review. */
  run?: { id: string; attempt: number };
}

export interface ReviewPublication {
  findings: ReviewFinding[];
  /** The review this run posted, if it posted one. */
  review: { url: string; comments: number; suggestions: number } | null;
  /** Inline findings that already had a comment from an earlier run. */
  alreadyInline: number;
  /** Inline findings that went to the sticky comment instead, because GitHub refused the review. */
  fellBack: ReviewFinding[];
  /** Inline findings not posted because they are like one a maintainer dismissed on another PR. */
  heldBack: HeldBackFinding[];
  /** The last run's findings this run no longer reports. */
  resolved: OpenFinding[];
  /** The short SHA the last run reviewed, for "resolved since". */
  resolvedSince: string | null;
  /** The most severe MAX_TRACKED of `stillOpen`: what the state block carries. */
  openFindings: OpenFinding[];
  /** Every finding still open: this run's, and the last run's on files it did not review. */
  stillOpen: OpenFinding[];
  /** How many findings became workflow annotations, and how many did not fit; null with `annotations: false`. */
  annotations: AnnotatedFindings | null;
  warnings: string[];
}

export async function publishReview(o: PublishReviewOptions): Promise<ReviewPublication> {
  const warnings: string[] = [];
  const findings = await placeFindings({ findings: o.findings, repoDir: o.repoDir, diff: o.diff });
  const annotations = o.annotations ? annotateFindings(findings, o.annotationBudget) : null;

  let own: OwnReviewComments = { byFingerprint: new Map(), resolvedReplied: new Set() };
  let listed = true;
  if (o.pull) {
    try {
      own = await listOwnReviewComments(o.pull);
    } catch (error) {
      // Without the list, posting could repeat every comment of the last run: the sticky comment holds them this time.
      warnings.push(`could not list the PR's review comments (${describeError(error)}); findings stay in the sticky comment this time`);
      listed = false;
    }
  }

  const inline = findings.filter((f) => f.placement === 'inline');
  const unposted = inline.filter((f) => !own.byFingerprint.has(f.fingerprint));
  const heldBack = likeDismissed(unposted, o.pastDismissals ?? []);
  const fresh = unposted.filter((f) => !heldBack.some((h) => h.finding === f));
  const canPost = Boolean(o.pull && o.headSha && o.inline && listed);
  const suggestions = canPost ? o.writerPatches.flatMap((p) => suggestionComments(p.patch, p.workerId, o.diff)) : [];
  let review: ReviewPublication['review'] = null;
  let fellBack: ReviewFinding[] = o.inline && !listed ? fresh : [];
  if (canPost && fresh.length + suggestions.length > 0) {
    const comments: ReviewComment[] = [
      ...fresh.map((f) => ({ path: f.file, line: f.line!, side: 'RIGHT' as const, body: findingCommentBody(f, o.triggerPhrase) })),
      ...suggestions,
    ];
    const posted = await postReview(o.pull!, {
      commitId: o.headSha!,
      body: reviewBody(fresh.length, suggestions.length),
      comments,
      ...(o.run ? { run: o.run } : {}),
    });
    if ('error' in posted) {
      warnings.push(`GitHub refused the review${posted.status ? ` (${posted.status})` : ''}: ${posted.error}; its findings are in the sticky comment instead`);
      fellBack = fresh;
    } else {
      review = { url: posted.url, comments: fresh.length, suggestions: suggestions.length };
    }
  }

  const current = new Set(findings.map((f) => f.fingerprint));
  const carried = o.previous.openFindings.filter((f) => !current.has(f.fingerprint) && o.reviewedFiles && !o.reviewedFiles.has(f.file));
  const resolved = o.previous.openFindings.filter((f) => !current.has(f.fingerprint) && !carried.includes(f));
  if (o.pull && o.headSha) warnings.push(...(await replyResolvedOnce(o.pull, o.headSha, resolved, own)));

  const stillOpen = unique([
    ...findings.map((f) => ({
      fingerprint: f.fingerprint,
      file: f.file,
      line: f.line,
      title: f.title.slice(0, 100),
      severity: f.severity,
      workers: f.workers,
      commentId: own.byFingerprint.get(f.fingerprint)?.id ?? null,
    })),
    ...carried,
  ]);
  return {
    findings,
    review,
    alreadyInline: inline.length - unposted.length,
    fellBack,
    heldBack,
    resolved,
    resolvedSince: o.previous.headSha?.slice(0, 7) ?? null,
    openFindings: mostSevere(stillOpen),
    stillOpen,
    annotations,
    warnings,
  };
}

/** "Resolved in <sha>" under each resolved finding's comment that has none yet; the warnings for those GitHub refused. */
async function replyResolvedOnce(pull: PullTarget, headSha: string, resolved: OpenFinding[], own: OwnReviewComments): Promise<string[]> {
  const warnings: string[] = [];
  for (const f of resolved) {
    const id = f.commentId ?? own.byFingerprint.get(f.fingerprint)?.id;
    if (id === undefined || own.resolvedReplied.has(id)) continue;
    if (await replyResolved(pull, id, headSha.slice(0, 7))) own.resolvedReplied.add(id);
    else warnings.push(`could not reply "resolved" to review comment ${id}`);
  }
  return warnings;
}

/** One entry per fingerprint. */
function unique(open: OpenFinding[]): OpenFinding[] {
  const seen = new Set<string>();
  return open.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint));
}

/** The state block travels in the comment: the most severe MAX_TRACKED. */
function mostSevere(unique: OpenFinding[]): OpenFinding[] {
  const rank = (s: string) => {
    const i = (SEVERITIES as readonly string[]).indexOf(s);
    return i < 0 ? SEVERITIES.length : i;
  };
  return [...unique].sort((a, b) => rank(a.severity) - rank(b.severity)).slice(0, MAX_TRACKED);
}

function reviewBody(findings: number, suggestions: number): string {
  const parts = [
    findings ? `${findings} finding${findings === 1 ? '' : 's'} on the diff` : null,
    suggestions ? `${suggestions} suggestion${suggestions === 1 ? '' : 's'}` : null,
  ];
  return `**codex-swarm review**: ${parts.filter(Boolean).join(' and ')}. Findings elsewhere, and the full report, are in the codex-swarm comment on this PR.`;
}

/** The state block for the next run: this run's head, run and artifact and its open findings; fields other runs own (a pending plan) kept. */
export function nextState(
  previous: StickyState,
  run: { headSha: string | null; runId: string; runAttempt: number; artifactId: number | null; artifactName: string | null; openFindings: OpenFinding[] },
): StickyState {
  return { ...previous, ...run };
}

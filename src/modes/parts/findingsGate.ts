/**
 * Every finding where a reviewer looks for it, and a merge gate: with `checks: write`, one check run
 * `codex-swarm` on the pull request's head (whatever triggered the run) carrying every finding, the
 * counts in its title, the report as its summary and a conclusion from `fail-on` over the findings
 * still open. Without it (the Checks API answers 403) the findings become workflow annotations,
 * as many as GitHub shows for this step, most severe first, and a notice for the rest.
 */
import * as core from '@actions/core';
import type { PullRequestContext } from '../../github/pullRequest.js';
import { annotateFindings } from '../../publish/review/annotations.js';
import { publishCheckRun } from '../../publish/review/checkRun.js';
import type { ReviewFinding } from '../../publish/review/placeFindings.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import { stepAnnotations } from '../../util/annotationCount.js';
import { SEVERITIES, type Severity } from '../../workers/types.js';
import type { ModeContext, ModeDecision } from '../types.js';

export interface FindingsGateArgs {
  pr: PullRequestContext;
  outcome: SwarmOutcome;
  /** The report as the comment shows it: the check run's summary. */
  report: string;
  /** This run's findings, placed. */
  findings: ReviewFinding[];
  /**
   * The findings still open on the pull request (this run's and those carried from files it did
   * not review), less the resolved ones and those a maintainer dismissed: they decide the gate.
   */
  openFindings: { severity: string }[];
}

export async function publishFindingsGate({ inputs, ctx, octokit }: ModeContext<ModeDecision>, g: FindingsGateArgs): Promise<void> {
  const check = await publishCheckRun({
    octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    headSha: g.pr.headSha,
    findings: g.findings,
    openFindings: g.openFindings.filter((f): f is { severity: Severity } => (SEVERITIES as readonly string[]).includes(f.severity)),
    failOn: inputs['fail-on'],
    unsuccessfulWorkers: g.outcome.results.filter((r) => r.status !== 'succeeded').length,
    cancelled: g.outcome.cancelled,
    report: g.report,
    detailsUrl: ctx.runUrl,
    externalId: `${ctx.runId}-${ctx.runAttempt}`,
  });
  if (check.published) {
    core.info(`codex-swarm: check run codex-swarm (${check.conclusion}) on ${g.pr.headSha.slice(0, 7)} with ${check.annotations} annotation(s): ${check.url}`);
    return;
  }
  // Without `checks: write` the fallback is expected: no warning, annotations spend few enough already.
  if (!check.forbidden) core.warning(`codex-swarm: the check run could not be written (${check.reason}); the findings are annotated here instead.`);
  else core.info(`codex-swarm: no check run (${check.reason}); the findings are annotated here instead.`);
  if (inputs.annotations)
    annotateFindings(g.findings, { spent: stepAnnotations().spent(), where: `the codex-swarm comment on #${g.pr.number} and the job summary` });
}

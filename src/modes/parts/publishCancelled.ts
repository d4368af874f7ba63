/**
 * What a cancelled one-job run publishes. GitHub kills the step 10 s after its SIGINT, so what the
 * user sees goes first — the comment finished as "cancelled" with what finished, the job summary,
 * the outputs — and only then the artifact (the results for the record). No review, check run or
 * changes: the run is not whole, and the last run's state block stays for the next one.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { LiveComment } from '../../publish/comment/stickyComment.js';
import { renderStickyState, type StickyState } from '../../publish/comment/stickyState.js';
import { writeJobSummary } from '../../publish/outputs/jobSummary.js';
import { defaultArtifactName, uploadRunArtifact } from '../../publish/outputs/runArtifact.js';
import { setOutputs } from '../../publish/outputs/stepOutputs.js';
import { conclude, countFindings, type Conclusion } from '../../publish/report/conclusion.js';
import { DEFAULT_REPORT_MAX_CHARS, renderReport } from '../../publish/report/markdownReport.js';
import { writePlanFile } from '../../swarm/retry.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import type { ModeContext, ModeDecision } from '../types.js';

export interface CancelledRun {
  /** On a pull request: the state block the last run left, kept for the next one. */
  previous: StickyState | null;
  outcome: SwarmOutcome;
  runDir: string;
  live: LiveComment | null;
}

export async function publishCancelled(c: ModeContext<ModeDecision>, a: CancelledRun): Promise<Conclusion> {
  const { inputs, ctx } = c;
  const verdict = conclude(a.outcome, inputs['fail-on']);
  const stateBlock = a.previous ? `\n\n${renderStickyState(a.previous)}` : '';
  const links = { runUrl: ctx.runUrl };
  const report = renderReport({ outcome: a.outcome, links, maxChars: DEFAULT_REPORT_MAX_CHARS - stateBlock.length });
  const [commentOut] = await Promise.all([a.live?.finish(report + stateBlock) ?? null, writeJobSummary(report), c.reaction?.then((r) => r.finish('confused'))]);
  setOutputs({
    conclusion: verdict.conclusion,
    'results-file': a.outcome.resultsFile,
    ...(commentOut ? { 'comment-id': String(commentOut.id), 'comment-url': commentOut.url } : {}),
    'findings-count': String(countFindings(a.outcome)),
  });
  const reportFile = path.join(a.runDir, 'report.md');
  await fs.writeFile(reportFile, renderReport({ outcome: a.outcome, links, maxChars: Infinity }));
  await writePlanFile(a.runDir, a.outcome.plan);
  const artifact = await uploadRunArtifact({ runDir: a.runDir, name: inputs['artifact-name'] || defaultArtifactName(ctx.runId, ctx.runAttempt) });
  if ('error' in artifact) core.info(`codex-swarm: the cancelled run's artifact was not uploaded: ${artifact.error}`);
  else setOutputs({ conclusion: verdict.conclusion, 'report-file': reportFile, 'artifact-id': String(artifact.id) });
  return verdict;
}

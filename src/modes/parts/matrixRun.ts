/** What a matrix's work and aggregate jobs share: the plan job's artifact, and the previous run's state block kept in the comment. */
import path from 'node:path';
import { downloadScalePlan, newestAttempt, planArtifactName, runArtifactNames, type ScalePlan } from '../../publish/outputs/matrixArtifacts.js';
import { renderStickyState } from '../../publish/comment/stickyState.js';
import { redact } from '../../util/redact.js';
import type { ModeContext } from '../types.js';
import { failStep } from './answers.js';
import { baseDirOf, runKeyOf } from './planning.js';

/** The previous run's state block, kept at the end of the comment while the matrix runs. */
export const scaleStateBlock = (scale: Pick<ScalePlan, 'review'>): string => (scale.review ? renderStickyState(scale.review.previous.state) : '');

/** The plan job's artifact (of this attempt, or of the last that ran the plan job); null after failing the step with what is missing. */
export async function readScalePlan(c: ModeContext, mode: 'work' | 'aggregate'): Promise<ScalePlan | null> {
  const { runId, runAttempt } = c.ctx;
  let name = planArtifactName(runId, runAttempt);
  let scale: ScalePlan | null;
  try {
    const attempt = newestAttempt(await runArtifactNames(), (a) => planArtifactName(runId, a), runAttempt);
    if (attempt !== null) name = planArtifactName(runId, attempt);
    scale = attempt === null ? null : await downloadScalePlan(name, path.join(baseDirOf(c.ctx), 'plan-in', runKeyOf(c.ctx)));
  } catch (err) {
    return failStep(`mode ${mode}: could not read the plan artifact ${name}: ${redact((err as Error).message)}`);
  }
  if (!scale)
    return failStep(`mode ${mode}: this workflow run has no plan artifact (${name}). Run a job with mode: plan first, and give this job \`needs:\` on it.`);
  return scale;
}

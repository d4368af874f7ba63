/**
 * A decomposition kept for later: `plan.json` in the run folder, the file `--plan <file>` runs, and
 * the plan `/swarm plan` posts for `/swarm approve`. It is exactly the task and the subtasks that
 * run; the sha256 of its JSON text ties a stored copy to what was shown.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { subtaskSchema, type Subtask } from './types.js';

export const SAVED_PLAN_VERSION = 1;

export const savedPlanSchema = z.object({
  version: z.literal(SAVED_PLAN_VERSION),
  /** The task as the planner got it (sanitised). */
  task: z.string().min(1),
  /** The planner's summary of its plan. */
  summary: z.string(),
  subtasks: z.array(subtaskSchema).min(1),
});
export type SavedPlan = z.infer<typeof savedPlanSchema>;

export const savedPlan = (task: string, summary: string, subtasks: Subtask[]): SavedPlan => ({ version: SAVED_PLAN_VERSION, task, summary, subtasks });

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The plan as stored: its JSON text and that text's hash. */
export function sealPlan(plan: SavedPlan): { json: string; sha256: string } {
  const json = JSON.stringify(savedPlanSchema.parse(plan));
  return { json, sha256: sha256(json) };
}

export class SavedPlanError extends Error {
  override name = 'SavedPlanError';
}

/** Reads a saved plan; with `expectedSha256`, only the exact text that was sealed. Throws SavedPlanError saying what is wrong. */
export function readSavedPlan(text: string, { expectedSha256, source }: { expectedSha256?: string; source: string }): SavedPlan {
  if (expectedSha256 !== undefined && sha256(text) !== expectedSha256) {
    throw new SavedPlanError(`${source} does not match the plan that was posted (its hash differs): it was changed after posting`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SavedPlanError(`${source} is not JSON: ${(err as Error).message}`);
  }
  const parsed = savedPlanSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SavedPlanError(
      `${source} is not a codex-swarm plan (version ${SAVED_PLAN_VERSION}, as written by --plan-only or /swarm plan): ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/**
 * `/swarm plan` then `/swarm approve`: the posted plan travels in the sticky comment's hidden state
 * block as its JSON text and that text's sha256. Approval runs exactly that text: a block whose
 * JSON no longer matches its hash (an edited comment) is refused, never run.
 */
import { readSavedPlan, SavedPlanError, sealPlan, type SavedPlan } from '../../plan/savedPlan.js';
import { findStickyComment, type StickyTarget } from './stickyComment.js';
import { readStickyState, type StickyState } from './stickyState.js';

export type PendingPlan =
  | { kind: 'plan'; plan: SavedPlan; sha256: string; state: StickyState }
  /** `message` is a reply for the person who asked. */
  | { kind: 'none' | 'refused'; message: string };

export async function readPendingPlan(target: StickyTarget & { triggerPhrase: string }): Promise<PendingPlan> {
  const found = await findStickyComment(target);
  const { state, note } = readStickyState(found?.body);
  const pending = state.pendingPlan;
  if (!pending) {
    const why = note ? ` (${note})` : '';
    return {
      kind: 'none',
      message: `There is no plan waiting for approval on this pull request${why}. Post one with \`${target.triggerPhrase} plan <instructions>\` first.`,
    };
  }
  try {
    const plan = readSavedPlan(pending.json, { expectedSha256: pending.sha256, source: 'The plan in the codex-swarm comment' });
    return { kind: 'plan', plan, sha256: pending.sha256, state };
  } catch (err) {
    if (!(err instanceof SavedPlanError)) throw err;
    return { kind: 'refused', message: `${err.message}, so it was not run. Post a new one with \`${target.triggerPhrase} plan <instructions>\`.` };
  }
}

/** A `/swarm plan` run's word on its plan: how to approve it, and the sealed plan its state block carries next. */
export function planPosted(plan: SavedPlan, triggerPhrase: string): { line: string; pendingPlan: { json: string; sha256: string } } {
  const sealed = sealPlan(plan);
  return {
    line: `**Reply \`${triggerPhrase} approve\` to run it** (plan \`${sealed.sha256.slice(0, 12)}\`, exactly as shown; nothing was written yet).`,
    pendingPlan: sealed,
  };
}

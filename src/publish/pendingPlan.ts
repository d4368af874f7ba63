/**
 * `/swarm plan` then `/swarm approve`: the posted plan travels in the sticky comment's hidden state
 * block as its JSON text and that text's sha256. Approval runs exactly that text: a block whose
 * JSON no longer matches its hash (an edited comment) is refused, never run.
 */
import { readSavedPlan, SavedPlanError, sealPlan, type SavedPlan } from '../plan/savedPlan.js';
import { findStickyComment, type StickyTarget } from './stickyComment.js';
import { emptyState, readStickyState, renderStickyState, type StickyState } from './stickyState.js';

export type PendingPlan =
  | { kind: 'plan'; plan: SavedPlan; sha256: string; state: StickyState }
  /** `message` is a reply for the person who asked. */
  | { kind: 'none' | 'refused'; message: string };

/** The state the sticky comment carries now (a fresh one when there is no comment or no block). */
export async function currentStickyState(target: StickyTarget): Promise<StickyState> {
  const found = await findStickyComment(target);
  return found ? readStickyState(found.body).state : emptyState();
}

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

/** What ends the comment of a `/swarm plan` run: how to approve, and the hidden block holding the plan. */
export function planPostedFooter(plan: SavedPlan, state: StickyState, triggerPhrase: string): string {
  const sealed = sealPlan(plan);
  return [
    `**Reply \`${triggerPhrase} approve\` to run it** (plan \`${sealed.sha256.slice(0, 12)}\`, exactly as shown; nothing was written yet).`,
    renderStickyState({ ...state, pendingPlan: sealed }),
  ].join('\n\n');
}

/** The block for the comment of an approved run: the plan is used up. */
export const planUsedFooter = (state: StickyState): string => renderStickyState({ ...state, pendingPlan: null });

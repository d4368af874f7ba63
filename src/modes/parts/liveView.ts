/**
 * A one-job run's view: the sticky comment on the PR, rewritten (within the comment's write budget)
 * as workers start, report and end, with the last run's state block kept at its end so a run that
 * dies leaves it for the next. Log lines either way.
 */
import * as core from '@actions/core';
import type { Plan } from '../../plan/types.js';
import { ACTIONS_BOT_LOGIN } from '../../publish/comment/markers.js';
import { createLiveComment, type LiveComment } from '../../publish/comment/stickyComment.js';
import { renderStickyState, type StickyState } from '../../publish/comment/stickyState.js';
import { renderLiveReport } from '../../publish/report/markdownReport.js';
import { describeWorkerEnd } from '../../swarm/log.js';
import type { SwarmState } from '../../swarm/state.js';
import type { SwarmHooks } from '../../swarm/types.js';
import type { ModeContext, ModeDecision, RunView } from '../types.js';

export interface LiveView extends RunView {
  /** The plan changed while running: the coders, tester and reviewer a `code` task's planner led to. */
  replan(plan: Plan): void;
  /** The sticky comment, once shown; null when this run keeps none. */
  readonly comment: LiveComment | null;
}

/** Every worker's start, report and end as a log line. */
export const logHooks: SwarmHooks = {
  onWorkerStart: (spec) => core.info(`▶ ${spec.id} started (${spec.role}, ${spec.files.length} file(s))`),
  onWorkerEvent: (spec, _event, summary) => {
    if (summary) core.info(`  ${spec.id}: ${summary}`);
  },
  onWorkerEnd: (result) => core.info(describeWorkerEnd(result)),
  onWarning: (message) => core.warning(message),
};

/** The previous run's state block, kept at the end of the comment while this run goes on (none without a PR). */
export const stateBlockOf = (state: StickyState | null): string => (state ? `\n${renderStickyState(state)}` : '');

export function createLiveView({ inputs, ctx, octokit, decision }: ModeContext<ModeDecision>, previous: StickyState | null): LiveView {
  const links = { runUrl: ctx.runUrl };
  const stateBlock = stateBlockOf(previous);
  const wanted = inputs.comment === 'sticky' && decision.prNumber;
  let comment: LiveComment | null = null;
  let shown: { plan: Plan; state: SwarmState } | null = null;
  const render = (failure?: string) =>
    shown ? renderLiveReport({ plan: shown.plan, states: shown.state.snapshot(), links, ...(failure === undefined ? {} : { failure }) }) + stateBlock : '';
  return {
    get comment() {
      return comment;
    },
    hooks: logHooks,
    show(plan, state) {
      shown = { plan, state };
      if (!wanted) return;
      const live = createLiveComment({ octokit, owner: ctx.owner, repo: ctx.repo, issueNumber: decision.prNumber!, selfLogin: ACTIONS_BOT_LOGIN });
      comment = live;
      const update = () => live.update(render());
      update();
      state.subscribe(update);
    },
    replan(plan) {
      if (shown) shown = { ...shown, plan };
    },
    async fail(message) {
      if (comment && shown) await comment.finish(render(message));
    },
  };
}

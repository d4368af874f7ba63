/**
 * The first stage of a run: from the event GitHub sent to one decision — ignore it, answer with
 * help or an error, or run a command. Payloads are checked at run time (only the fields read
 * here); the actor is gated separately by `gateActor`, since that needs the API.
 */
import { z } from 'zod';
import type { ActionInputs } from '../config/inputs.js';
import type { GitHubClient } from '../github/client.js';
import { commandSchema, ENGINE_MODES } from '../plan/types.js';
import { ACTIONS_BOT_LOGIN, hasSelfMarker } from '../publish/comment/markers.js';
import { parseSwarmCommand } from './parseCommand.js';
import { checkActorPermission, isAllowedBot, isBotActor, RUN_LEVELS } from './permissions.js';

export type RouteInputs = Pick<ActionInputs, 'command' | 'task' | 'paths' | 'workers' | 'model' | 'trigger-phrase' | 'include-drafts'>;

const actorSchema = z.object({ login: z.string().min(1), type: z.string() });
const runCommandSchema = commandSchema.exclude(['help']);
const positiveInt = z.number().int().positive();

export const routeDecisionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('ignore'), reason: z.string().min(1) }),
  z.object({ action: z.literal('help'), prNumber: positiveInt, commentId: positiveInt, actor: actorSchema }),
  z.object({ action: z.literal('retry'), prNumber: positiveInt, commentId: positiveInt, actor: actorSchema }),
  z.object({ action: z.literal('reply-error'), prNumber: positiveInt, commentId: positiveInt, actor: actorSchema, message: z.string().min(1) }),
  z.object({
    action: z.literal('run'),
    trigger: z.enum(['pull_request', 'comment', 'schedule', 'dispatch', 'push']),
    prNumber: positiveInt.optional(),
    commentId: positiveInt.optional(),
    /** Null for `schedule`: nobody triggers a cron run. */
    actor: actorSchema.nullable(),
    command: runCommandSchema,
    /** Instructions for `code` from a comment (already sanitised), else the `task` input. */
    task: z.string(),
    /** Globs from the comment, else the `paths` input. */
    paths: z.array(z.string()),
    workers: z.number().int().min(1).max(64).optional(),
    model: z.string().min(1).optional(),
    /** From a comment's `--engine`; the `engine` input otherwise. */
    engine: z.enum(ENGINE_MODES).optional(),
    /** `--dry-run` in the comment (the `dry-run` input applies to every trigger). */
    dryRun: z.literal(true).optional(),
    /** `/swarm review --full`: no incremental review. */
    full: z.boolean().optional(),
    /** The `pull_request` event's action (`synchronize` for a new push). */
    prAction: z.string().optional(),
    /** `code` only: `plan` stops after the planner (`/swarm plan`, or `plan-approval`); `approve` runs the plan posted last. */
    codeStage: z.enum(['plan', 'approve']).optional(),
  }),
]);
export type RouteDecision = z.infer<typeof routeDecisionSchema>;
export type RunDecision = Extract<RouteDecision, { action: 'run' }>;
/** Every decision that answers someone: these all go through `gateActor` first. */
export type ActionableDecision = Exclude<RouteDecision, { action: 'ignore' }>;

/** The event's payload is not what GitHub sends for it, or the event is not one this action serves. */
export class RouteError extends Error {}

const userSchema = z.looseObject({ login: z.string().min(1), type: z.string() });

const payloadSchemas = {
  issue_comment: z.looseObject({
    action: z.string(),
    issue: z.looseObject({ number: positiveInt, pull_request: z.looseObject({}).nullish() }),
    comment: z.looseObject({ id: positiveInt, body: z.string().nullish(), user: userSchema }),
  }),
  pull_request: z.looseObject({
    action: z.string(),
    pull_request: z.looseObject({ number: positiveInt, draft: z.boolean().optional() }),
    sender: userSchema,
  }),
  schedule: z.looseObject({ sender: userSchema.optional() }),
  workflow_dispatch: z.looseObject({ sender: userSchema }),
  push: z.looseObject({ sender: userSchema }),
};
type SupportedEvent = keyof typeof payloadSchemas;
type Payload<E extends SupportedEvent> = z.infer<(typeof payloadSchemas)[E]>;

const PR_ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review'];

export function routeEvent(args: { eventName: string; payload: unknown; inputs: RouteInputs; selfLogin?: string }): RouteDecision {
  return routeDecisionSchema.parse(decide(args));
}

type RouteArgs = Parameters<typeof routeEvent>[0];
/** The inputs every run starts from; a comment's flags override them. */
type InputDefaults = Pick<RunDecision, 'task' | 'paths' | 'workers' | 'model'>;

function decide({ eventName, payload, inputs, selfLogin = ACTIONS_BOT_LOGIN }: RouteArgs): RouteDecision {
  const defaults: InputDefaults = {
    task: inputs.task,
    paths: inputs.paths,
    ...(inputs.workers !== undefined ? { workers: inputs.workers } : {}),
    ...(inputs.model ? { model: inputs.model } : {}),
  };
  switch (eventName) {
    case 'issue_comment':
      return fromComment(readPayload('issue_comment', payload), inputs, defaults, selfLogin);
    case 'pull_request':
      return fromPullRequest(readPayload('pull_request', payload), inputs, defaults);
    case 'schedule': {
      const p = readPayload('schedule', payload);
      return { action: 'run', trigger: 'schedule', actor: p.sender ? actorOf(p.sender) : null, command: inputs.command || 'audit', ...defaults };
    }
    case 'workflow_dispatch':
    case 'push': {
      const p = readPayload(eventName, payload);
      const trigger = eventName === 'push' ? 'push' : 'dispatch';
      return { action: 'run', trigger, actor: actorOf(p.sender), command: inputs.command || 'review', ...defaults };
    }
    case 'pull_request_target':
      throw new RouteError(
        'codex-swarm does not run on pull_request_target: that event hands secrets and a write token to a run over code from forks. ' +
          'Use pull_request (fork PRs then run without secrets) or the /swarm comment bot on issue_comment.',
      );
  }
  throw new RouteError(`codex-swarm does not handle the "${eventName}" event. Trigger it on pull_request, issue_comment, schedule, workflow_dispatch or push.`);
}

/** A new comment on a pull request: a `/swarm` command, or nothing for us. */
function fromComment(p: Payload<'issue_comment'>, inputs: RouteInputs, defaults: InputDefaults, selfLogin: string): RouteDecision {
  if (p.action !== 'created') return ignore(`the comment was ${p.action}, not created`);
  if (!p.issue.pull_request) return ignore('the comment is on an issue, not a pull request');
  const body = p.comment.body ?? '';
  if (hasSelfMarker(body) || p.comment.user.login.toLowerCase() === selfLogin.toLowerCase()) {
    return ignore('the comment was written by codex-swarm itself');
  }
  const parsed = parseSwarmCommand(body, inputs['trigger-phrase']);
  const where = { prNumber: p.issue.number, commentId: p.comment.id, actor: actorOf(p.comment.user) };
  switch (parsed.kind) {
    case 'none':
      return ignore(`the comment does not start with ${inputs['trigger-phrase']}`);
    case 'help':
      return { action: 'help', ...where };
    case 'retry':
      return { action: 'retry', ...where };
    case 'error':
      return { action: 'reply-error', ...where, message: parsed.message };
    case 'approve':
      return { action: 'run', trigger: 'comment', ...where, command: 'code', ...defaults, task: '', codeStage: 'approve' };
    case 'run': {
      const isCode = parsed.command === 'code';
      return {
        action: 'run',
        trigger: 'comment',
        ...where,
        command: parsed.command,
        ...defaults,
        task: isCode ? parsed.args[0] : inputs.task,
        paths: !isCode && parsed.args.length > 0 ? parsed.args : inputs.paths,
        ...(parsed.flags.workers !== undefined ? { workers: parsed.flags.workers } : {}),
        ...(parsed.flags.model ? { model: parsed.flags.model } : {}),
        ...(parsed.flags.engine ? { engine: parsed.flags.engine } : {}),
        ...(parsed.flags.dryRun ? { dryRun: true as const } : {}),
        ...(parsed.flags.full ? { full: true } : {}),
        ...(parsed.planOnly ? { codeStage: 'plan' as const } : {}),
      };
    }
  }
}

/** A pull request opened or pushed to: the `command` input (review by default), drafts only when asked. */
function fromPullRequest(p: Payload<'pull_request'>, inputs: RouteInputs, defaults: InputDefaults): RouteDecision {
  if (!PR_ACTIONS.includes(p.action)) return ignore(`pull_request action "${p.action}" is not one of ${PR_ACTIONS.join(', ')}`);
  if (p.pull_request.draft && !inputs['include-drafts']) return ignore('the pull request is a draft (set include-drafts to run on drafts)');
  return {
    action: 'run',
    trigger: 'pull_request',
    prNumber: p.pull_request.number,
    prAction: p.action,
    actor: actorOf(p.sender),
    command: inputs.command || 'review',
    ...defaults,
  };
}

function actorOf(u: { login: string; type: string }) {
  return { login: u.login, type: u.type };
}

function ignore(reason: string): RouteDecision {
  return { action: 'ignore', reason };
}

function readPayload<E extends SupportedEvent>(eventName: E, payload: unknown): Payload<E> {
  const parsed = payloadSchemas[eventName].safeParse(payload);
  if (parsed.success) return parsed.data as Payload<E>;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
  throw new RouteError(`The ${eventName} event payload is not what GitHub sends for that event (${problems}). Is GITHUB_EVENT_PATH the event's JSON?`);
}

export type GateResult = { ok: true } | { ok: false; reason: string };

/**
 * Whether the decision's actor may have it carried out. Bots need `allowed-bots` whatever the
 * trigger. Humans are checked for comments only: for the other triggers GitHub gates them itself —
 * `workflow_dispatch` and `push` need write access, `pull_request` runs from forks get a read-only
 * token and no secrets, and `schedule` runs the default branch's workflow as committed.
 */
export async function gateActor(
  octokit: GitHubClient,
  decision: ActionableDecision,
  options: { allowedBots: readonly string[]; owner: string; repo: string },
): Promise<GateResult> {
  const trigger = decision.action === 'run' ? decision.trigger : 'comment';
  if (trigger === 'schedule') return { ok: true };
  const actor = decision.actor;
  if (!actor) return { ok: false, reason: `a ${trigger} run without an actor cannot be checked` };
  if (isBotActor(actor)) {
    return isAllowedBot(actor.login, options.allowedBots)
      ? { ok: true }
      : { ok: false, reason: `\`${actor.login}\` is a bot and is not listed in allowed-bots` };
  }
  if (trigger !== 'comment') return { ok: true };
  const level = await checkActorPermission(octokit, { owner: options.owner, repo: options.repo, username: actor.login });
  if (RUN_LEVELS.includes(level)) return { ok: true };
  return {
    ok: false,
    reason: `\`${actor.login}\` has ${level === 'none' ? 'no' : `${level}`} access to ${options.owner}/${options.repo}; running codex-swarm from a comment needs write, maintain or admin`,
  };
}

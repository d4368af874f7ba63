/**
 * One module per kind of run (review and the other fan-outs, `code`, plan and approve, retry, dry
 * run, a matrix's plan / work / aggregate job), each behind this interface: what it plans, how its
 * workers run and what shows meanwhile, and what it publishes. `runMode` runs any of them through
 * the lifecycle the CLI shares; `pickMode` chooses one from the routed decision. What a step
 * produces is returned and passed on: a mode keeps no run state of its own.
 */
import type { ActionInputs } from '../config/inputs.js';
import type { GitHubClient } from '../github/client.js';
import type { PullRequestContext } from '../github/pullRequest.js';
import type { RunContext } from '../github/runContext.js';
import type { Plan } from '../plan/types.js';
import type { WorkingReaction } from '../publish/comment/reactions.js';
import type { RunEngine } from '../run/lifecycle.js';
import type { RunSwarmOptions } from '../swarm/runSwarm.js';
import type { SwarmState } from '../swarm/state.js';
import type { SwarmHooks, SwarmOutcome } from '../swarm/types.js';
import type { FindingDecision, RouteDecision, RunDecision } from '../trigger/route.js';
import type { MemoryStore } from '../memory/store.js';

export type RetryDecision = Extract<RouteDecision, { action: 'retry' }>;
/** The decisions that start a kind of run (help and error replies are answered by the gate); a thread command is about one finding. */
export type ModeDecision = RunDecision | RetryDecision | FindingDecision;

export type ModeName =
  | 'fan-out'
  | 'code'
  | 'approve'
  | 'retry'
  | 'dry-run'
  | 'matrix-plan'
  | 'matrix-work'
  | 'matrix-aggregate'
  | 'finding-verdict'
  | 'finding-fix'
  | 'finding-answer';

/** The facts of one run, fixed before it starts. */
export interface ModeContext<D extends ModeDecision = RunDecision> {
  readonly inputs: ActionInputs;
  readonly ctx: RunContext;
  readonly octokit: GitHubClient;
  readonly decision: D;
  /** 👀 on the triggering comment, going up while the run plans; swapped for the verdict at the end. Null: no comment, or a matrix work job. */
  readonly reaction: Promise<WorkingReaction> | null;
}

/** What a mode planned; a mode adds what its publishing needs. */
export interface Planned {
  plan: Plan;
}

/** What the user sees while the workers run: the live comment, a matrix job's rows, or the log alone. */
export interface RunView {
  /** The plan is known and nothing costly has started. */
  show(plan: Plan, state: SwarmState): void;
  hooks: SwarmHooks;
  /** Something failed after `show`: what the user sees says so. */
  fail(message: string): Promise<void>;
}

/** How a mode's workers run, beyond what the inputs say for every run. */
export interface ModeWorkers<V extends RunView = RunView> {
  /** Names this run's folders (run, scratch) and memory file. */
  key: string;
  /** Engine settings this run adds (the trusted instructions). */
  engine: Partial<RunEngine>;
  /**
   * `save` and `read` sync what the repository's runs learned first. `save`: what the workers learn
   * is uploaded as this run's delta (and consolidated where the token may); `read`: a matrix work
   * job's, which its shard hands to the aggregate job (it uploads the run's one delta); `none`: no
   * memory (a thread command).
   */
  memory: 'save' | 'read' | 'none';
  /** Memory is open and the swarm has not started: what the run records before its workers read it (maintainers' verdicts). */
  memoryOpened?(store: MemoryStore): void;
  /** The pull request whose code the workers read: a fork's keeps what they learn to that PR. */
  pr: PullRequestContext | null;
  /** What runs the plan; default runSwarm. */
  swarm?: (options: RunSwarmOptions) => Promise<SwarmOutcome>;
  view: V;
}

/** How a mode's workers ended, for its publishing. */
export interface Ran<V extends RunView = RunView> {
  outcome: SwarmOutcome;
  view: V;
  /** The run folder (results.json, the workers' folders, the patches). */
  runDir: string;
  /** The run's memory as its workers left it; null without memory. */
  memory: MemoryStore | null;
}

/** A kind of run with workers: what it plans, how its workers run and what shows meanwhile, what it publishes. */
export interface WorkerMode<D extends ModeDecision = RunDecision, P extends Planned = Planned, V extends RunView = RunView> {
  readonly name: ModeName;
  /** Codex is resolved while it plans (its plan never answers instead of running); else once the plan is known. */
  readonly codexWhilePlanning: boolean;
  /**
   * What it plans, or null when it answered instead and nothing runs (a reply saying why). A
   * PlanError is the user's to fix: one reply, the step fails.
   */
  plan(c: ModeContext<D>): Promise<P | null>;
  workers(c: ModeContext<D>, planned: P): ModeWorkers<V>;
  publish(c: ModeContext<D>, planned: P, ran: Ran<V>): Promise<void>;
}

/** A kind of run without workers of its own (a dry run, a matrix's plan and aggregate jobs): it plans, then publishes. */
export interface DirectMode<D extends ModeDecision = RunDecision, P extends Planned = Planned> {
  readonly name: ModeName;
  plan(c: ModeContext<D>): Promise<P | null>;
  publish(c: ModeContext<D>, planned: P): Promise<void>;
}

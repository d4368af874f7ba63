import { z } from 'zod';

export const COMMANDS = ['review', 'test', 'code', 'docs', 'audit', 'help'] as const;
export const commandSchema = z.enum(COMMANDS);
export type CommandName = z.infer<typeof commandSchema>;

export const ROLES = ['planner', 'coder', 'tester', 'documenter', 'reviewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ENGINES = ['codex', 'claude'] as const;
export const engineNameSchema = z.enum(ENGINES);
export type EngineName = z.infer<typeof engineNameSchema>;

/** `codex`, `claude`, or `mixed`: reviewers and the planner on Claude, writers on Codex (see engines.ts). */
export const ENGINE_MODES = ['codex', 'claude', 'mixed'] as const;
export type EngineMode = (typeof ENGINE_MODES)[number];
/** A role's engine, overriding the mode's choice for it. */
export type EngineOverrides = Partial<Record<string, EngineName>>;

export interface EngineChoice {
  mode: EngineMode;
  overrides: EngineOverrides;
}

export const sandboxSchema = z.enum(['read-only', 'workspace-write']);
export type Sandbox = z.infer<typeof sandboxSchema>;

/** What the user asked for, from action inputs, a `/swarm` comment or the CLI. */
export interface SwarmRequest {
  command: Exclude<CommandName, 'help'>;
  /** Free text from the user: untrusted, always fenced as data in prompts. */
  task: string;
  /** Globs that filter the file set; empty means every file. */
  paths: string[];
  /** Requested worker count per fan-out; undefined means automatic (sized by the budget). */
  workers?: number;
  maxParallel: number;
  /** What one worker of an automatic fan-out is given at most; the defaults when not set. */
  budget?: { maxFiles: number; maxBytes: number };
  /** The most workers an automatic fan-out gets in this run; shards grow past the budget beyond it. */
  maxWorkers?: number;
  /** The Codex model (Claude workers take theirs from the engine's configuration). */
  model?: string;
  effort?: string;
  /** Which engine runs each role; Codex for every role when absent. */
  engine?: EngineChoice;
  /** The pull request's title and body, sanitised but still untrusted: shown as data. */
  pullRequest?: { number: number; title: string; body: string };
}

export const workerSpecSchema = z.object({
  id: z.string().regex(/^[a-z]+-\d+$/),
  role: roleSchema,
  /** The prompt before memory matches are added at start time. */
  prompt: z.string().min(1),
  sandbox: sandboxSchema,
  /** Which engine runs it; absent means Codex (plans from before engines). */
  engine: engineNameSchema.optional(),
  model: z.string().min(1).optional(),
  effort: z.string().min(1).optional(),
  /** Every file the prompt names; empty with `wholeRepository`, which the prompt says instead. */
  files: z.array(z.string()),
  wholeRepository: z.boolean().optional(),
  dependsOn: z.array(z.string()),
  shard: z.object({ index: z.number().int().min(1), total: z.number().int().min(1) }),
  /** The task text the worker searches memory with and stores its pattern under. */
  task: z.string(),
});
export type WorkerSpec = z.infer<typeof workerSpecSchema>;

/** One part of a `code` task as the planner proposes it: `files` are every file its coder may create, change or delete. */
export const subtaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  instructions: z.string(),
  files: z.array(z.string()),
  dependsOn: z.array(z.string()),
});
export type Subtask = z.infer<typeof subtaskSchema>;

export interface Plan {
  command: SwarmRequest['command'];
  task: string;
  /** Where the file set came from, for the log and the report. */
  fileSource: 'pull-request' | 'repository';
  fileCount: number;
  workers: WorkerSpec[];
  /** How an automatic fan-out was sized; absent for an explicit worker count and for `code`. */
  sizing?: PlanSizing;
}

export interface PlanSizing {
  budget: { maxFiles: number; maxBytes: number };
  /** Workers the budget asks for. */
  needed: number;
  maxWorkers: number;
  /** `needed` was above `maxWorkers`: the run has `maxWorkers` shards, each over the budget. */
  capped: boolean;
}

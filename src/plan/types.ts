import { z } from 'zod';

export const COMMANDS = ['review', 'test', 'code', 'docs', 'audit', 'help'] as const;
export const commandSchema = z.enum(COMMANDS);
export type CommandName = z.infer<typeof commandSchema>;

export const ROLES = ['planner', 'coder', 'tester', 'documenter', 'reviewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const sandboxSchema = z.enum(['read-only', 'workspace-write']);
export type Sandbox = z.infer<typeof sandboxSchema>;

/** What the user asked for, from action inputs, a `/swarm` comment or the CLI. */
export interface SwarmRequest {
  command: Exclude<CommandName, 'help'>;
  /** Free text from the user: untrusted, always fenced as data in prompts. */
  task: string;
  /** Globs that filter the file set; empty means every file. */
  paths: string[];
  /** Requested worker count per fan-out; undefined means automatic. */
  workers?: number;
  maxParallel: number;
  model?: string;
  effort?: string;
  /** The pull request's title and body, sanitised but still untrusted: shown as data. */
  pullRequest?: { number: number; title: string; body: string };
}

export const workerSpecSchema = z.object({
  id: z.string().regex(/^[a-z]+-\d+$/),
  role: roleSchema,
  /** The prompt before memory matches are added at start time. */
  prompt: z.string().min(1),
  sandbox: sandboxSchema,
  model: z.string().min(1).optional(),
  effort: z.string().min(1).optional(),
  files: z.array(z.string()),
  dependsOn: z.array(z.string()),
  shard: z.object({ index: z.number().int().min(1), total: z.number().int().min(1) }),
  /** The task text the worker searches memory with and stores its pattern under. */
  task: z.string(),
});
export type WorkerSpec = z.infer<typeof workerSpecSchema>;

export interface Plan {
  command: SwarmRequest['command'];
  task: string;
  /** Where the file set came from, for the log and the report. */
  fileSource: 'pull-request' | 'repository';
  fileCount: number;
  workers: WorkerSpec[];
}

import { z } from 'zod';
import type { Role } from '../plan/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** The final answer every role returns (passed to codex with --output-schema). */
export const finalAnswerSchema = z.object({
  status: z.enum(['complete', 'partial', 'failed']),
  summary: z.string(),
  findings: z.array(
    z.object({
      severity: severitySchema,
      file: z.string(),
      line: z.number().int().nullable(),
      title: z.string(),
      detail: z.string(),
    }),
  ),
  pattern: z.object({ approach: z.string(), context: z.string() }),
});
export type FinalAnswer = z.infer<typeof finalAnswerSchema>;

/** One part of a `code` task as the planner proposes it: `files` are every file its coder may create, change or delete. */
export const subtaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  instructions: z.string(),
  files: z.array(z.string()),
  dependsOn: z.array(z.string()),
});
export type Subtask = z.infer<typeof subtaskSchema>;

/** The planner's final answer: a decomposition instead of findings. */
export const plannerAnswerSchema = z.object({
  status: finalAnswerSchema.shape.status,
  summary: z.string(),
  subtasks: z.array(subtaskSchema),
  pattern: finalAnswerSchema.shape.pattern,
});
export type PlannerAnswer = z.infer<typeof plannerAnswerSchema>;

/**
 * How a role's final answer is read into a FinalAnswer: the planner's subtasks are not findings,
 * so its result carries none (the orchestrator reads the subtasks from its final.json).
 */
export function answerSchemaFor(role: Role): z.ZodType<FinalAnswer> {
  if (role !== 'planner') return finalAnswerSchema;
  return plannerAnswerSchema.transform(({ status, summary, pattern }): FinalAnswer => ({ status, summary, findings: [], pattern }));
}
export type Finding = FinalAnswer['findings'][number];

export const WORKER_STATUSES = ['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

export interface TokenUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoningOutput: number;
}

export interface WorkerResult {
  id: string;
  role: Role;
  status: WorkerStatus;
  /** Why it did not succeed, in one line, when it did not. */
  error?: string;
  exitCode: number | null;
  startedAt: string | null;
  /** Milliseconds from the swarm's start to this worker's start, for the timeline. */
  startOffsetMs: number | null;
  durationMs: number;
  usage: TokenUsage;
  answer: FinalAnswer | null;
  /** Why `answer` is null, when the process ended but its answer could not be read. */
  answerError?: string;
  files: string[];
  filesChanged: string[];
  /** Relative to the run folder. */
  patchPath: string | null;
  stderrTail: string;
  /** Patterns from memory that were put into this worker's prompt (their keys). */
  memoryMatches: string[];
  /** Run again by `/swarm retry`, this result replacing the earlier run's. */
  retried?: boolean;
}

export function emptyUsage(): TokenUsage {
  return { input: 0, cachedInput: 0, output: 0, reasoningOutput: 0 };
}

/** A result with nothing done yet: what a worker that did not run reports, and where a run starts from. */
export function blankResult(spec: { id: string; role: Role; files: string[] }, fields: Partial<WorkerResult> & Pick<WorkerResult, 'status'>): WorkerResult {
  return {
    id: spec.id,
    role: spec.role,
    exitCode: null,
    startedAt: null,
    startOffsetMs: null,
    durationMs: 0,
    usage: emptyUsage(),
    answer: null,
    files: spec.files,
    filesChanged: [],
    patchPath: null,
    stderrTail: '',
    memoryMatches: [],
    ...fields,
  };
}

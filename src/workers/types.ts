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

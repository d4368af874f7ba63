/**
 * What a worker engine is to the rest of the swarm: something that, given one worker's prompt and
 * workspace, says which process to run (command line, environment, prompt on stdin), reads that
 * process's event stream into the same normalised events, usage and tool-use count, and reads its
 * final answer. runEngine runs any engine's process the same way; nothing past it knows which ran.
 */
import type { EngineName, WorkerSpec } from '../plan/types.js';
import type { FinalAnswer, TokenUsage } from './types.js';

export type { EngineName };

/** A spec without an engine (a plan from before engines, a test's) runs on Codex. */
export const engineOf = (spec: Pick<WorkerSpec, 'engine'>): EngineName => spec.engine ?? 'codex';

/** One line of an engine's stream, as the swarm sees it. */
export interface WorkerEvent {
  engine: EngineName;
  /** The engine's own event type (`item.completed`, `assistant`, …). */
  type: string;
  /** A short human line for progress, or null for events not worth one. */
  summary: string | null;
  /** The parsed event, for whoever wants the engine's detail. */
  raw: unknown;
}

/** A streamable-HTTP MCP server a worker is given (the run's memory). */
export interface McpServerRef {
  name: string;
  url: string;
}

/** What one worker's process needs from the swarm; each engine turns it into a command line. */
export interface EngineInput {
  spec: WorkerSpec;
  prompt: string;
  cwd: string;
  /** The worker's private scratch folder (config home, schema, temp), removed with the run's scratch. */
  home: string;
  /** Where the final answer is kept in the run folder (final.json). */
  finalPath: string;
  /** The curated environment (workerEnv) the engine adds its own variables to. */
  env: Record<string, string>;
  /** The live memory MCP server for this worker, when memory is served. */
  memory?: McpServerRef;
}

/** Reads an engine's stdout line by line; kept per process, since some streams carry state. */
export interface EngineStream {
  /** One stdout line (redacted); null when it is not an event of this engine. */
  onLine(line: string): WorkerEvent | null;
  usage: TokenUsage;
  toolUses: number;
  /** The last error the stream reported, for the failure's one-line reason. */
  lastError?: string;
}

export interface EngineProcess {
  file: string;
  args: string[];
  /** The whole environment of the process (nothing is inherited). */
  env: Record<string, string>;
  /** Written to stdin, which is then closed. */
  stdin: string;
  stream: EngineStream;
  /** An environment variable only this worker's processes carry: stragglers are found by it. */
  marker: { name: string; value: string };
  /** After the process ended: the final answer, or why there is none. */
  readAnswer(): Promise<{ answer: FinalAnswer | null; answerError?: string }>;
}

export interface WorkerEngine {
  name: EngineName;
  /** Human name for messages ("codex", "claude"). */
  label: string;
  prepare(input: EngineInput): Promise<EngineProcess>;
}

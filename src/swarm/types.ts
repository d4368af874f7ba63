import type { Plan, Subtask, WorkerSpec } from '../plan/types.js';
import type { ClaudeConfig } from '../workers/claudeSetup.js';
import type { McpServerRef, WorkerEvent } from '../workers/engine.js';
import type { TokenBudget } from '../workers/proxyLedger.js';
import type { MergeReport } from '../workers/mergePatches.js';
import type { WorkerResult } from '../workers/types.js';

export type { MergeReport, PatchConflict } from '../workers/mergePatches.js';

/** Where the model lives. The key stays in the action's process: workers reach the model through a loopback proxy. */
export interface ModelEndpoint {
  /** Upstream Responses API base URL ending in `/v1` (e.g. https://api.openai.com/v1). */
  baseUrl: string;
  apiKey?: string;
  /** Codex's own retry settings for this provider (tests set 0 to fail fast). */
  tuning?: { requestMaxRetries?: number; streamMaxRetries?: number; streamIdleTimeoutMs?: number };
}

export interface EngineConfig {
  /** The user's checkout; left as found unless `applyPatches`. */
  repoDir: string;
  /** Run folder: results.json and one folder per worker. */
  runDir: string;
  /** Scratch space: worktrees, codex homes, schema files. Removed at the end. */
  scratchDir: string;
  codexPath: string;
  /** Extra `codex exec` arguments from the `codex-args` input. */
  codexArgs: string[];
  /** Trusted repository instructions (the base branch's AGENTS.md) put into every prompt. */
  instructions?: string;
  /** Reached through the loopback proxy; when absent, codex uses its own configuration and sign-in. */
  model?: ModelEndpoint;
  /** Enforced at the proxy from the responses' own usage; needs `model`. */
  budget?: TokenBudget;
  workerTimeoutMs: number;
  maxParallel: number;
  /** Merge the writers' patches into repoDir at the end (3-way). */
  applyPatches: boolean;
  memory?: SwarmMemory;
  signal?: AbortSignal;
  /** Files copied into every worker's fresh CODEX_HOME (the CLI's `auth.json` when signed in with codex login). */
  codexHomeFiles?: string[];
  /** Needed when a worker's engine is `claude`. */
  claude?: ClaudeConfig;
}

/** One live view of a worker, for swarm_status, progress lines and the live comment. */
export interface WorkerState {
  id: string;
  role: WorkerSpec['role'];
  state: 'queued' | 'running' | WorkerResult['status'];
  startedAt: number | null;
  endedAt: number | null;
  lastEvent: string | null;
}

export interface SwarmHooks {
  onWorkerStart?(spec: WorkerSpec): void;
  /** `summary` is a short human line for the event (the engine's own description of it). */
  onWorkerEvent?(spec: WorkerSpec, event: WorkerEvent, summary: string | null): void;
  onWorkerEnd?(result: WorkerResult): void;
  /** Something went wrong that does not fail the run (memory, merge). */
  onWarning?(message: string): void;
}

/** What the memory stage gives the engine. Implemented in src/memory. */
export interface SwarmMemory {
  /** Before a worker starts: matching patterns (score >= threshold) as a prompt section, and their keys. */
  beforeWorker(spec: WorkerSpec): Promise<{ promptSection: string; keys: string[] }>;
  /** After a worker ends: store its pattern and result, record outcomes of the patterns it was given. */
  afterWorker(spec: WorkerSpec, result: WorkerResult): Promise<void>;
  /** The live `ruflo` MCP server as this worker reaches it, or null when not serving. */
  mcpServerFor(workerId: string): McpServerRef | null;
}

/** Lines a patch adds and removes, over how many files. */
export interface PatchSize {
  files: number;
  added: number;
  removed: number;
}

/** How an orchestrated `code` task was split, for the report and results.json. */
export interface Decomposition {
  /** `planner`: planned in this run; `approved`: a plan posted earlier and approved, or a saved plan file. */
  source: 'planner' | 'approved';
  summary: string;
  /** As validated and run, in coder order, with the size of each coder's patch once it ran; empty when the plan was rejected. */
  subtasks: { subtask: Subtask; workerId: string; patch: PatchSize | null }[];
  /** Why the run fell back to one coder (or, planning only, why the plan cannot run), in one line; null when the plan ran. */
  fallback: string | null;
  /** Coders that changed files outside their subtask's files; their patches were merged like any other. */
  outOfScope: { workerId: string; files: string[] }[];
  /** The sha256 of the plan's JSON (see savedPlan), when there is a usable plan. */
  planSha256: string | null;
  /** Planning only (`/swarm plan`, `--plan-only`): no coder ran. */
  planOnly: boolean;
}

export interface SwarmOutcome {
  runId: string;
  plan: Plan;
  startedAt: string;
  durationMs: number;
  results: WorkerResult[];
  merge: MergeReport;
  /** Cancelled by SIGINT/SIGTERM or the caller's signal. */
  cancelled: boolean;
  resultsFile: string;
  /** Orchestrated `code` runs only. */
  decomposition?: Decomposition;
}

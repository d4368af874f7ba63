/**
 * The live state of every worker of a run, shared by the progress display, the live comment and
 * the memory server's `swarm_status` tool. Only the engine writes it.
 */
import type { WorkerSpec } from '../plan/types.js';
import type { WorkerResult } from '../workers/types.js';
import type { WorkerState } from './types.js';

export class SwarmState {
  private readonly workers = new Map<string, WorkerState>();
  private readonly listeners = new Set<(state: WorkerState) => void>();
  /** Workers of an earlier phase of the same run (the planner), kept through later resets. */
  private readonly kept = new Set<string>();

  /** Every worker of the plan starts `queued`, after the kept ones. */
  reset(specs: WorkerSpec[]): void {
    for (const id of this.workers.keys()) if (!this.kept.has(id)) this.workers.delete(id);
    for (const spec of specs) {
      this.workers.set(spec.id, { id: spec.id, role: spec.role, state: 'queued', startedAt: null, endedAt: null, lastEvent: null });
    }
  }

  /** The workers there now stay, ahead of the next phase's, through later resets. */
  keepCurrent(): void {
    for (const id of this.workers.keys()) this.kept.add(id);
  }

  started(id: string, at = Date.now()): void {
    this.update(id, { state: 'running', startedAt: at });
  }

  event(id: string, summary: string): void {
    this.update(id, { lastEvent: summary });
  }

  ended(result: WorkerResult, at = Date.now()): void {
    this.update(result.id, { state: result.status, endedAt: at });
  }

  /** Copies, in plan order. */
  snapshot(): WorkerState[] {
    return [...this.workers.values()].map((w) => ({ ...w }));
  }

  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: (state: WorkerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(id: string, change: Partial<WorkerState>): void {
    const current = this.workers.get(id);
    if (!current) return;
    Object.assign(current, change);
    for (const listener of this.listeners) listener({ ...current });
  }
}

/** Milliseconds a worker has run so far (or ran), for status displays. */
export function elapsedMs(worker: WorkerState, now = Date.now()): number {
  if (worker.startedAt === null) return 0;
  return (worker.endedAt ?? now) - worker.startedAt;
}

/**
 * Memory for one run, start to end: load the file, serve it to the workers, then write the run's
 * part into the run folder and save the file. Memory never fails a run: every problem is a warning.
 */
import * as core from '@actions/core';
import type { SwarmState } from '../swarm/state.js';
import type { SwarmMemory } from '../swarm/types.js';
import { exportRunMemory, loadMemoryFile, saveMemoryFile } from './persist.js';
import { startMemoryServer, type MemoryServer } from './server.js';
import type { MemoryStore } from './store.js';
import { createSwarmMemory } from './swarmMemory.js';

export interface MemorySessionOptions {
  file: string;
  threshold: number;
  limit: number;
  maxEntries: number;
  runId: string;
  /** The run's live state, for swarm_status. */
  state: Pick<SwarmState, 'snapshot'>;
  /** core.warning by default. */
  onWarning?: (message: string) => void;
  /** Reviewers get maintainers' verdicts (`feedback: learn`); default true. */
  verdicts?: boolean;
}

export interface MemorySession {
  store: MemoryStore;
  swarmMemory: SwarmMemory;
  /** Null when the server could not start: workers then run without the tools. */
  server: MemoryServer | null;
  /** Stops the server; safe to call more than once. */
  close(): Promise<void>;
  /** Closes, writes `<runDir>/memory/` and saves the file merged with what it holds now. */
  finish(runDir: string): Promise<void>;
}

export async function openMemorySession(options: MemorySessionOptions): Promise<MemorySession> {
  const { file, threshold, limit, maxEntries, runId, state, onWarning = core.warning } = options;
  const store = await loadMemoryFile(file, { maxEntries, onWarning });
  let server: MemoryServer | null = null;
  try {
    server = await startMemoryServer({ store, status: () => state.snapshot(), runId, threshold, limit });
  } catch (err) {
    onWarning(`memory: the ruflo memory server could not start (${(err as Error).message}); workers run without memory tools.`);
  }
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= server?.close() ?? Promise.resolve());

  return {
    store,
    server,
    swarmMemory: createSwarmMemory({ store, ...(server ? { server } : {}), threshold, limit, runId, verdicts: options.verdicts ?? true }),
    close,
    async finish(runDir) {
      await close();
      await exportRunMemory(store, runDir).catch((err: Error) => onWarning(`memory: could not write the run's memory to ${runDir}: ${err.message}`));
      await saveMemoryFile(file, store, { onWarning }).catch((err: Error) =>
        onWarning(`memory: could not save ${file}: ${err.message}; this run's patterns are only in the run folder.`),
      );
    },
  };
}

/**
 * Time as the code that paces itself sees it (the live comment, the matrix's write slots), so a
 * test can run an hour of a run's events in simulated time (__tests__/fixtures/virtualClock.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => (signal?.aborted ? Promise.resolve() : sleep(Math.max(0, ms), undefined, { signal }).catch(() => undefined)),
};

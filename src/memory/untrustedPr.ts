/**
 * What workers learn while they read a fork pull request's code is kept apart: a prompt injection
 * in the PR's files can make a worker store a "pattern". Such entries live in a namespace of their
 * own per PR (`patterns.pr-<n>`), are served only to runs on that PR, and never replace or change
 * a trusted entry of the same key.
 */
import { PATTERNS, type MemoryStore } from './store.js';

const UNTRUSTED_NAMESPACE = /^patterns\.pr-[1-9]\d*$/;

/** Where the entries learned on fork PR `pr`'s code are kept. */
export const untrustedNamespace = (pr: number): string => `${PATTERNS}.pr-${pr}`;

/** Whether `namespace` holds one fork PR's own entries. */
export const isUntrustedNamespace = (namespace: string): boolean => UNTRUSTED_NAMESPACE.test(namespace);

/**
 * For a run whose workers read fork PR `pr`'s code: that PR's untrusted entries are served beside
 * the trusted patterns (where both hold a key, the later write wins in this run's copy only).
 * Returns how many were served.
 */
export function serveUntrustedEntries(store: MemoryStore, pr: number, now = Date.now()): number {
  const entries = store.list(untrustedNamespace(pr));
  for (const entry of entries) store.absorb({ ...entry, namespace: PATTERNS, pr, untrusted: true }, now);
  return entries.length;
}

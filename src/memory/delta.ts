/**
 * A delta: what one run learned — the patterns it wrote, the uses and outcomes it added to
 * patterns it was given, and the maintainers' verdicts it took in — and where it came from. Each run uploads its delta as a small artifact
 * of its own (deltaArtifacts.ts); every run merges the repository's newest deltas over the cached
 * snapshot (deltaMerge.ts). A delta is checked with zod when read: it crossed a run boundary.
 */
import { z } from 'zod';
import { FEEDBACK, PATTERNS, type JsonValue, type MemoryEntry, type MemoryStore } from './store.js';

export const DELTA_FORMAT = 'codex-swarm-memory-delta';
export const DELTA_VERSION = 1;

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected a UTC ISO time');
const count = z.number().int().min(0);

const provenanceSchema = z.object({
  runId: z.string().min(1).max(64),
  runAttempt: z.number().int().min(1),
  event: z.string().max(64),
  /** The pull request the run was on. */
  pr: z.number().int().positive().nullable(),
  /** The repository whose code the run checked out (a fork's, for a fork's `pull_request` run). */
  headRepository: z.object({ id: z.number().int().positive(), fullName: z.string().max(200) }).nullable(),
  actor: z.string().max(100).nullable(),
  createdAt: isoTime,
});

const learnedEntrySchema = z.object({
  key: z.string().min(1).max(256),
  // Parsed from JSON text, so JSON already: only a missing value is wrong (the store checks its size).
  value: z.custom<JsonValue>((v) => v !== undefined, 'missing'),
  createdAt: isoTime,
  updatedAt: isoTime,
  workerId: z.string().nullable(),
  runId: z.string().nullable(),
});

const counterChangeSchema = z.object({
  key: z.string().min(1).max(256),
  uses: count,
  successes: count,
  failures: count,
  lastUsedAt: isoTime.nullable(),
});

export const deltaSchema = z.object({
  format: z.literal(DELTA_FORMAT),
  version: z.literal(DELTA_VERSION),
  /** `<run id>-<attempt>`: a delta's counters are added once per id, however often it is fetched. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  /** The `memory-key` it belongs to. */
  scope: z.string().max(200),
  provenance: provenanceSchema,
  /** Set when the run's workers read this fork PR's code: everything in it is that PR's alone. */
  untrustedPr: z.number().int().positive().nullable(),
  entries: z.array(learnedEntrySchema),
  counters: z.array(counterChangeSchema),
  /** Verdicts the action filed in namespace `feedback` (absent from deltas of earlier versions). */
  feedback: z.array(learnedEntrySchema).default([]),
});

export type MemoryDelta = z.infer<typeof deltaSchema>;
export type DeltaProvenance = z.infer<typeof provenanceSchema>;
export type LearnedEntry = z.infer<typeof learnedEntrySchema>;
export type CounterChange = z.infer<typeof counterChangeSchema>;

/** What a delta carries beside its learning. */
export type DeltaHeader = Pick<MemoryDelta, 'id' | 'scope' | 'provenance' | 'untrustedPr'>;
export type Learned = Pick<MemoryDelta, 'entries' | 'counters' | 'feedback'>;
/** Learning as callers hand it in: without verdicts, `feedback` may be left out. */
export type LearnedInput = Omit<Learned, 'feedback'> & { feedback?: LearnedEntry[] };

/** A delta read from text; throws an error that says what is wrong with it. */
export function parseDelta(text: string): MemoryDelta {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = deltaSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join('.') || 'the delta'}: ${issue.message}`);
  }
  return parsed.data;
}

type Counts = Pick<MemoryEntry, 'updatedAt' | 'uses' | 'successes' | 'failures'>;

/** The patterns and verdicts as a run found them, to tell later what it learned. */
export interface Baseline {
  patterns: Map<string, Counts>;
  feedback: Map<string, string>;
}

export function baselineOf(store: MemoryStore): Baseline {
  return {
    patterns: new Map(store.list(PATTERNS).map((e) => [e.key, { updatedAt: e.updatedAt, uses: e.uses, successes: e.successes, failures: e.failures }])),
    feedback: new Map(store.list(FEEDBACK).map((e) => [e.key, e.updatedAt])),
  };
}

const learnedEntryOf = (e: MemoryEntry): LearnedEntry => ({
  key: e.key,
  value: e.value,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  workerId: e.workerId,
  runId: e.runId,
});

/** The patterns and verdicts written since `baseline` and the uses and outcomes added to the other patterns. */
export function learnedSince(baseline: Baseline, store: MemoryStore): Learned {
  const learned: Learned = { entries: [], counters: [], feedback: [] };
  for (const e of store.list(FEEDBACK)) {
    const before = baseline.feedback.get(e.key);
    if (!before || e.updatedAt > before) learned.feedback.push(learnedEntryOf(e));
  }
  for (const e of store.list(PATTERNS)) {
    const before = baseline.patterns.get(e.key);
    if (!before || e.updatedAt > before.updatedAt) learned.entries.push(learnedEntryOf(e));
    const added = { uses: e.uses - (before?.uses ?? 0), successes: e.successes - (before?.successes ?? 0), failures: e.failures - (before?.failures ?? 0) };
    if (added.uses > 0 || added.successes > 0 || added.failures > 0) {
      learned.counters.push({
        key: e.key,
        uses: Math.max(0, added.uses),
        successes: Math.max(0, added.successes),
        failures: Math.max(0, added.failures),
        lastUsedAt: e.lastUsedAt,
      });
    }
  }
  return learned;
}

export const isEmpty = (learned: Learned): boolean => learned.entries.length === 0 && learned.counters.length === 0 && learned.feedback.length === 0;

export function buildDelta(header: DeltaHeader, { feedback = [], ...learned }: LearnedInput): MemoryDelta {
  return { format: DELTA_FORMAT, version: DELTA_VERSION, ...header, ...learned, feedback };
}

/**
 * One run's learning from its parts (a matrix's work jobs, disjoint sets of workers): the later
 * write of a key wins, counter changes add up.
 */
export function combineLearned(parts: LearnedInput[]): Learned {
  const counters = new Map<string, CounterChange>();
  for (const part of parts) {
    for (const c of part.counters) {
      const held = counters.get(c.key);
      counters.set(
        c.key,
        held
          ? {
              key: c.key,
              uses: held.uses + c.uses,
              successes: held.successes + c.successes,
              failures: held.failures + c.failures,
              lastUsedAt:
                [held.lastUsedAt, c.lastUsedAt]
                  .filter((t): t is string => t !== null)
                  .sort()
                  .pop() ?? null,
            }
          : c,
      );
    }
  }
  return { entries: laterWrites(parts.map((p) => p.entries)), counters: [...counters.values()], feedback: laterWrites(parts.map((p) => p.feedback ?? [])) };
}

/** Each key's latest write among the lists. */
function laterWrites(lists: LearnedEntry[][]): LearnedEntry[] {
  const latest = new Map<string, LearnedEntry>();
  for (const e of lists.flat()) {
    const held = latest.get(e.key);
    if (!held || e.updatedAt > held.updatedAt) latest.set(e.key, e);
  }
  return [...latest.values()];
}

/** A learned entry as a store entry of `namespace`, with no track record of its own. */
export const entryOf = (e: LearnedEntry, namespace: string, pr: number | null): MemoryEntry => ({
  namespace,
  key: e.key,
  value: e.value,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  uses: 0,
  successes: 0,
  failures: 0,
  lastUsedAt: null,
  workerId: e.workerId,
  runId: e.runId,
  pr,
});

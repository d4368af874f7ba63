/**
 * Deltas merged exactly. The sync record says which delta artifacts a memory already holds, so a
 * delta's counters are added once however many runs fetch it; the later write of a key wins. A
 * delta whose run read a fork PR's code changes only that PR's own patterns (untrustedPr.ts); its
 * verdicts are kept as any other: the action wrote them from maintainers' words, not its workers.
 */
import { z } from 'zod';
import { entryOf, type MemoryDelta } from './delta.js';
import { FEEDBACK, MemoryInputError, PATTERNS, type MemoryStore } from './store.js';
import { untrustedNamespace } from './untrustedPr.js';

/**
 * How far before the watermark a sync looks again: a delta created before the newest one a
 * snapshot holds may have been finalized only after that snapshot's run listed the deltas.
 */
export const WATERMARK_OVERLAP_MS = 60 * 60_000;

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);

export const syncRecordSchema = z.object({
  /** The creation time of the newest delta held: only deltas after (watermark − overlap) are fetched. */
  watermark: isoTime.nullable(),
  /** Delta artifact id → its creation time, for the deltas held since (watermark − overlap). */
  applied: z.record(z.string().regex(/^\d+$/), isoTime),
});

export type SyncRecord = z.infer<typeof syncRecordSchema>;

export const emptySyncRecord = (): SyncRecord => ({ watermark: null, applied: {} });

/** The later of two times (GitHub writes them with or without milliseconds, so they compare as dates). */
const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null || Date.parse(a) > Date.parse(b) ? a : b);

/** Whether the delta artifact `id`, created at `createdAt`, still has to be merged. */
export function isPending(record: SyncRecord, id: number, createdAt: string): boolean {
  if (record.applied[String(id)]) return false;
  return record.watermark === null || Date.parse(createdAt) > Date.parse(record.watermark) - WATERMARK_OVERLAP_MS;
}

/**
 * Notes that the memory holds delta artifact `id`. A delta found by listing moves the watermark;
 * the run's own (`advance: false`) does not: deltas other runs made while it ran are not held.
 * Ids too old to be fetched again are dropped.
 */
export function recordApplied(record: SyncRecord, id: number, createdAt: string, { advance = true } = {}): void {
  record.applied[String(id)] = createdAt;
  if (advance) record.watermark = later(record.watermark, createdAt);
  if (record.watermark === null) return;
  const horizon = Date.parse(record.watermark) - WATERMARK_OVERLAP_MS;
  for (const [held, at] of Object.entries(record.applied)) if (Date.parse(at) < horizon) delete record.applied[held];
}

/** Both records' deltas: what two copies of the memory hold together. */
export function unionOf(a: SyncRecord, b: SyncRecord): SyncRecord {
  const union: SyncRecord = { watermark: later(a.watermark, b.watermark), applied: { ...a.applied, ...b.applied } };
  for (const [id, at] of Object.entries(union.applied)) recordApplied(union, Number(id), at, { advance: false });
  return union;
}

/**
 * Adds one delta's learning to the store: its writes where they are newer, its counter changes
 * added. Entries the store refuses (a value over the size limit) are left out; returns how many.
 */
export function mergeDelta(store: MemoryStore, delta: MemoryDelta, now = Date.now()): number {
  const namespace = delta.untrustedPr ? untrustedNamespace(delta.untrustedPr) : PATTERNS;
  const written = [
    ...delta.entries.map((e) => ({ ...entryOf(e, namespace, delta.provenance.pr), ...(delta.untrustedPr ? { untrusted: true } : {}) })),
    ...delta.feedback.map((e) => entryOf(e, FEEDBACK, delta.provenance.pr)),
  ];
  let refused = 0;
  for (const entry of written) {
    try {
      store.absorb(entry, now);
    } catch (err) {
      if (!(err instanceof MemoryInputError)) throw err;
      refused++;
    }
  }
  // A change to a key the namespace does not hold (a trusted entry, for an untrusted delta) is dropped.
  for (const change of delta.counters) store.addCounts(namespace, change.key, change);
  return refused;
}

/**
 * The shared memory: entries by (namespace, key) with JSON values, searched with the formula of
 * score.ts. Only the action's process writes it (workers go through the MCP server), so parallel
 * writers cannot lose updates. Patterns keep a track record (uses, successes, failures) that
 * ranks them, makes them decay when stale and decides which are evicted when the store is full.
 */
import { finalScore, SUCCESS_BOOST, successRate, textFields } from './score.js';
import { SearchIndex } from './searchIndex.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const PATTERNS = 'patterns';
export const RESULTS = 'results';
/** Maintainers' verdicts on findings (memory/feedback.ts); only the action writes them. */
export const FEEDBACK = 'feedback';
export const MEMORY_FILE_VERSION = 1;

export interface MemoryEntry {
  namespace: string;
  key: string;
  value: JsonValue;
  createdAt: string;
  updatedAt: string;
  /** How often the entry was put into a worker's prompt, and how those workers ended. */
  uses: number;
  successes: number;
  failures: number;
  lastUsedAt: string | null;
  /** Who wrote it last. */
  workerId: string | null;
  runId: string | null;
  /** The pull request the writing run was on, when it came from another run's delta. */
  pr?: number | null;
  /** Learned while workers read a fork pull request's code (that is `pr`): served only to runs on it. */
  untrusted?: boolean;
}

export interface MemoryMatch extends MemoryEntry {
  /** In [0, 1]; see score.ts. */
  score: number;
}

export interface MemoryFile {
  version: typeof MEMORY_FILE_VERSION;
  entries: MemoryEntry[];
}

export interface StoreInput {
  namespace: string;
  key: string;
  value: JsonValue;
  upsert: boolean;
  workerId?: string;
  runId?: string;
}

export interface SearchInput {
  query: string;
  namespace: string;
  limit: number;
  /** Matches scoring below it are left out; 0 keeps every match that shares a word. */
  threshold?: number;
}

export interface MemoryStoreOptions {
  /** Cap on entries outside `results` (those are per run and never evicted). */
  maxEntries?: number;
}

export const DEFAULT_MAX_ENTRIES = 5000;
/** A pattern untouched for this long weighs half as much. */
export const HALF_LIFE_DAYS = 30;
/** `decay` removes entries whose usefulness fell below this. */
export const MIN_USEFULNESS = 0.05;
export const MAX_VALUE_BYTES = 64 * 1024;

const NAMESPACE_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const DAY_MS = 86_400_000;

/** A store or a load refused its input; the message says what to change. */
export class MemoryInputError extends Error {}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isTime = (v: unknown): boolean => typeof v === 'string' && ISO_UTC.test(v);
const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
const isNullableString = (v: unknown): boolean => v === null || typeof v === 'string';

const EXPECTED: Record<string, string> = {
  '': 'expected an object',
  namespace: 'expected a namespace name',
  key: 'expected a non-empty string',
  value: 'missing',
  createdAt: 'expected a UTC ISO time',
  updatedAt: 'expected a UTC ISO time',
  lastUsedAt: 'expected a UTC ISO time or null',
  uses: 'expected a whole number',
  successes: 'expected a whole number',
  failures: 'expected a whole number',
  workerId: 'expected a string or null',
  runId: 'expected a string or null',
  pr: 'expected a pull request number or null',
  untrusted: 'expected true or false',
};

/**
 * One persisted entry, checked by hand rather than with zod: a file holds thousands of entries,
 * and a schema per entry cost more than the whole rest of loading 10,000 of them. Times are UTC
 * ISO strings as toISOString writes them, so they also sort as strings.
 */
function checkEntry(raw: unknown, index: number): MemoryEntry {
  const e = raw as Record<string, unknown>;
  const wrong =
    !e || typeof e !== 'object' || Array.isArray(e)
      ? ''
      : typeof e.namespace !== 'string' || !NAMESPACE_RE.test(e.namespace)
        ? 'namespace'
        : typeof e.key !== 'string' || e.key === ''
          ? 'key'
          : e.value === undefined
            ? 'value'
            : !isTime(e.createdAt)
              ? 'createdAt'
              : !isTime(e.updatedAt)
                ? 'updatedAt'
                : e.lastUsedAt !== null && !isTime(e.lastUsedAt)
                  ? 'lastUsedAt'
                  : !isCount(e.uses)
                    ? 'uses'
                    : !isCount(e.successes)
                      ? 'successes'
                      : !isCount(e.failures)
                        ? 'failures'
                        : !isNullableString(e.workerId)
                          ? 'workerId'
                          : !isNullableString(e.runId)
                            ? 'runId'
                            : e.pr !== undefined && e.pr !== null && !(isCount(e.pr) && (e.pr as number) > 0)
                              ? 'pr'
                              : e.untrusted !== undefined && typeof e.untrusted !== 'boolean'
                                ? 'untrusted'
                                : null;
  if (wrong !== null) throw new MemoryInputError(`invalid memory file at entries.${index}${wrong ? `.${wrong}` : ''}: ${EXPECTED[wrong]}`);
  return e as unknown as MemoryEntry;
}

/**
 * How much an entry is worth keeping: its success rate, halved every HALF_LIFE_DAYS since it was
 * last written or used.
 */
function usefulness(entry: MemoryEntry, now: number): number {
  const touched = Math.max(Date.parse(entry.updatedAt), entry.lastUsedAt ? Date.parse(entry.lastUsedAt) : 0);
  const ageDays = Math.max(0, now - touched) / DAY_MS;
  return successRate(entry.successes, entry.failures) * 0.5 ** (ageDays / HALF_LIFE_DAYS);
}

function checkInput(namespace: string, key: string, value: JsonValue): void {
  if (!NAMESPACE_RE.test(namespace)) {
    throw new MemoryInputError(`namespace "${namespace}" is not valid: use 1 to 64 letters, digits, "_", "." or "-".`);
  }
  if (!key.trim() || key.length > 256 || /\p{Cc}/u.test(key)) {
    throw new MemoryInputError('key must be 1 to 256 characters without control characters.');
  }
  const json = JSON.stringify(value);
  if (json === undefined) throw new MemoryInputError('value must be JSON.');
  if (Buffer.byteLength(json) > MAX_VALUE_BYTES) {
    throw new MemoryInputError(`value is ${Buffer.byteLength(json)} bytes as JSON; the limit is ${MAX_VALUE_BYTES}. Store a summary instead.`);
  }
}

const copy = (entry: MemoryEntry): MemoryEntry => structuredClone(entry);

export class MemoryStore {
  readonly maxEntries: number;
  private readonly namespaces = new Map<string, Map<string, MemoryEntry>>();
  /** Built on a namespace's first search, then kept up to date. */
  private readonly indexes = new Map<string, SearchIndex>();

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** Validates a persisted file (throws MemoryInputError saying what is wrong) and loads it. */
  static fromJSON(data: unknown, options: MemoryStoreOptions = {}): MemoryStore {
    const file = (data && typeof data === 'object' ? data : {}) as { version?: unknown; entries?: unknown };
    if (file.version !== MEMORY_FILE_VERSION) {
      throw new MemoryInputError(`unknown memory file version ${JSON.stringify(file.version)} (this codex-swarm reads version ${MEMORY_FILE_VERSION})`);
    }
    if (!Array.isArray(file.entries)) throw new MemoryInputError('invalid memory file: "entries" is not a list');
    const entries = file.entries.map(checkEntry);
    const store = new MemoryStore(options);
    // Freshly parsed: the store can own these objects without copying them.
    store.mergeEntries(entries, true, Date.now());
    return store;
  }

  /** The namespaces that hold entries. */
  namespaceNames(): string[] {
    return [...this.namespaces].filter(([, entries]) => entries.size > 0).map(([name]) => name);
  }

  get size(): number {
    let n = 0;
    for (const entries of this.namespaces.values()) n += entries.size;
    return n;
  }

  /**
   * Adds an entry, or replaces its value when `upsert` (its creation time and track record stay).
   * Without `upsert` an existing key is an error.
   */
  store(input: StoreInput, now = Date.now()): MemoryEntry {
    const { namespace, key, value } = input;
    checkInput(namespace, key, value);
    const existing = this.namespaces.get(namespace)?.get(key);
    if (existing && !input.upsert) {
      throw new MemoryInputError(`key "${key}" already exists in namespace "${namespace}"; pass upsert: true to replace it.`);
    }
    const at = new Date(now).toISOString();
    const entry: MemoryEntry = {
      namespace,
      key,
      value: structuredClone(value),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      uses: existing?.uses ?? 0,
      successes: existing?.successes ?? 0,
      failures: existing?.failures ?? 0,
      lastUsedAt: existing?.lastUsedAt ?? null,
      workerId: input.workerId ?? null,
      runId: input.runId ?? null,
    };
    this.put(entry);
    this.evictOverCap(now, entry);
    return copy(entry);
  }

  get(namespace: string, key: string): MemoryEntry | undefined {
    const entry = this.namespaces.get(namespace)?.get(key);
    return entry && copy(entry);
  }

  /** Entries of one namespace, or all, sorted by namespace then key. */
  list(namespace?: string): MemoryEntry[] {
    const names = namespace === undefined ? [...this.namespaces.keys()].sort() : [namespace];
    return names.flatMap((ns) => [...(this.namespaces.get(ns)?.values() ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(copy));
  }

  /** The best matches, highest score first (ties: better track record, then newer). */
  search({ query, namespace, limit, threshold = 0 }: SearchInput): MemoryMatch[] {
    const entries = this.namespaces.get(namespace);
    if (!entries || limit < 1) return [];
    // The success factor lifts a relevance by at most SUCCESS_BOOST / 2: anything lower cannot reach the threshold.
    const floor = threshold / (1 + SUCCESS_BOOST / 2);
    const matches: { entry: MemoryEntry; score: number; rate: number }[] = [];
    for (const [key, relevance] of this.indexFor(namespace).relevance(query, floor)) {
      const entry = entries.get(key)!;
      const score = finalScore(relevance, entry.successes, entry.failures);
      if (score > 0 && score >= threshold) matches.push({ entry, score, rate: successRate(entry.successes, entry.failures) });
    }
    matches.sort(
      (a, b) => b.score - a.score || b.rate - a.rate || (b.entry.updatedAt > a.entry.updatedAt ? 1 : b.entry.updatedAt < a.entry.updatedAt ? -1 : 0),
    );
    return matches.slice(0, limit).map(({ entry, score }) => ({ ...copy(entry), score }));
  }

  /** Records that the patterns `keys` were given to a worker that then succeeded or not. */
  recordOutcome(keys: string[], success: boolean, now = Date.now()): void {
    this.track(keys, { used: now, success });
  }

  /** The patterns were given to a worker whose own ending says nothing of them (a reviewer: people judge its findings). */
  recordUse(keys: string[], now = Date.now()): void {
    this.track(keys, { used: now, success: null });
  }

  /** A maintainer confirmed (or dismissed) a finding of a worker that had these patterns: a success (or failure), not a new use. */
  recordJudgement(keys: string[], success: boolean): void {
    this.track(keys, { used: null, success });
  }

  private track(keys: string[], { used, success }: { used: number | null; success: boolean | null }): void {
    const patterns = this.namespaces.get(PATTERNS);
    const at = used === null ? null : new Date(used).toISOString();
    for (const key of new Set(keys)) {
      const entry = patterns?.get(key);
      if (!entry) continue;
      if (at) {
        entry.uses++;
        entry.lastUsedAt = at;
      }
      if (success === true) entry.successes++;
      if (success === false) entry.failures++;
    }
  }

  /** Drops entries (outside `results`) whose usefulness fell below MIN_USEFULNESS, then applies the cap. Returns how many went. */
  decay(now = Date.now()): number {
    let removed = 0;
    for (const [namespace, entries] of this.namespaces) {
      if (namespace === RESULTS) continue;
      for (const entry of [...entries.values()]) {
        if (usefulness(entry, now) < MIN_USEFULNESS) {
          this.remove(entry);
          removed++;
        }
      }
    }
    return removed + this.evictOverCap(now);
  }

  /**
   * The persisted form, of the given namespaces or all. Entries are the store's own objects,
   * for serialising only.
   */
  toJSON(namespaces?: string[]): MemoryFile {
    const names = namespaces ?? [...this.namespaces.keys()];
    return { version: MEMORY_FILE_VERSION, entries: names.flatMap((ns) => [...(this.namespaces.get(ns)?.values() ?? [])]) };
  }

  /**
   * Merges another store (e.g. the file as another run left it) into this one. For a key both
   * hold, the later write's value and writer win; counters take the larger of the two (both
   * usually grew from the same restored file, so adding would count those uses twice).
   */
  merge(other: MemoryStore | MemoryFile, now = Date.now()): void {
    this.mergeEntries(other instanceof MemoryStore ? other.toJSON().entries : other.entries, false, now);
  }

  /**
   * Another run's write of an entry (from its delta): the later write's value and writer win; the
   * track record stays this store's (counter changes come separately, through addCounts). The
   * store keeps `entry` (and its value) as it is: pass one nobody else changes.
   */
  absorb(entry: MemoryEntry, now = Date.now()): void {
    checkInput(entry.namespace, entry.key, entry.value);
    const ours = this.namespaces.get(entry.namespace)?.get(entry.key);
    if (ours && entry.updatedAt <= ours.updatedAt) return;
    const track = ours ?? entry;
    this.put({
      ...entry,
      createdAt: ours && ours.createdAt < entry.createdAt ? ours.createdAt : entry.createdAt,
      uses: track.uses,
      successes: track.successes,
      failures: track.failures,
      lastUsedAt: track.lastUsedAt,
    });
    this.evictOverCap(now);
  }

  /** Adds another run's uses and outcomes to an entry; false when the store holds no such entry. */
  addCounts(namespace: string, key: string, counts: Pick<MemoryEntry, 'uses' | 'successes' | 'failures' | 'lastUsedAt'>): boolean {
    const entry = this.namespaces.get(namespace)?.get(key);
    if (!entry) return false;
    entry.uses += counts.uses;
    entry.successes += counts.successes;
    entry.failures += counts.failures;
    if (counts.lastUsedAt && (!entry.lastUsedAt || counts.lastUsedAt > entry.lastUsedAt)) entry.lastUsedAt = counts.lastUsedAt;
    return true;
  }

  private mergeEntries(entries: MemoryEntry[], owned: boolean, now: number): void {
    for (const theirs of entries) {
      const ours = this.namespaces.get(theirs.namespace)?.get(theirs.key);
      if (!ours) {
        this.put(owned ? theirs : copy(theirs));
        continue;
      }
      const theirsNewer = theirs.updatedAt > ours.updatedAt;
      const laterUse = theirs.lastUsedAt !== null && (ours.lastUsedAt === null || theirs.lastUsedAt > ours.lastUsedAt);
      if (theirsNewer) {
        this.put({
          ...(owned ? theirs : copy(theirs)),
          createdAt: theirs.createdAt < ours.createdAt ? theirs.createdAt : ours.createdAt,
          lastUsedAt: laterUse ? theirs.lastUsedAt : ours.lastUsedAt,
          uses: Math.max(ours.uses, theirs.uses),
          successes: Math.max(ours.successes, theirs.successes),
          failures: Math.max(ours.failures, theirs.failures),
        });
        continue;
      }
      // Ours stays; only the track record can grow (the value and the index do not change).
      if (theirs.createdAt < ours.createdAt) ours.createdAt = theirs.createdAt;
      if (laterUse) ours.lastUsedAt = theirs.lastUsedAt;
      ours.uses = Math.max(ours.uses, theirs.uses);
      ours.successes = Math.max(ours.successes, theirs.successes);
      ours.failures = Math.max(ours.failures, theirs.failures);
    }
    this.evictOverCap(now);
  }

  private put(entry: MemoryEntry): void {
    let entries = this.namespaces.get(entry.namespace);
    if (!entries) {
      entries = new Map();
      this.namespaces.set(entry.namespace, entries);
    }
    entries.set(entry.key, entry);
    this.indexes.get(entry.namespace)?.set(entry.key, textFields(entry.key, entry.value));
  }

  private remove(entry: MemoryEntry): void {
    this.namespaces.get(entry.namespace)?.delete(entry.key);
    this.indexes.get(entry.namespace)?.delete(entry.key);
  }

  private indexFor(namespace: string): SearchIndex {
    let index = this.indexes.get(namespace);
    if (!index) {
      index = new SearchIndex();
      for (const entry of this.namespaces.get(namespace)?.values() ?? []) index.set(entry.key, textFields(entry.key, entry.value));
      this.indexes.set(namespace, index);
    }
    return index;
  }

  /** Evicts the least useful entries outside `results` (never `keep`) until the cap holds. */
  private evictOverCap(now: number, keep?: MemoryEntry): number {
    const capped = this.size - (this.namespaces.get(RESULTS)?.size ?? 0);
    const excess = capped - this.maxEntries;
    if (excess <= 0) return 0;
    const candidates: { entry: MemoryEntry; worth: number }[] = [];
    for (const [namespace, entries] of this.namespaces) {
      if (namespace === RESULTS) continue;
      for (const entry of entries.values()) {
        if (entry !== keep) candidates.push({ entry, worth: usefulness(entry, now) });
      }
    }
    candidates.sort((a, b) => a.worth - b.worth || (a.entry.updatedAt < b.entry.updatedAt ? -1 : a.entry.updatedAt > b.entry.updatedAt ? 1 : 0));
    for (const { entry } of candidates.slice(0, excess)) this.remove(entry);
    return Math.min(excess, candidates.length);
  }
}

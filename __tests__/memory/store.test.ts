import { finalScore, tokenize } from '../../src/memory/score.js';
import { HALF_LIFE_DAYS, MemoryInputError, MemoryStore, PATTERNS, RESULTS, type MemoryEntry } from '../../src/memory/store.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');

function pattern(store: MemoryStore, key: string, task: string, approach: string, context: string, now = T0): MemoryEntry {
  return store.store({ namespace: PATTERNS, key, value: { task, approach, context }, upsert: false }, now);
}

function seeded(): MemoryStore {
  const store = new MemoryStore();
  pattern(
    store,
    'pattern-reviewer-review-auth-module-sql-injection',
    'Review the auth module for SQL injection',
    'grep for string-built SQL in the handlers; check every query is parameterised',
    'reviewing database access code',
  );
  pattern(
    store,
    'pattern-documenter-document-billing-api',
    'Document the billing API',
    'read the route handlers and write a table of endpoints',
    'REST APIs without docs',
  );
  pattern(
    store,
    'pattern-tester-write-tests-date-parser',
    'Write tests for the date parser',
    'table-driven tests of edge cases: leap years, time zones',
    'pure functions with many inputs',
  );
  return store;
}

const search = (store: MemoryStore, query: string, limit = 5) => store.search({ query, namespace: PATTERNS, limit });

describe('scoring', () => {
  it('tokenises words, drops stop words and accents, and meets word forms', () => {
    expect(tokenize('Testing the parseDate() tests — café, résumé!')).toEqual(['test', 'parse', 'date', 'test', 'cafe', 'resume']);
    expect(tokenize('the of and')).toEqual([]);
  });

  it('scores identical text 1 and text without a shared word 0', () => {
    const store = seeded();
    expect(search(store, 'Review the auth module for SQL injection')[0]).toMatchObject({ key: 'pattern-reviewer-review-auth-module-sql-injection', score: 1 });
    expect(search(store, 'read the route handlers and write a table of endpoints')[0]).toMatchObject({
      key: 'pattern-documenter-document-billing-api',
      score: 1,
    });
    expect(search(store, 'Translate the README into French')).toEqual([]);
    for (const m of search(store, 'auth', 10)) expect(m.score).toBeGreaterThan(0);
  });

  it('ranks the closer task first, with scores in [0, 1]', () => {
    const store = seeded();
    const similar = search(store, 'Review auth module for SQL injection risks');
    expect(similar[0].key).toBe('pattern-reviewer-review-auth-module-sql-injection');
    expect(similar[0].score).toBeGreaterThanOrEqual(0.7);
    expect(similar[0].score).toBeLessThan(1);
    const loose = search(store, 'review the login code for injection');
    expect(loose[0].key).toBe('pattern-reviewer-review-auth-module-sql-injection');
    expect(loose[0].score).toBeLessThan(similar[0].score);
    const docs = search(store, 'Write documentation for the payments API');
    expect(docs[0].key).toBe('pattern-documenter-document-billing-api');
    for (const m of [...similar, ...loose, ...docs]) {
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThanOrEqual(1);
    }
  });

  it('applies threshold and limit', () => {
    const store = seeded();
    expect(store.search({ query: 'write tests and docs for the API handlers', namespace: PATTERNS, limit: 5 }).length).toBeGreaterThan(1);
    expect(store.search({ query: 'write tests and docs for the API handlers', namespace: PATTERNS, limit: 1 })).toHaveLength(1);
    const all = store.search({ query: 'write tests and docs for the API handlers', namespace: PATTERNS, limit: 5 });
    const strict = store.search({ query: 'write tests and docs for the API handlers', namespace: PATTERNS, limit: 5, threshold: 0.99 });
    expect(strict).toEqual(all.filter((m) => m.score >= 0.99));
  });

  it('lets a pattern that helped outrank an equal one that did not, within ±10 %', () => {
    expect(finalScore(1, 0, 0)).toBe(1);
    expect(finalScore(0.8, 0, 0)).toBe(0.8);
    expect(finalScore(0.8, 9, 0)).toBeCloseTo(0.8 * (1 + 0.2 * (10 / 11 - 0.5)), 6);
    expect(finalScore(0.8, 0, 9)).toBeLessThan(0.8);
    expect(finalScore(0.8, 1000, 0)).toBeLessThanOrEqual(0.88);
    expect(finalScore(1, 1000, 0)).toBe(1);
    expect(finalScore(0, 1000, 0)).toBe(0);

    const store = new MemoryStore();
    pattern(store, 'pattern-a', 'lint the frontend code', 'run eslint with autofix', 'js projects');
    pattern(store, 'pattern-b', 'lint the frontend code', 'run eslint with autofix', 'js projects');
    store.recordOutcome(['pattern-b'], true);
    store.recordOutcome(['pattern-a'], false);
    const [first, second] = search(store, 'lint the frontend sources');
    expect(first.key).toBe('pattern-b');
    expect(first.score).toBeGreaterThan(second.score);
    expect(store.get(PATTERNS, 'pattern-b')).toMatchObject({ uses: 1, successes: 1, failures: 0 });
    expect(store.get(PATTERNS, 'pattern-a')).toMatchObject({ uses: 1, successes: 0, failures: 1 });
  });

  it('keeps its index right through replacements and evictions', () => {
    const store = seeded();
    store.store(
      {
        namespace: PATTERNS,
        key: 'pattern-documenter-document-billing-api',
        value: { task: 'Profile the checkout page', approach: 'flame graphs', context: 'slow pages' },
        upsert: true,
      },
      T0,
    );
    expect(search(store, 'route endpoints')).toEqual([]);
    expect(search(store, 'Profile the checkout page')[0]).toMatchObject({ key: 'pattern-documenter-document-billing-api', score: 1 });
    store.recordOutcome(['pattern-tester-write-tests-date-parser'], false, T0);
    store.decay(T0 + 365 * DAY);
    expect(store.size).toBe(0);
    expect(search(store, 'Profile the checkout page')).toEqual([]);
  });
});

describe('MemoryStore', () => {
  it('refuses an existing key without upsert, saying how to fix it, and replaces it with upsert', () => {
    const store = new MemoryStore();
    const first = store.store(
      { namespace: RESULTS, key: 'result-coder-1', value: { status: 'complete' }, upsert: false, workerId: 'coder-1', runId: 'r1' },
      T0,
    );
    expect(() => store.store({ namespace: RESULTS, key: 'result-coder-1', value: { status: 'failed' }, upsert: false })).toThrow(
      new MemoryInputError('key "result-coder-1" already exists in namespace "results"; pass upsert: true to replace it.'),
    );
    expect(store.get(RESULTS, 'result-coder-1')!.value).toEqual({ status: 'complete' });
    store.recordOutcome(['result-coder-1'], true); // only patterns keep a track record
    const second = store.store(
      { namespace: RESULTS, key: 'result-coder-1', value: { status: 'failed' }, upsert: true, workerId: 'coder-2', runId: 'r2' },
      T0 + 1000,
    );
    expect(second).toMatchObject({
      value: { status: 'failed' },
      createdAt: first.createdAt,
      updatedAt: new Date(T0 + 1000).toISOString(),
      workerId: 'coder-2',
      runId: 'r2',
      uses: 0,
    });
    expect(store.size).toBe(1);
  });

  it('counts a use without a verdict (recordUse), and a verdict without a use (recordJudgement), on patterns only', () => {
    const store = new MemoryStore();
    store.store({ namespace: PATTERNS, key: 'pattern-reviewer-x', value: 'v', upsert: false }, T0);
    store.store({ namespace: RESULTS, key: 'result-reviewer-1', value: 'v', upsert: false }, T0);
    store.recordUse(['pattern-reviewer-x', 'pattern-reviewer-x', 'result-reviewer-1'], T0 + DAY);
    expect(store.get(PATTERNS, 'pattern-reviewer-x')).toMatchObject({ uses: 1, successes: 0, failures: 0, lastUsedAt: new Date(T0 + DAY).toISOString() });
    store.recordJudgement(['pattern-reviewer-x'], false);
    store.recordJudgement(['pattern-reviewer-x'], true);
    store.recordJudgement(['pattern-reviewer-x', 'result-reviewer-1', 'pattern-gone'], true);
    expect(store.get(PATTERNS, 'pattern-reviewer-x')).toMatchObject({ uses: 1, successes: 2, failures: 1, lastUsedAt: new Date(T0 + DAY).toISOString() });
    expect(store.get(RESULTS, 'result-reviewer-1')).toMatchObject({ uses: 0, successes: 0, failures: 0 });
  });

  it('returns values whole, and copies that cannot change the store', () => {
    const store = new MemoryStore();
    const long = 'x'.repeat(5000);
    const value = { approach: long, context: 'nested', steps: [{ n: 1, ok: true }, null] };
    store.store({ namespace: PATTERNS, key: 'pattern-long', value, upsert: false });
    value.steps.push({ n: 2, ok: false });
    const got = store.get(PATTERNS, 'pattern-long')!;
    expect(got.value).toEqual({ approach: long, context: 'nested', steps: [{ n: 1, ok: true }, null] });
    (got.value as { context: string }).context = 'changed';
    expect(search(store, long)[0].value).toEqual({ approach: long, context: 'nested', steps: [{ n: 1, ok: true }, null] });
  });

  it('rejects bad namespaces, keys and oversized values with a clear message', () => {
    const store = new MemoryStore();
    expect(() => store.store({ namespace: 'bad space', key: 'k', value: 1, upsert: false })).toThrow(/namespace "bad space" is not valid/);
    expect(() => store.store({ namespace: PATTERNS, key: '', value: 1, upsert: false })).toThrow(/key must be 1 to 256 characters/);
    expect(() => store.store({ namespace: PATTERNS, key: 'k', value: 'y'.repeat(70_000), upsert: false })).toThrow(/the limit is 65536/);
  });

  it('lists by namespace, sorted by key', () => {
    const store = seeded();
    store.store({ namespace: RESULTS, key: 'result-b', value: 1, upsert: false });
    store.store({ namespace: RESULTS, key: 'result-a', value: 2, upsert: false });
    expect(store.list(RESULTS).map((e) => e.key)).toEqual(['result-a', 'result-b']);
    expect(store.list().map((e) => e.namespace)).toEqual([PATTERNS, PATTERNS, PATTERNS, RESULTS, RESULTS]);
    expect(store.list('nothing')).toEqual([]);
  });

  it('decays stale patterns that nobody used, keeps those that helped longer, and never touches results', () => {
    const store = new MemoryStore();
    pattern(store, 'pattern-stale', 'old task', 'old approach', 'old context');
    pattern(store, 'pattern-helped', 'good task', 'good approach', 'good context');
    pattern(store, 'pattern-failing', 'bad task', 'bad approach', 'bad context');
    store.store({ namespace: RESULTS, key: 'result-old', value: 'x', upsert: false }, T0);
    for (let i = 0; i < 9; i++) store.recordOutcome(['pattern-helped'], true, T0);
    for (let i = 0; i < 9; i++) store.recordOutcome(['pattern-failing'], false, T0);

    expect(store.decay(T0 + 20 * DAY)).toBe(0);
    expect(store.decay(T0 + 30 * DAY)).toBe(1); // the failing one: success rate 1/11, halved after 30 days < 0.05
    expect(store.list(PATTERNS).map((e) => e.key)).toEqual(['pattern-helped', 'pattern-stale']);
    expect(store.decay(T0 + 3 * HALF_LIFE_DAYS * DAY)).toBe(0); // unused: 0.5 × 1/8 = 0.0625
    expect(store.decay(T0 + 4 * HALF_LIFE_DAYS * DAY)).toBe(1); // 0.5 × 1/16 < 0.05
    expect(store.list(PATTERNS).map((e) => e.key)).toEqual(['pattern-helped']);
    expect(store.decay(T0 + 365 * DAY)).toBe(1);
    expect(store.list().map((e) => e.key)).toEqual(['result-old']);
  });

  it('caps the store by evicting the least useful entry, never the one just stored nor results', () => {
    const store = new MemoryStore({ maxEntries: 3 });
    pattern(store, 'pattern-1', 'task one', 'a', 'b', T0);
    pattern(store, 'pattern-2', 'task two', 'a', 'b', T0 + 1);
    pattern(store, 'pattern-3', 'task three', 'a', 'b', T0 + 2);
    store.recordOutcome(['pattern-1'], true, T0 + 3);
    store.recordOutcome(['pattern-3'], false, T0 + 3);
    for (let i = 0; i < 5; i++) store.store({ namespace: RESULTS, key: `result-${i}`, value: i, upsert: false }, T0 + 4);
    pattern(store, 'pattern-4', 'task four', 'a', 'b', T0 + 5);
    expect(store.list(PATTERNS).map((e) => e.key)).toEqual(['pattern-1', 'pattern-2', 'pattern-4']);
    expect(store.list(RESULTS)).toHaveLength(5);
    expect(search(store, 'three')).toEqual([]);
    pattern(store, 'pattern-5', 'task five', 'a', 'b', T0 + 6);
    expect(store.list(PATTERNS).map((e) => e.key)).toEqual(['pattern-1', 'pattern-4', 'pattern-5']);
  });

  it('round-trips through toJSON/fromJSON and refuses unknown versions and bad entries', () => {
    const store = seeded();
    store.recordOutcome(['pattern-tester-write-tests-date-parser'], true, T0 + DAY);
    const copy = MemoryStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())));
    expect(copy.list()).toEqual(store.list());
    expect(search(copy, 'tests for the date parser')).toEqual(search(store, 'tests for the date parser'));
    expect(store.toJSON([RESULTS])).toEqual({ version: 1, entries: [] });

    expect(() => MemoryStore.fromJSON({ version: 2, entries: [] })).toThrow('unknown memory file version 2 (this codex-swarm reads version 1)');
    expect(() => MemoryStore.fromJSON([])).toThrow(/unknown memory file version/);
    const bad = store.toJSON();
    expect(() => MemoryStore.fromJSON({ ...bad, entries: [{ ...bad.entries[0], uses: -1 }] })).toThrow(
      'invalid memory file at entries.0.uses: expected a whole number',
    );
    expect(() => MemoryStore.fromJSON({ ...bad, entries: [{ ...bad.entries[0], updatedAt: 'yesterday' }] })).toThrow(/entries\.0\.updatedAt/);
  });

  it('merges another copy: the later write wins, counters never double, nothing is lost', () => {
    const base = seeded();
    const ours = MemoryStore.fromJSON(JSON.parse(JSON.stringify(base.toJSON())));
    const theirs = MemoryStore.fromJSON(JSON.parse(JSON.stringify(base.toJSON())));
    ours.recordOutcome(['pattern-tester-write-tests-date-parser'], true, T0 + DAY);
    theirs.recordOutcome(['pattern-tester-write-tests-date-parser'], true, T0 + 2 * DAY);
    theirs.recordOutcome(['pattern-tester-write-tests-date-parser'], false, T0 + 2 * DAY);
    pattern(ours, 'pattern-ours', 'only ours', 'a', 'b', T0 + DAY);
    pattern(theirs, 'pattern-theirs', 'only theirs', 'a', 'b', T0 + DAY);
    theirs.store(
      { namespace: PATTERNS, key: 'pattern-documenter-document-billing-api', value: { approach: 'newer' }, upsert: true, workerId: 'documenter-9' },
      T0 + 3 * DAY,
    );
    ours.store(
      { namespace: PATTERNS, key: 'pattern-reviewer-review-auth-module-sql-injection', value: { approach: 'ours is newer' }, upsert: true },
      T0 + 3 * DAY,
    );

    ours.merge(theirs, T0 + 3 * DAY);
    expect(ours.list(PATTERNS).map((e) => e.key)).toEqual([
      'pattern-documenter-document-billing-api',
      'pattern-ours',
      'pattern-reviewer-review-auth-module-sql-injection',
      'pattern-tester-write-tests-date-parser',
      'pattern-theirs',
    ]);
    expect(ours.get(PATTERNS, 'pattern-documenter-document-billing-api')).toMatchObject({ value: { approach: 'newer' }, workerId: 'documenter-9' });
    expect(ours.get(PATTERNS, 'pattern-reviewer-review-auth-module-sql-injection')!.value).toEqual({ approach: 'ours is newer' });
    expect(ours.get(PATTERNS, 'pattern-tester-write-tests-date-parser')).toMatchObject({
      uses: 2,
      successes: 1,
      failures: 1,
      lastUsedAt: new Date(T0 + 2 * DAY).toISOString(),
    });
    expect(search(ours, 'newer')[0].key).toBe('pattern-documenter-document-billing-api');
    const again = ours.list();
    ours.merge(theirs, T0 + 3 * DAY);
    expect(ours.list()).toEqual(again);
  });
});

import { DEFAULT_BUDGET, shardByBudget, shardFiles } from '../../src/plan/shard.js';
import type { FileEntry } from '../../src/plan/files.js';
import { seededRandom } from '../fixtures/seededRandom.js';

/** Folders of 1–40 files, sizes spread over three orders of magnitude, a few big files, nested folders. */
function realisticRepo(seed: number): FileEntry[] {
  const rand = seededRandom(seed);
  const files: FileEntry[] = [
    { path: 'README.md', size: 6000 },
    { path: 'package.json', size: 1500 },
  ];
  const top = ['src', 'lib', 'test', 'docs', 'scripts'];
  for (let d = 0; d < 40; d++) {
    const dir = `${top[d % top.length]}/${d % 3 === 0 ? `group${d % 4}/` : ''}mod${d}`;
    const count = 1 + Math.floor(rand() * 40);
    for (let i = 0; i < count; i++) {
      const size = Math.floor(200 * Math.pow(10, rand() * 2.5));
      files.push({ path: `${dir}/file${i}.ts`, size });
    }
  }
  return files;
}

const weightOf = (files: FileEntry[], shard: string[]) => {
  const size = new Map(files.map((f) => [f.path, Math.max(f.size, 1)]));
  return shard.reduce((s, p) => s + size.get(p)!, 0);
};
const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);

describe('shardFiles', () => {
  it.each([2, 3, 4, 6, 8])('balances a realistic repository into %i shards within 1.5x of the ideal', (n) => {
    for (const seed of [1, 2, 3]) {
      const files = realisticRepo(seed);
      const shards = shardFiles(files, n);
      expect(shards).toHaveLength(n);
      const total = files.reduce((s, f) => s + Math.max(f.size, 1), 0);
      const heaviest = Math.max(...shards.map((s) => weightOf(files, s)));
      expect(heaviest).toBeLessThanOrEqual(1.5 * (total / n));
      // Every file exactly once.
      expect(shards.flat().sort()).toEqual(files.map((f) => f.path).sort());
    }
  });

  it('keeps most folders whole on a realistic repository', () => {
    const files = realisticRepo(7);
    const shards = shardFiles(files, 4);
    const dirs = new Set(files.map((f) => dirOf(f.path)));
    const split = [...dirs].filter((d) => shards.filter((s) => s.some((p) => dirOf(p) === d)).length > 1);
    expect(split.length).toBeLessThanOrEqual(dirs.size / 4);
  });

  it('keeps each folder together when that balances', () => {
    const files: FileEntry[] = [];
    for (const dir of ['api', 'db', 'ui', 'cli']) for (let i = 0; i < 5; i++) files.push({ path: `${dir}/f${i}.ts`, size: 100 });
    const shards = shardFiles(files, 4);
    expect(shards.map((s) => new Set(s.map(dirOf)).size)).toEqual([1, 1, 1, 1]);
    expect(shards.map((s) => s.length)).toEqual([5, 5, 5, 5]);
  });

  it('keeps a whole subtree together when it fits in a shard', () => {
    const files: FileEntry[] = [
      { path: 'src/plan/a.ts', size: 100 },
      { path: 'src/plan/b.ts', size: 100 },
      { path: 'src/swarm/c.ts', size: 100 },
      { path: 'lib/x/d.ts', size: 150 },
      { path: 'lib/y/e.ts', size: 150 },
    ];
    expect(shardFiles(files, 2)).toEqual([
      ['lib/x/d.ts', 'lib/y/e.ts'],
      ['src/plan/a.ts', 'src/plan/b.ts', 'src/swarm/c.ts'],
    ]);
  });

  it('splits a folder that alone is bigger than a fair share, into contiguous runs', () => {
    const files: FileEntry[] = Array.from({ length: 12 }, (_, i) => ({ path: `big/f${String(i).padStart(2, '0')}.ts`, size: 100 }));
    files.push({ path: 'small/a.ts', size: 100 });
    const shards = shardFiles(files, 3);
    expect(shards.map((s) => s.length).sort()).toEqual([4, 4, 5]);
    for (const s of shards.filter((s) => s[0].startsWith('big/'))) {
      const indexes = s.filter((p) => p.startsWith('big/')).map((p) => Number(p.slice(5, 7)));
      expect(indexes).toEqual(indexes.map((_, i) => indexes[0] + i));
    }
  });

  it('is deterministic: the same output for the input in any order, shards and paths sorted', () => {
    const files = realisticRepo(11);
    const reversed = [...files].reverse();
    const a = shardFiles(files, 5);
    expect(shardFiles(reversed, 5)).toEqual(a);
    for (const s of a) expect(s).toEqual([...s].sort());
    expect(a.map((s) => s[0])).toEqual(a.map((s) => s[0]).sort());
  });

  it('handles no files, one file, and more shards than files without empty shards', () => {
    expect(shardFiles([], 4)).toEqual([]);
    expect(shardFiles([{ path: 'a.ts', size: 5 }], 4)).toEqual([['a.ts']]);
    const three = ['x/a', 'x/b', 'x/c'].map((p) => ({ path: p, size: 10 }));
    expect(shardFiles(three, 8)).toEqual([['x/a'], ['x/b'], ['x/c']]);
    expect(shardFiles(three, 1)).toEqual([['x/a', 'x/b', 'x/c']]);
  });

  it('never leaves a shard empty when one file outweighs the rest of its folder', () => {
    const files = [
      { path: 'a/big', size: 9000 },
      { path: 'a/s1', size: 5 },
      { path: 'a/s2', size: 5 },
    ];
    const shards = shardFiles(files, 3);
    expect(shards).toHaveLength(3);
    expect(shards.every((s) => s.length === 1)).toBe(true);
  });

  it('spreads files of size 0 (unchanged lines, empty files) evenly', () => {
    const files = Array.from({ length: 8 }, (_, i) => ({ path: `d${i % 2}/f${i}`, size: 0 }));
    expect(shardFiles(files, 4).map((s) => s.length)).toEqual([2, 2, 2, 2]);
  });

  it('counts a duplicated path once', () => {
    expect(
      shardFiles(
        [
          { path: 'a', size: 1 },
          { path: 'a', size: 1 },
        ],
        2,
      ),
    ).toEqual([['a']]);
  });
});

describe('shardByBudget', () => {
  const bytesOf = (files: FileEntry[], shard: string[]) => weightOf(files, shard);

  it('cuts a realistic repository into as many shards as keep each within the budget, balanced', () => {
    for (const seed of [1, 2, 3]) {
      const files = realisticRepo(seed);
      const { shards, needed, capped } = shardByBudget(files, DEFAULT_BUDGET, 1000);
      expect(capped).toBe(false);
      expect(shards).toHaveLength(needed);
      expect(shards.flat().sort()).toEqual(files.map((f) => f.path).sort());
      for (const s of shards) {
        expect(s.length).toBeLessThanOrEqual(40);
        expect(bytesOf(files, s)).toBeLessThanOrEqual(160_000);
      }
      // No more shards than the budget needs, give or take the packing.
      const bound = Math.max(Math.ceil(files.length / 40), Math.ceil(files.reduce((s, f) => s + f.size, 0) / 160_000));
      expect(needed).toBeLessThanOrEqual(Math.ceil(bound * 1.3));
      const bytes = shards.map((s) => bytesOf(files, s));
      expect(Math.max(...bytes)).toBeLessThanOrEqual(2 * Math.min(...bytes));
    }
  });

  it('balances by bytes a big changelog beside many small files, none over the file count', () => {
    // The shape of expressjs/express: a 127 KB History.md, a test folder of 150 files of 0.2–30 KB.
    const rand = seededRandom(5);
    const files: FileEntry[] = [{ path: 'History.md', size: 127_281 }];
    for (let i = 0; i < 150; i++) files.push({ path: `test/t${String(i).padStart(3, '0')}.js`, size: Math.floor(200 * Math.pow(10, rand() * 2.2)) });
    for (let i = 0; i < 60; i++) files.push({ path: `examples/e${i % 12}/f${i}.js`, size: 100 + Math.floor(rand() * 1500) });
    const { shards, capped } = shardByBudget(files, DEFAULT_BUDGET, 64);
    expect(capped).toBe(false);
    expect(shards.flat().sort()).toEqual(files.map((f) => f.path).sort());
    const bytes = shards.map((s) => bytesOf(files, s));
    for (const [i, s] of shards.entries()) {
      expect(s.length).toBeLessThanOrEqual(40);
      expect(bytes[i]).toBeLessThanOrEqual(160_000);
    }
    expect(Math.max(...bytes)).toBeLessThanOrEqual(2 * Math.min(...bytes));
  });

  it('goes over the budget only with a file that alone is over it', () => {
    const files: FileEntry[] = [{ path: 'big/huge.min.js', size: 900_000 }, ...Array.from({ length: 30 }, (_, i) => ({ path: `src/f${i}.ts`, size: 2_000 }))];
    const { shards, capped } = shardByBudget(files, DEFAULT_BUDGET, 64);
    expect(capped).toBe(false);
    expect(shards).toContainEqual(['big/huge.min.js']);
    for (const s of shards.filter((s) => s[0] !== 'big/huge.min.js')) expect(bytesOf(files, s)).toBeLessThanOrEqual(160_000);
  });

  it('holds to the file count as well as the bytes', () => {
    const files = Array.from({ length: 100 }, (_, i) => ({ path: `tiny/f${String(i).padStart(3, '0')}.txt`, size: 10 }));
    const { shards, needed } = shardByBudget(files, DEFAULT_BUDGET, 64);
    expect(needed).toBe(3);
    for (const s of shards) expect(s.length).toBeLessThanOrEqual(40);
  });

  it('keeps folders together where the budget allows', () => {
    const files: FileEntry[] = [];
    for (const dir of ['api', 'db', 'ui', 'cli']) for (let i = 0; i < 15; i++) files.push({ path: `${dir}/f${i}.ts`, size: 1000 });
    const { shards } = shardByBudget(files, DEFAULT_BUDGET, 64);
    expect(shards).toHaveLength(2);
    const dirs = shards.map((s) => new Set(s.map(dirOf)));
    expect(dirs.map((d) => d.size)).toEqual([2, 2]);
    expect([...dirs[0]].some((d) => dirs[1].has(d))).toBe(false);
  });

  it('past max-workers gives max-workers shards over the budget and says how many the budget needs', () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({ path: `pkg${i % 50}/f${i}.ts`, size: 100 }));
    const { shards, needed, capped } = shardByBudget(files, DEFAULT_BUDGET, 64);
    expect(capped).toBe(true);
    expect(needed).toBeGreaterThanOrEqual(75);
    expect(shards).toHaveLength(64);
    expect(shards.flat()).toHaveLength(3000);
  });

  it('gives one shard to a file set within one budget and none to an empty one', () => {
    expect(shardByBudget([{ path: 'a', size: 1 }], DEFAULT_BUDGET, 64)).toEqual({ shards: [['a']], needed: 1, capped: false });
    expect(shardByBudget([], DEFAULT_BUDGET, 64)).toEqual({ shards: [], needed: 0, capped: false });
  });
});

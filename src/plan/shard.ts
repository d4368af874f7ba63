/**
 * Splits a file set into shards balanced by size while keeping folders together where possible.
 *
 * Folders are packed whole (a whole subtree when it fits), largest first into the lightest shard.
 * A folder is split only when it alone is bigger than the split threshold; the threshold starts at
 * a shard's fair share and halves until the heaviest shard is within BALANCE_TOLERANCE of the
 * ideal, so cohesion gives way only as far as balance needs.
 */
import type { FileEntry } from './files.js';

const BALANCE_TOLERANCE = 1.25;

type Weight = (f: FileEntry) => number;
/** Empty files and unchanged lines still cost a worker something. */
const byteWeight: Weight = (f) => Math.max(f.size, 1);
/** Split thresholds tried, as fractions of a shard's fair share; 0 means file by file. */
const THRESHOLD_STEPS = [1, 1 / 2, 1 / 4, 1 / 8, 0];

/** What one worker is given at most: files and bytes (about 4 bytes a token of source). */
export interface WorkerBudget {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_BUDGET: WorkerBudget = { maxFiles: 40, maxBytes: 160_000 };
export const DEFAULT_MAX_WORKERS = 64;

export interface BudgetSharding {
  shards: string[][];
  /** Shards the budget asks for; more than `shards.length` only when the cap was reached. */
  needed: number;
  /** True when `maxWorkers` stopped the count below `needed`, so shards are over budget. */
  capped: boolean;
}

/**
 * As many shards as keep every one within the budget (a shard is over only when one file alone
 * is), at most `maxWorkers`: past it the shards grow beyond the budget and `capped` says so.
 */
export function shardByBudget(files: FileEntry[], budget: WorkerBudget, maxWorkers: number): BudgetSharding {
  const sorted = uniqueSortedByPath(files);
  if (sorted.length === 0) return { shards: [], needed: 0, capped: false };
  // A file's share of a worker: its bytes or its slot, whichever is more, in whole units (a
  // worker is maxBytes × maxFiles of them, so sums stay exact). A shard of at most one worker's
  // worth is within both limits.
  const cost = (f: FileEntry) => Math.max(f.size * budget.maxFiles, budget.maxBytes);
  const sizes = new Map(sorted.map((f) => [f.path, f.size]));
  const fits = (shard: string[]) => shard.length === 1 || shardWithin(shard, sizes, budget);
  const total = sorted.reduce((s, f) => s + cost(f), 0);
  let count = Math.min(sorted.length, Math.max(1, Math.ceil(total / (budget.maxBytes * budget.maxFiles))));
  let shards = shardFiles(sorted, count, cost);
  while (!shards.every(fits) && count < sorted.length) {
    // Past the lower bound the packing, not the total, is what is tight: grow by small steps.
    count = Math.min(sorted.length, count + Math.max(1, Math.floor(count / 32)));
    shards = shardFiles(sorted, count, cost);
  }
  if (count <= maxWorkers) return { shards, needed: count, capped: false };
  return { shards: shardFiles(sorted, maxWorkers, cost), needed: count, capped: true };
}

function shardWithin(shard: string[], sizes: Map<string, number>, budget: WorkerBudget): boolean {
  if (shard.length > budget.maxFiles) return false;
  let bytes = 0;
  for (const p of shard) bytes += sizes.get(p)!;
  return bytes <= budget.maxBytes;
}

/**
 * `shards` non-empty lists of paths (fewer when there are fewer files), each sorted, ordered by
 * their first path, balanced by `cost` (bytes by default). The same input in any order gives the same output.
 */
export function shardFiles(files: FileEntry[], shards: number, weight: Weight = byteWeight): string[][] {
  const sorted = uniqueSortedByPath(files);
  const count = Math.min(Math.max(1, Math.floor(shards)), sorted.length);
  if (count === 0) return [];
  if (count === 1) return [sorted.map((f) => f.path)];
  const tree = buildTree(sorted, weight);
  const fair = tree.weight / count;
  const ideal = sorted.reduce((m, f) => Math.max(m, weight(f)), fair);
  let best: Bin[] | null = null;
  for (const step of THRESHOLD_STEPS) {
    const bins = pack(units(tree, fair * step, weight), count, weight);
    if (!best || heaviest(bins) < heaviest(best)) best = bins;
    if (heaviest(bins) <= BALANCE_TOLERANCE * ideal) break;
  }
  return best!.map((b) => b.files.map((f) => f.path).sort(byString)).sort((a, b) => byString(a[0], b[0]));
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function uniqueSortedByPath(files: FileEntry[]): FileEntry[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return [...byPath.values()].sort((a, b) => byString(a.path, b.path));
}

interface Folder {
  /** Files directly in this folder, sorted by path. */
  files: FileEntry[];
  children: Map<string, Folder>;
  /** Weight of the whole subtree. */
  weight: number;
}

function buildTree(files: FileEntry[], weight: Weight): Folder {
  const root: Folder = { files: [], children: new Map(), weight: 0 };
  for (const f of files) {
    let node = root;
    node.weight += weight(f);
    for (const part of f.path.split('/').slice(0, -1)) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { files: [], children: new Map(), weight: 0 }));
      child.weight += weight(f);
      node = child;
    }
    node.files.push(f);
  }
  return root;
}

function subtreeFiles(node: Folder): FileEntry[] {
  return [...node.files, ...[...node.children.values()].flatMap(subtreeFiles)];
}

/** Groups to pack: a whole subtree when it fits under `threshold`, else its subfolders and its own files. */
function units(node: Folder, threshold: number, weight: Weight): FileEntry[][] {
  if (node.weight <= threshold) return [subtreeFiles(node)];
  return [...[...node.children.values()].flatMap((c) => units(c, threshold, weight)), ...chunk(node.files, threshold, weight)];
}

/** Splits one folder's own files into contiguous runs of about equal weight, none above `threshold` unless a file is. */
function chunk(files: FileEntry[], threshold: number, weight: Weight): FileEntry[][] {
  if (files.length === 0) return [];
  if (threshold <= 0) return files.map((f) => [f]);
  const total = files.reduce((s, f) => s + weight(f), 0);
  const pieces = Math.ceil(total / threshold);
  const target = total / pieces;
  const out: FileEntry[][] = Array.from({ length: pieces }, () => []);
  let before = 0;
  for (const f of files) {
    // A file goes to the piece its midpoint falls in, so runs stay contiguous and even.
    const piece = Math.min(pieces - 1, Math.floor((before + weight(f) / 2) / target));
    out[piece].push(f);
    before += weight(f);
  }
  return out.filter((p) => p.length > 0);
}

interface Bin {
  files: FileEntry[];
  weight: number;
}

const heaviest = (bins: Bin[]): number => Math.max(...bins.map((b) => b.weight));

/** Largest unit first into the lightest bin, then no bin left empty. */
function pack(groups: FileEntry[][], count: number, weight: Weight): Bin[] {
  const sized = groups
    .map((files) => ({ files, weight: files.reduce((s, f) => s + weight(f), 0) }))
    .sort((a, b) => b.weight - a.weight || byString(a.files[0].path, b.files[0].path));
  const bins: Bin[] = Array.from({ length: count }, () => ({ files: [], weight: 0 }));
  const lightest = () => bins.reduce((best, b) => (b.weight < best.weight || (b.weight === best.weight && b.files.length < best.files.length) ? b : best));
  for (const group of sized) {
    const bin = lightest();
    bin.files.push(...group.files);
    bin.weight += group.weight;
  }
  fillEmptyBins(bins, weight);
  return bins;
}

/** Happens when one file outweighs its folder's other files: move the lightest file of the fullest bin. */
function fillEmptyBins(bins: Bin[], weight: Weight): void {
  for (const empty of bins.filter((b) => b.files.length === 0)) {
    const donor = bins.reduce((best, b) => (b.files.length > best.files.length || (b.files.length === best.files.length && b.weight > best.weight) ? b : best));
    const lightestFile = donor.files.reduce((best, f) => (weight(f) < weight(best) || (weight(f) === weight(best) && f.path > best.path) ? f : best));
    donor.files.splice(donor.files.indexOf(lightestFile), 1);
    donor.weight -= weight(lightestFile);
    empty.files.push(lightestFile);
    empty.weight += weight(lightestFile);
  }
}

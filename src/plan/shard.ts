/**
 * Splits a file set into shards balanced by size while keeping folders together where possible.
 *
 * Folders are packed whole (a whole subtree when it fits), largest first into the lightest shard
 * with room for its files. A folder is split only when it alone is bigger than the split threshold
 * (or has more files than a shard may hold); the threshold starts at a shard's fair share and
 * halves until both the heaviest and the lightest shard are within BALANCE_TOLERANCE of the best
 * they can be, so cohesion gives way only as far as balance needs.
 */
import type { FileEntry } from './files.js';

const BALANCE_TOLERANCE = 1.25;

/** Empty files and unchanged lines still cost a worker something. */
const weight = (f: FileEntry): number => Math.max(f.size, 1);
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
 * Shards are balanced by bytes, the budget's file count capping each.
 */
export function shardByBudget(files: FileEntry[], budget: WorkerBudget, maxWorkers: number): BudgetSharding {
  const sorted = uniqueSortedByPath(files);
  if (sorted.length === 0) return { shards: [], needed: 0, capped: false };
  const sizes = new Map(sorted.map((f) => [f.path, f.size]));
  const fits = (shard: string[]) => shard.length === 1 || shardWithin(shard, sizes, budget);
  const shard = (n: number) => shardFiles(sorted, n, budget);
  let count = Math.min(sorted.length, lowerBound(sorted, budget));
  let shards = shard(count);
  while (!shards.every(fits) && count < sorted.length) {
    // Past the lower bound the packing, not the total, is what is tight: grow by small steps.
    count = Math.min(sorted.length, count + Math.max(1, Math.floor(count / 32)));
    shards = shard(count);
  }
  if (count <= maxWorkers) return { shards, needed: count, capped: false };
  return { shards: shard(maxWorkers), needed: count, capped: true };
}

/** Shards no packing can do with fewer: by files, and by bytes with a file over the budget alone in its own. */
function lowerBound(files: FileEntry[], budget: WorkerBudget): number {
  const alone = files.filter((f) => f.size > budget.maxBytes);
  const rest = files.reduce((s, f) => s + (f.size > budget.maxBytes ? 0 : f.size), 0);
  return Math.max(1, Math.ceil(files.length / budget.maxFiles), alone.length + Math.ceil(rest / budget.maxBytes));
}

function shardWithin(shard: string[], sizes: Map<string, number>, budget: WorkerBudget): boolean {
  if (shard.length > budget.maxFiles) return false;
  let bytes = 0;
  for (const p of shard) bytes += sizes.get(p)!;
  return bytes <= budget.maxBytes;
}

/**
 * `shards` non-empty lists of paths (fewer when there are fewer files), each sorted, ordered by
 * their first path, balanced by bytes; with a budget, none above its file count while another
 * shard has room. The same input in any order gives the same output.
 */
export function shardFiles(files: FileEntry[], shards: number, budget?: WorkerBudget): string[][] {
  const sorted = uniqueSortedByPath(files);
  const count = Math.min(Math.max(1, Math.floor(shards)), sorted.length);
  if (count === 0) return [];
  if (count === 1) return [sorted.map((f) => f.path)];
  const tree = buildTree(sorted);
  const target = balanceTarget(sorted.map(weight), count);
  const limit: Limit = { maxFiles: budget?.maxFiles ?? Infinity, maxWeight: budget?.maxBytes ?? Infinity };
  let best: { bins: Bin[]; score: number } | null = null;
  for (const step of THRESHOLD_STEPS) {
    const bins = pack(units(tree, target.fair * step, limit), count, limit);
    const score = imbalance(bins, target, limit);
    if (!best || score < best.score) best = { bins, score };
    if (score <= BALANCE_TOLERANCE) break;
  }
  return best!.bins.map((b) => b.files.map((f) => f.path).sort(byString)).sort((a, b) => byString(a[0], b[0]));
}

interface Target {
  fair: number;
  /** What the heaviest shard weighs at best: the fair share, or the biggest file. */
  top: number;
  /** What the lightest shard weighs at best: the fair share of what files bigger than it leave. */
  bottom: number;
}

function balanceTarget(weights: number[], count: number): Target {
  const total = weights.reduce((s, w) => s + w, 0);
  const fair = total / count;
  const desc = [...weights].sort((a, b) => b - a);
  let rest = total;
  let bins = count;
  // A file heavier than the others' fair share fills a shard alone; the rest share the other shards.
  for (const w of desc) {
    if (bins <= 1 || w <= rest / bins) break;
    rest -= w;
    bins--;
  }
  return { fair, top: Math.max(fair, desc[0]), bottom: rest / bins };
}

/** How far the packing is from the best possible: 1 is perfect, on both the heaviest and the lightest shard. */
function imbalance(bins: Bin[], target: Target, limit: Limit): number {
  const weights = bins.map((b) => b.weight);
  // A bin over the budget is worse than any imbalance.
  const over = bins.filter((b) => b.files.length > limit.maxFiles || (b.files.length > 1 && b.weight > limit.maxWeight)).length;
  return over * 1000 + Math.max(Math.max(...weights) / target.top, target.bottom / Math.max(Math.min(...weights), Number.MIN_VALUE));
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
  /** Files in the whole subtree. */
  count: number;
}

/** What a bin holds at most. */
interface Limit {
  maxFiles: number;
  /** A bin of several files above this is over the budget. */
  maxWeight: number;
}

function buildTree(files: FileEntry[]): Folder {
  const folder = (): Folder => ({ files: [], children: new Map(), weight: 0, count: 0 });
  const root = folder();
  for (const f of files) {
    let node = root;
    const add = (n: Folder) => {
      n.weight += weight(f);
      n.count++;
    };
    add(node);
    for (const part of f.path.split('/').slice(0, -1)) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = folder()));
      add(child);
      node = child;
    }
    node.files.push(f);
  }
  return root;
}

function subtreeFiles(node: Folder): FileEntry[] {
  return [...node.files, ...[...node.children.values()].flatMap(subtreeFiles)];
}

/** Groups to pack: a whole subtree when it fits under `threshold` and the file cap, else its subfolders and its own files. */
function units(node: Folder, threshold: number, limit: Limit): FileEntry[][] {
  if (node.weight <= threshold && node.count <= limit.maxFiles) return [subtreeFiles(node)];
  return [...[...node.children.values()].flatMap((c) => units(c, threshold, limit)), ...chunk(node.files, threshold, limit)];
}

/**
 * Splits one folder's own files into contiguous runs of about equal weight, none above `threshold`
 * (unless a file is) nor the file cap: as many runs as the tighter of the two asks, cut evenly by it.
 */
function chunk(files: FileEntry[], threshold: number, limit: Limit): FileEntry[][] {
  if (files.length === 0) return [];
  if (threshold <= 0) return files.map((f) => [f]);
  const total = files.reduce((s, f) => s + weight(f), 0);
  const byCount = Math.ceil(files.length / limit.maxFiles) > Math.ceil(total / threshold);
  const share = byCount ? () => 1 : weight;
  const pieces = byCount ? Math.ceil(files.length / limit.maxFiles) : Math.ceil(total / threshold);
  const target = (byCount ? files.length : total) / pieces;
  const out: FileEntry[][] = Array.from({ length: pieces }, () => []);
  let before = 0;
  for (const f of files) {
    // A file goes to the piece its midpoint falls in, so runs stay contiguous and even.
    const piece = Math.min(pieces - 1, Math.floor((before + share(f) / 2) / target));
    out[piece].push(f);
    before += share(f);
  }
  return out.filter((p) => p.length > 0);
}

interface Bin {
  files: FileEntry[];
  weight: number;
}

/**
 * Largest unit first into the lightest bin that has room for its files (the bin with the fewest
 * files when none has), then no bin left empty.
 */
function pack(groups: FileEntry[][], count: number, limit: Limit): Bin[] {
  const sized = groups
    .map((files) => ({ files, weight: files.reduce((s, f) => s + weight(f), 0) }))
    .sort((a, b) => b.weight - a.weight || byString(a.files[0].path, b.files[0].path));
  const bins: Bin[] = Array.from({ length: count }, () => ({ files: [], weight: 0 }));
  const lighter = (a: Bin, b: Bin) => a.weight < b.weight || (a.weight === b.weight && a.files.length < b.files.length);
  for (const group of sized) {
    const roomy = bins.filter((b) => b.files.length + group.files.length <= limit.maxFiles);
    const bin = roomy.length
      ? roomy.reduce((best, b) => (lighter(b, best) ? b : best))
      : bins.reduce((best, b) => (b.files.length < best.files.length ? b : best));
    bin.files.push(...group.files);
    bin.weight += group.weight;
  }
  fillEmptyBins(bins);
  return bins;
}

/** Happens when one file outweighs its folder's other files: move the lightest file of the fullest bin. */
function fillEmptyBins(bins: Bin[]): void {
  for (const empty of bins.filter((b) => b.files.length === 0)) {
    const donor = bins.reduce((best, b) => (b.files.length > best.files.length || (b.files.length === best.files.length && b.weight > best.weight) ? b : best));
    const lightestFile = donor.files.reduce((best, f) => (weight(f) < weight(best) || (weight(f) === weight(best) && f.path > best.path) ? f : best));
    donor.files.splice(donor.files.indexOf(lightestFile), 1);
    donor.weight -= weight(lightestFile);
    empty.files.push(lightestFile);
    empty.weight += weight(lightestFile);
  }
}

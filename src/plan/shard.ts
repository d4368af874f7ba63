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
/** Split thresholds tried, as fractions of a shard's fair share; 0 means file by file. */
const THRESHOLD_STEPS = [1, 1 / 2, 1 / 4, 1 / 8, 0];

const FILES_PER_WORKER = 25;
const BYTES_PER_WORKER = 200_000;

/** One worker per ~25 files or ~200 KB, whichever asks for more; at least 1, at most maxParallel. */
export function autoWorkerCount(fileCount: number, totalSize: number, maxParallel: number): number {
  const wanted = Math.max(Math.ceil(fileCount / FILES_PER_WORKER), Math.ceil(totalSize / BYTES_PER_WORKER));
  return Math.max(1, Math.min(wanted, maxParallel, fileCount));
}

/**
 * `shards` non-empty lists of paths (fewer when there are fewer files), each sorted, ordered by
 * their first path. The same input in any order gives the same output.
 */
export function shardFiles(files: FileEntry[], shards: number): string[][] {
  const sorted = uniqueSortedByPath(files);
  const count = Math.min(Math.max(1, Math.floor(shards)), sorted.length);
  if (count === 0) return [];
  if (count === 1) return [sorted.map((f) => f.path)];

  const tree = buildTree(sorted);
  const fair = tree.weight / count;
  const ideal = sorted.reduce((m, f) => Math.max(m, weight(f)), fair);
  let best: Bin[] | null = null;
  for (const step of THRESHOLD_STEPS) {
    const bins = pack(units(tree, fair * step), count);
    if (!best || heaviest(bins) < heaviest(best)) best = bins;
    if (heaviest(bins) <= BALANCE_TOLERANCE * ideal) break;
  }
  return best!.map((b) => b.files.map((f) => f.path).sort(byString)).sort((a, b) => byString(a[0], b[0]));
}

/** Empty files and unchanged lines still cost a worker something. */
const weight = (f: FileEntry): number => Math.max(f.size, 1);
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

function buildTree(files: FileEntry[]): Folder {
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
function units(node: Folder, threshold: number): FileEntry[][] {
  if (node.weight <= threshold) return [subtreeFiles(node)];
  return [...[...node.children.values()].flatMap((c) => units(c, threshold)), ...chunk(node.files, threshold)];
}

/** Splits one folder's own files into contiguous runs of about equal weight, none above `threshold` unless a file is. */
function chunk(files: FileEntry[], threshold: number): FileEntry[][] {
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
function pack(groups: FileEntry[][], count: number): Bin[] {
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

/**
 * The run's findings as a review sees them: one per issue however many workers reported it, each
 * with its fingerprint and its place — inline on the PR's diff, in the sticky comment only (not
 * on the diff, or about no file), or "could not be placed" (a file not in the checkout, a line
 * past its end, a path outside the repository).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SEVERITIES, type Finding, type Severity } from '../../workers/types.js';
import { rangeHolding, rightSideRanges, type LineRange } from './diffHunks.js';
import { fingerprintFinding, normaliseTitle } from './fingerprint.js';

/** Lines apart at most for two workers' findings to count as one. */
const SAME_LINE_SLACK = 2;

export interface ReviewFinding {
  severity: Severity;
  file: string;
  line: number | null;
  title: string;
  detail: string;
  /** Every worker that reported it, in the order they were found. */
  workers: string[];
  fingerprint: string;
  placement: 'inline' | 'sticky' | 'unplaced';
  /** Why it could not be placed, when it could not. */
  reason?: string;
}

export type WorkerFinding = Finding & { workerId: string };

/** One entry per issue reported by several workers: same file, lines at most 2 apart, same normalised title; the highest severity wins. */
export function dedupeFindings(findings: WorkerFinding[]): Omit<ReviewFinding, 'fingerprint' | 'placement'>[] {
  const merged: Omit<ReviewFinding, 'fingerprint' | 'placement'>[] = [];
  const keys: string[] = [];
  const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= SAME_LINE_SLACK);
  for (const f of findings) {
    const key = normaliseTitle(f.title);
    // Across workers only: two findings one worker reported are two things it saw.
    const same = merged.find((m, i) => !m.workers.includes(f.workerId) && m.file === f.file && keys[i] === key && near(m.line, f.line));
    if (!same) {
      merged.push({ severity: f.severity, file: f.file, line: f.line, title: f.title, detail: f.detail, workers: [f.workerId] });
      keys.push(key);
      continue;
    }
    if (!same.workers.includes(f.workerId)) same.workers.push(f.workerId);
    if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(same.severity)) same.severity = f.severity;
    if (!same.detail.trim()) same.detail = f.detail;
  }
  return merged;
}

export interface PlaceFindingsOptions {
  findings: WorkerFinding[];
  repoDir: string;
  /** The PR's files with their patches (`pulls.listFiles`); none outside a PR. */
  diff: Map<string, LineRange[]>;
}

/** The PR's files as `pulls.listFiles` gives them → each file's head-side hunk ranges. */
export function diffRanges(files: { path: string; patch?: string | null }[]): Map<string, LineRange[]> {
  return new Map(files.map((f) => [f.path, rightSideRanges(f.patch)]));
}

export async function placeFindings({ findings, repoDir, diff }: PlaceFindingsOptions): Promise<ReviewFinding[]> {
  const root = await fs.realpath(repoDir);
  const contents = new Map<string, Promise<string[] | null>>();
  const linesOf = (file: string) => {
    if (!contents.has(file)) contents.set(file, readInside(root, file));
    return contents.get(file)!;
  };
  const out: ReviewFinding[] = [];
  for (const f of dedupeFindings(findings)) {
    if (!f.file.trim()) {
      out.push({ ...f, fingerprint: fingerprintFinding('', f.title, null), placement: 'sticky' });
      continue;
    }
    const lines = await linesOf(f.file);
    if (!lines) {
      out.push({ ...f, fingerprint: fingerprintFinding(f.file, f.title, null), placement: 'unplaced', reason: 'the file is not in the checkout' });
      continue;
    }
    if (f.line !== null && (f.line < 1 || f.line > lines.length)) {
      out.push({
        ...f,
        fingerprint: fingerprintFinding(f.file, f.title, null),
        placement: 'unplaced',
        reason: `line ${f.line} is past the end of the file (${lines.length} lines)`,
      });
      continue;
    }
    const text = f.line === null ? null : lines[f.line - 1];
    const onDiff = f.line !== null && rangeHolding(diff.get(f.file) ?? [], f.line) !== undefined;
    out.push({ ...f, fingerprint: fingerprintFinding(f.file, f.title, text), placement: onDiff ? 'inline' : 'sticky' });
  }
  return out;
}

/** The file's lines, or null when it is missing, not a regular file, or resolves outside the repository. */
async function readInside(root: string, file: string): Promise<string[] | null> {
  try {
    const real = await fs.realpath(path.resolve(root, file));
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    if (!(await fs.stat(real)).isFile()) return null;
    const text = await fs.readFile(real, 'utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  } catch {
    return null;
  }
}

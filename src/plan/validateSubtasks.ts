/**
 * The engine's check of a planner's decomposition before any coder runs: a plan that breaks a rule
 * is rejected with one line saying which rule and where, and the run falls back to one coder.
 * Subtasks are named by their position ("subtask 2"), as the report's table numbers them.
 */
import { findCycle } from './buildPlan.js';
import type { Subtask } from './types.js';

export type SubtaskCheck = { ok: true; subtasks: Subtask[] } | { ok: false; reason: string };

export interface SubtaskLimits {
  /** The most subtasks allowed: `--workers` when given, else `max-parallel`. */
  maxSubtasks: number;
}

/** A repository-relative path as git writes it, or why it is not one. */
export function checkPlannedPath(raw: string): { path: string } | { error: string } {
  const p = raw.startsWith('./') ? raw.slice(2) : raw;
  if (!p.trim()) return { error: 'an empty path' };
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)) return { error: `${raw} is an absolute path` };
  const segments = p.split('/');
  if (segments.includes('..')) return { error: `${raw} leaves the repository` };
  if (segments.some((s) => s === '.git')) return { error: `${raw} is inside .git/` };
  if (segments.some((s) => s === '' || s === '.') || p.includes('\\') || p.includes('\0')) {
    return { error: `${raw} is not a plain repository path (use forward slashes, no empty or "." parts)` };
  }
  return { path: p };
}

/** Whether two planned paths name the same file, or one is a folder holding the other. */
const overlaps = (a: string, b: string) => a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);

export function validateSubtasks(subtasks: Subtask[], { maxSubtasks }: SubtaskLimits): SubtaskCheck {
  if (subtasks.length === 0) return { ok: false, reason: 'it has no subtasks' };
  if (subtasks.length > maxSubtasks) {
    return { ok: false, reason: `it has ${subtasks.length} subtasks, more than the ${maxSubtasks} allowed` };
  }
  const byId = new Map<string, number>();
  const cleaned: Subtask[] = [];
  for (const [i, st] of subtasks.entries()) {
    const n = i + 1;
    const id = st.id.trim();
    if (!id) return { ok: false, reason: `subtask ${n} has no id` };
    if (byId.has(id)) return { ok: false, reason: `subtasks ${byId.get(id)} and ${n} share the id ${id}` };
    byId.set(id, n);
    if (!st.title.trim()) return { ok: false, reason: `subtask ${n} has no title` };
    if (st.files.length === 0) return { ok: false, reason: `subtask ${n} names no files` };
    const files: string[] = [];
    for (const raw of st.files) {
      const checked = checkPlannedPath(raw);
      if ('error' in checked) return { ok: false, reason: `subtask ${n} names ${checked.error}` };
      if (!files.includes(checked.path)) files.push(checked.path);
    }
    cleaned.push({ ...st, id, files, dependsOn: [...new Set(st.dependsOn.map((d) => d.trim()))] });
  }
  for (let a = 0; a < cleaned.length; a++) {
    for (let b = a + 1; b < cleaned.length; b++) {
      for (const fa of cleaned[a].files) {
        const fb = cleaned[b].files.find((f) => overlaps(fa, f));
        if (fb !== undefined) {
          const what = fa === fb ? fa : `${fa} and ${fb}`;
          return { ok: false, reason: `${what} ${fa === fb ? 'is' : 'overlap'} in subtasks ${a + 1} and ${b + 1}` };
        }
      }
    }
  }
  for (const [i, st] of cleaned.entries()) {
    const unknown = st.dependsOn.filter((d) => !byId.has(d));
    if (unknown.length) return { ok: false, reason: `subtask ${i + 1} depends on unknown subtask(s) ${unknown.join(', ')}` };
  }
  const cycle = findCycle(cleaned);
  if (cycle) return { ok: false, reason: `subtasks depend on each other in a cycle: ${cycle.map((id) => byId.get(id)).join(' → ')}` };
  return { ok: true, subtasks: cleaned };
}

/**
 * The subtasks in an order that runs and merges: every subtask after the ones it depends on, and
 * otherwise as the planner listed them. Expects an acyclic plan (validateSubtasks first).
 */
export function orderSubtasks(subtasks: Subtask[]): Subtask[] {
  const placed = new Set<string>();
  const out: Subtask[] = [];
  while (out.length < subtasks.length) {
    const next = subtasks.find((st) => !placed.has(st.id) && st.dependsOn.every((d) => placed.has(d)));
    if (!next) throw new Error('orderSubtasks: the subtasks depend on each other in a cycle');
    placed.add(next.id);
    out.push(next);
  }
  return out;
}

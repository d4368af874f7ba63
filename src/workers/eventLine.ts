/** One line of an engine's JSON event stream, checked against that engine's schema; anything else says why. */
import type { z } from 'zod';

export type ParsedEventLine<T> = { ok: true; event: T } | { ok: false; error: string };

export function parseEventLine<S extends z.ZodType>(line: string, schema: S, engine: string): ParsedEventLine<z.output<S>> {
  const text = line.trim();
  if (!text) return { ok: false, error: 'empty line' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `not JSON: ${clipLine(text, 80)}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, error: `not a ${engine} event: ${firstIssue(parsed.error.issues)}` };
}

/** The first concrete problem, looking inside unions (their first branch is the known shape). */
function firstIssue(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors[0]?.length) return firstIssue(issue.errors[0], path);
  return `${path.map(String).join('.') || '(root)'}: ${issue.message}`;
}

/** One line of at most `max` characters, whitespace collapsed. */
export function clipLine(text: string, max = 100): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

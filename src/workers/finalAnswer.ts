/** A worker's final answer, checked against the role schema whichever engine produced it. */
import { redact } from '../util/redact.js';
import type { Role } from '../plan/types.js';
import { answerSchemaFor, type FinalAnswer } from './types.js';

export type AnswerRead = { answer: FinalAnswer | null; answerError?: string };

/** Checked with the role's own schema (a planner's answer carries subtasks). */
export function checkFinalAnswer(json: unknown, role: Role): AnswerRead {
  const parsed = answerSchemaFor(role).safeParse(json);
  if (parsed.success) return { answer: parsed.data };
  const issue = parsed.error.issues[0];
  return { answer: null, answerError: `the final answer does not match the schema: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
}

export function parseFinalAnswerText(text: string, role: Role): AnswerRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { answer: null, answerError: `the final answer is not JSON: ${oneLine(text).slice(0, 120)}` };
  }
  return checkFinalAnswer(json, role);
}

export function oneLine(text: string): string {
  return redact(text).replace(/\s+/g, ' ').trim();
}

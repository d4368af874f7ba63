/**
 * What a maintainer said about one of the swarm's inline findings: 👎 or `/swarm dismiss [reason]`
 * dismisses it, 👍 or `/swarm confirm` confirms it. A verdict outlives the comment and the line it
 * was given on: it follows the finding by `findingKey` (same normalised title, same path), so a
 * moved or edited line (a new fingerprint) or a deleted comment does not bring a dismissed finding
 * back. The shape is shared by the sticky state block, results.json and the `feedback` memory.
 */
import { z } from 'zod';

export const VERDICTS = ['dismissed', 'confirmed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Longest title, reason and code line kept: verdicts travel in the sticky comment's state block. */
export const VERDICT_TEXT_LIMITS = { title: 80, reason: 100, codeLine: 120 } as const;

export const findingVerdictSchema = z.object({
  /** 16 hex of sha256 over the path and the normalised title (`findingKey` in publish/fingerprint). */
  findingKey: z.string().regex(/^[0-9a-f]{16}$/),
  /** The fingerprint of the comment the verdict was given on. */
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  title: z.string(),
  /** The finding's severity: the only category a finding has. */
  severity: z.string(),
  path: z.string(),
  line: z.number().int().nullable(),
  /** The commented line's text (the last line of the comment's diff hunk), when GitHub gave it; the state block keeps none. */
  codeLine: z.string().nullable(),
  verdict: z.enum(VERDICTS),
  /** Empty when none was given (a reaction never has one). */
  reason: z.string(),
  /** The maintainer's login. */
  by: z.string().min(1),
  /** When they gave it (ISO time). */
  at: z.string(),
  pr: z.number().int().positive(),
  /** The swarm's inline comment the verdict was given on. */
  commentId: z.number().int().positive(),
  /** A reaction, a reply in the finding's thread, or a PR comment naming the finding's short id. */
  via: z.enum(['reaction', 'reply', 'comment']),
});
export type FindingVerdict = z.infer<typeof findingVerdictSchema>;

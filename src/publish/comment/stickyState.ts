/**
 * The hidden, versioned state block the sticky comment carries for the next run on the same pull
 * request: what was reviewed last, which run and artifact hold its results, the findings still
 * open, and a plan waiting for `/swarm approve`. It sits in an HTML comment (invisible when
 * rendered) as base64 JSON, so no text a model wrote can end the comment early or forge a field.
 *
 * Reading never throws: a missing block is a fresh start, a garbled or unknown-version block is a
 * fresh start with a note saying so.
 */
import { z } from 'zod';

export const STATE_VERSION = 1;
const OPEN = '<!-- codex-swarm:state ';
const CLOSE = ' -->';

const OpenFinding = z.object({
  fingerprint: z.string().min(1),
  file: z.string(),
  line: z.number().int().nullable(),
  title: z.string(),
  severity: z.string(),
  workers: z.array(z.string()),
  /** The id of its inline review comment, when it has one. */
  commentId: z.number().int().nullable(),
});
export type OpenFinding = z.infer<typeof OpenFinding>;

export const StickyState = z.object({
  version: z.literal(STATE_VERSION),
  /** The head commit the last run reviewed. */
  headSha: z.string().nullable(),
  runId: z.string().nullable(),
  runAttempt: z.number().int().nullable(),
  /** The last run's artifact, for `/swarm retry`. */
  artifactId: z.number().int().nullable(),
  artifactName: z.string().nullable(),
  openFindings: z.array(OpenFinding),
  /** A plan posted by `/swarm plan`, waiting for `/swarm approve`: the plan as JSON and its sha256. */
  pendingPlan: z.object({ json: z.string(), sha256: z.string() }).nullable(),
});
export type StickyState = z.infer<typeof StickyState>;

export function emptyState(): StickyState {
  return { version: STATE_VERSION, headSha: null, runId: null, runAttempt: null, artifactId: null, artifactName: null, openFindings: [], pendingPlan: null };
}

export type ReadState = { state: StickyState; note: string | null };

/** The state a comment body carries; a fresh state (with a note when a block was there but unreadable) otherwise. */
export function readStickyState(body: string | null | undefined): ReadState {
  const start = body?.lastIndexOf(OPEN) ?? -1;
  if (!body || start < 0) return { state: emptyState(), note: null };
  const end = body.indexOf(CLOSE, start + OPEN.length);
  const encoded = end < 0 ? '' : body.slice(start + OPEN.length, end).trim();
  try {
    const raw: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    const parsed = StickyState.safeParse(raw);
    if (parsed.success) return { state: parsed.data, note: null };
    const version = typeof raw === 'object' && raw && 'version' in raw ? String(raw.version) : 'none';
    return { state: emptyState(), note: `the previous run's state block was not readable (version ${version}); starting fresh` };
  } catch {
    return { state: emptyState(), note: "the previous run's state block was garbled; starting fresh" };
  }
}

/** The block to append to a comment body. */
export function renderStickyState(state: StickyState): string {
  const checked = StickyState.parse(state);
  return `${OPEN}${Buffer.from(JSON.stringify(checked), 'utf8').toString('base64')}${CLOSE}`;
}

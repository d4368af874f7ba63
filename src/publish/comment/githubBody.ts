/**
 * What every comment and issue body the action writes goes through: its hidden markers first (so
 * the bot finds its own writing again and ignores itself), secrets redacted, and GitHub's size cap
 * checked before sending, since an oversized body only earns a 422.
 */
import { redact } from '../../util/redact.js';
import { COMMENT_MAX_CHARS } from '../report/markdownReport.js';

/** The body as sent: each marker it lacks goes first, one per line; secrets redacted. */
export function markedBody(body: string, markers: readonly string[]): string {
  const missing = markers.filter((m) => !body.includes(m));
  return redact(missing.length ? `${missing.join('\n')}\n${body}` : body);
}

/** Why GitHub would refuse the body, or null when it fits. GitHub counts characters, not UTF-16 units. */
export function oversizeReason(body: string): string | null {
  const chars = Array.from(body).length;
  return chars > COMMENT_MAX_CHARS ? `the body has ${chars} characters, more than the ${COMMENT_MAX_CHARS} GitHub accepts` : null;
}

/** An API error as one line for a warning. */
export function describeError(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** What the bot writes carries, so it can find its own comments again and ignore itself. */
/**
 * Hidden markers. Every comment and issue the action writes carries SELF_MARKER, so the bot
 * ignores itself; the ones it finds again also carry a marker of their kind, and finders match
 * that one (plus the bot's login), so a help reply is never mistaken for the sticky comment.
 * `hasSelfMarker` knows every `<!-- codex-swarm… -->` form.
 */
export const SELF_MARKER = '<!-- codex-swarm -->';
/** The one comment per PR that shows the run's progress and report. */
export const STICKY_MARKER = '<!-- codex-swarm:sticky -->';
/** The tracking issue of scheduled and dispatched audits. */
export const AUDIT_MARKER = '<!-- codex-swarm:audit -->';
/** The login GITHUB_TOKEN writes as. It cannot call GET /user, so the login is known, not asked. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export function hasSelfMarker(body: string): boolean {
  return /<!--\s*codex-swarm\b/.test(body);
}

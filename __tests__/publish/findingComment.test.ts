/** An inline finding comment: its last line (short id and the replies it takes), and the comment read back. */
import { fingerprintFinding } from '../../src/publish/review/fingerprint.js';
import { findingCommentBody, readFindingComment, repliesLine, type ReviewCommentData } from '../../src/publish/review/inlineComments.js';
import type { ReviewFinding } from '../../src/publish/review/placeFindings.js';

const f: ReviewFinding = {
  severity: 'medium',
  file: 'src/a.js',
  line: 3,
  title: 'Unsafe <b>html</b> in `render` for @team (#12) *now*',
  detail: 'why',
  workers: ['reviewer-1'],
  fingerprint: fingerprintFinding('src/a.js', 'Unsafe', 'x'),
  placement: 'inline',
};
const asListed = (body: string, over: Partial<ReviewCommentData> = {}): ReviewCommentData => ({
  id: 5,
  body,
  user: { login: 'github-actions[bot]', type: 'Bot' },
  path: 'src/a.js',
  line: 3,
  original_line: 3,
  diff_hunk: '@@ -1,2 +1,3 @@\n a\n+b\n+  render(html);',
  created_at: '2026-01-01T00:00:00Z',
  html_url: 'https://github.com/o/r/pull/7#discussion_r5',
  reactions: { '+1': 1, '-1': 0 },
  ...over,
});

test("ends with one line: the short id, the replies it takes and the PR-comment form with the id, in the workflow's phrase", () => {
  const id = f.fingerprint.slice(0, 8);
  const body = findingCommentBody(f);
  expect(body.trim().split('\n').at(-1)).toBe(
    `<sub>\`${id}\` · reply \`/swarm fix\`, \`/swarm explain\` or \`/swarm dismiss [reason]\` · or comment on the PR: \`/swarm fix ${id}\`</sub>`,
  );
  expect(findingCommentBody(f, '@codex').trim().split('\n').at(-1)).toBe(repliesLine(f.fingerprint, '@codex'));
  expect(repliesLine(f.fingerprint, '@codex')).toContain(`\`@codex fix ${id}\``);
});

test('reads its own comment back: fingerprint, place, title and severity as written, the commented line from the diff hunk', () => {
  expect(readFindingComment(asListed(findingCommentBody(f)), 'github-actions[bot]')).toEqual({
    commentId: 5,
    fingerprint: f.fingerprint,
    path: 'src/a.js',
    line: 3,
    startLine: null,
    currentLine: 3,
    title: f.title,
    severity: 'medium',
    codeLine: '  render(html);',
    body: findingCommentBody(f),
    url: 'https://github.com/o/r/pull/7#discussion_r5',
    createdAt: '2026-01-01T00:00:00Z',
    thumbs: { up: 1, down: 0 },
  });
  // Outdated: the line it was posted on; a removed line is not the code; no roll-up.
  const outdated = readFindingComment(
    asListed(findingCommentBody(f), { line: null, diff_hunk: '@@ -1 +1 @@\n-gone', reactions: undefined }),
    'github-actions[bot]',
  );
  expect(outdated).toMatchObject({ line: 3, currentLine: null, codeLine: null, thumbs: null });
});

test("is not one of the bot's findings when someone else wrote it, it is a reply, or it has no marker", () => {
  expect(readFindingComment(asListed(findingCommentBody(f), { user: { login: 'mallory', type: 'User' } }), 'github-actions[bot]')).toBeNull();
  expect(readFindingComment(asListed(findingCommentBody(f), { in_reply_to_id: 4 }), 'github-actions[bot]')).toBeNull();
  expect(readFindingComment(asListed('no marker'), 'github-actions[bot]')).toBeNull();
});

import { fixReplyBody, MAX_PATCH_CHARS } from '../../src/publish/review/fixReply.js';

const PATCH = 'diff --git a/src/db.js b/src/db.js\n--- a/src/db.js\n+++ b/src/db.js\n@@ -3 +3 @@\n-  return db.query(q);\n+  return await db.query(q);\n';
const base = { shortId: '1edf69d5', workerId: 'coder-1', summary: 'Awaited the query for @bob.', why: null, patch: PATCH, applied: null };

test('a suggestion: the heading, the summary (no mention), the block, how to take it', () => {
  const body = fixReplyBody({ ...base, suggestion: '```suggestion\n  return await db.query(q);\n```' });
  expect(body).toContain('🛠️ **codex-swarm fix** for `1edf69d5` by `coder-1`:');
  expect(body).toContain('@&#8203;bob');
  expect(body).toContain('```suggestion\n  return await db.query(q);\n```');
  expect(body).not.toContain('<details>');
});

test('no suggestion: why, then the patch folded with its size, and what apply did', () => {
  const body = fixReplyBody({
    ...base,
    suggestion: null,
    why: 'reaches beyond the lines this comment covers',
    applied: '**Changes:** apply: pushed abc1234 to `feature`',
  });
  expect(body).toContain('The change reaches beyond the lines this comment covers: here is the patch');
  expect(body).toContain('<details><summary>patch: 1 file, +1 −1</summary>\n\n```diff\ndiff --git a/src/db.js b/src/db.js');
  expect(body.trimEnd().endsWith('**Changes:** apply: pushed abc1234 to `feature`')).toBe(true);
});

test('a patch too long for a comment is named, not posted; a coder that changed nothing says so', () => {
  const long = PATCH + `+${'x'.repeat(MAX_PATCH_CHARS)}\n`;
  expect(fixReplyBody({ ...base, suggestion: null, why: 'x', patch: long })).toMatch(/too long for a comment: it is in the job log/);
  expect(fixReplyBody({ ...base, suggestion: null, patch: '' })).toMatch(/^🛠️ \*\*codex-swarm fix\*\* for `1edf69d5` by `coder-1`: nothing changed\./);
});

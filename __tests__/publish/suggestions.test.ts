import { diffRanges } from '../../src/publish/review/placeFindings.js';
import { patchHunks, suggestionComments } from '../../src/publish/review/suggestions.js';

const PATCH = [
  'diff --git a/src/a.js b/src/a.js',
  'index 1..2 100644',
  '--- a/src/a.js',
  '+++ b/src/a.js',
  '@@ -2,2 +2,2 @@',
  ' keep',
  '-const x = eval(t);',
  '+const x = JSON.parse(t);',
  '@@ -30 +30 @@',
  '-far away',
  '+changed',
  'diff --git a/src/new.js b/src/new.js',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/src/new.js',
  '@@ -0,0 +1 @@',
  '+hello',
  '',
].join('\n');

test('a patch read as in-place hunks: the head lines each replaces and what replaces them', () => {
  expect(patchHunks(PATCH)).toEqual([
    { file: 'src/a.js', start: 2, end: 3, replacement: ['keep', 'const x = JSON.parse(t);'] },
    { file: 'src/a.js', start: 30, end: 30, replacement: ['changed'] },
  ]);
});

test('only hunks inside the PR diff become suggestion comments, as a multi-line range', () => {
  const diff = diffRanges([{ path: 'src/a.js', patch: '@@ -1,3 +1,4 @@\n a\n+b\n c\n d' }]);
  const comments = suggestionComments(PATCH, 'coder-1', diff);
  expect(comments).toHaveLength(1);
  expect(comments[0]).toMatchObject({ path: 'src/a.js', start_line: 2, line: 3, side: 'RIGHT', start_side: 'RIGHT' });
  expect(comments[0].body).toContain('```suggestion\nkeep\nconst x = JSON.parse(t);\n```');
  expect(comments[0].body).toContain('`coder-1`');
});

test('backticks in the replacement get a longer fence', () => {
  const patch = ['diff --git a/r.md b/r.md', '--- a/r.md', '+++ b/r.md', '@@ -1 +1 @@', '-x', '+```js'].join('\n');
  const [c] = suggestionComments(patch, 'documenter-1', diffRanges([{ path: 'r.md', patch: '@@ -1 +1 @@' }]));
  expect(c.body).toContain('````suggestion\n```js\n````');
});

/**
 * `/swarm fix` as a suggestion: the block, committed as GitHub commits a suggestion (the commented
 * lines replaced by the block's lines), must give the file exactly what the coder made it. The
 * coder's patch is real `git diff` output.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fixSuggestion, type CommentedLines } from '../../src/publish/review/fixSuggestion.js';
import { makeRepo, sh, tempDirs } from '../workers/gitRepo.js';

const temp = tempDirs();
afterEach(temp.removeAll);

const ORIGINAL = [
  'import db from "./db";',
  '',
  'export function find(id) {',
  '  const q = `SELECT * FROM orders WHERE id = ${id}`;',
  '  return db.query(q);',
  '}',
  '',
  'export const limit = 10;',
  '',
].join('\n');

/** The coder's change as `git diff` gives it (after `files` are written over the original). */
async function coderPatch(files: Record<string, string>): Promise<string> {
  const repo = temp.track(await makeRepo({ 'src/orders.js': ORIGINAL, 'src/other.js': 'x\n' }));
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(repo, name), text);
  return sh(repo, 'git', ['diff', '--no-color', '--no-ext-diff']);
}

/** GitHub's commit of a suggestion: lines start_line..line replaced by the block's lines. */
function commitSuggestion(fileText: string, at: CommentedLines, block: string): string {
  const m = /^(`{3,})suggestion\n([\s\S]*?)\1$/.exec(block);
  if (!m) throw new Error(`not a suggestion block: ${block}`);
  const replacement = m[2] === '' ? [] : m[2].replace(/\n$/, '').split('\n');
  const lines = fileText.split('\n');
  const first = at.startLine ?? at.line;
  lines.splice(first - 1, at.line - first + 1, ...replacement);
  return lines.join('\n');
}

const edit = (fn: (lines: string[]) => void) => {
  const lines = ORIGINAL.split('\n');
  fn(lines);
  return lines.join('\n');
};

test.each<[string, CommentedLines, string]>([
  [
    'one line changed under a one-line comment',
    { path: 'src/orders.js', startLine: null, line: 4 },
    edit((l) => (l[3] = "  const q = 'SELECT * FROM orders WHERE id = ?';")),
  ],
  [
    'lines changed, removed and added inside a range',
    { path: 'src/orders.js', startLine: 3, line: 6 },
    edit((l) => l.splice(2, 4, 'export function find(id) {', '  // parameterised', "  return db.query('SELECT * FROM orders WHERE id = ?', [id]);", '}')),
  ],
  ['every commented line removed (an empty suggestion)', { path: 'src/orders.js', startLine: 7, line: 8 }, edit((l) => l.splice(6, 2))],
  ['lines added right after the commented one', { path: 'src/orders.js', startLine: null, line: 5 }, edit((l) => l.splice(5, 0, '  // checked above'))],
  [
    'lines added right before it',
    { path: 'src/orders.js', startLine: null, line: 4 },
    edit((l) => l.splice(3, 0, '  if (!Number.isInteger(id)) throw new Error("id");')),
  ],
  ['a line that holds a code fence', { path: 'src/orders.js', startLine: null, line: 8 }, edit((l) => (l[7] = 'export const fence = "```";'))],
  ['a line made empty (not removed)', { path: 'src/orders.js', startLine: null, line: 8 }, edit((l) => (l[7] = ''))],
])("%s: committed as GitHub does, the suggestion gives the coder's file", async (_, at, coderFile) => {
  const patch = await coderPatch({ 'src/orders.js': coderFile });
  const block = fixSuggestion(patch, at, ORIGINAL);
  expect(block).not.toBeNull();
  expect(commitSuggestion(ORIGINAL, at, block!)).toBe(coderFile);
});

test('the fence outlasts any backtick run in the lines', async () => {
  const coderFile = edit((l) => (l[7] = 'export const fence = "```";'));
  const block = fixSuggestion(await coderPatch({ 'src/orders.js': coderFile }), { path: 'src/orders.js', startLine: null, line: 8 }, ORIGINAL);
  expect(block).toBe('````suggestion\nexport const fence = "```";\n````');
});

test.each<[string, CommentedLines, Record<string, string>, string?]>([
  [
    'a change outside the commented lines',
    { path: 'src/orders.js', startLine: null, line: 4 },
    { 'src/orders.js': edit((l) => (l[7] = 'export const limit = 20;')) },
  ],
  [
    'a change inside and one outside',
    { path: 'src/orders.js', startLine: 3, line: 5 },
    { 'src/orders.js': edit((l) => ((l[3] = '  const q = 1;'), (l[0] = 'import db from "./database";'))) },
  ],
  ['an insertion two lines below', { path: 'src/orders.js', startLine: null, line: 4 }, { 'src/orders.js': edit((l) => l.splice(5, 0, '// later')) }],
  ['another file changed too', { path: 'src/orders.js', startLine: null, line: 4 }, { 'src/orders.js': edit((l) => (l[3] = '  x;')), 'src/other.js': 'y\n' }],
  ['only another file changed', { path: 'src/orders.js', startLine: null, line: 4 }, { 'src/other.js': 'y\n' }],
  ['nothing changed', { path: 'src/orders.js', startLine: null, line: 4 }, {}],
  ['the last newline removed', { path: 'src/orders.js', startLine: null, line: 8 }, { 'src/orders.js': ORIGINAL.replace(/\n$/, '') }],
  [
    'a patch made against other content',
    { path: 'src/orders.js', startLine: null, line: 4 },
    { 'src/orders.js': edit((l) => (l[3] = '  x;')) },
    ORIGINAL.replace('SELECT *', 'SELECT id'),
  ],
])('no suggestion for %s: the caller posts the patch', async (_, at, files, head = ORIGINAL) => {
  expect(fixSuggestion(await coderPatch(files), at, head)).toBeNull();
});

test('no suggestion for a new file or a rename', () => {
  const created = [
    'diff --git a/src/orders.js b/src/orders.js',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/src/orders.js',
    '@@ -0,0 +1 @@',
    '+x',
    '',
  ].join('\n');
  expect(fixSuggestion(created, { path: 'src/orders.js', startLine: null, line: 1 }, '')).toBeNull();
  const renamed = [
    'diff --git a/src/o.js b/src/orders.js',
    'similarity index 90%',
    'rename from src/o.js',
    'rename to src/orders.js',
    '--- a/src/o.js',
    '+++ b/src/orders.js',
    '@@ -1 +1 @@',
    '-a',
    '+b',
    '',
  ].join('\n');
  expect(fixSuggestion(renamed, { path: 'src/orders.js', startLine: null, line: 1 }, 'a\n')).toBeNull();
});

import { rangeHolding, rightSideRanges } from '../../src/publish/review/diffHunks.js';
import { fingerprintFinding, normaliseTitle } from '../../src/publish/review/fingerprint.js';

const PATCH = ['@@ -1,3 +1,4 @@', ' a', '+b', ' c', ' d', '@@ -20 +21,0 @@', '-gone', '@@ -40,2 +41,3 @@ function f() {', ' x', '+y', ' z'].join('\n');

test('the head-side ranges of each hunk, a deletion-only hunk holding none', () => {
  expect(rightSideRanges(PATCH)).toEqual([
    { start: 1, end: 4 },
    { start: 41, end: 43 },
  ]);
  expect(rightSideRanges('@@ -1 +1 @@\n-a\n+b')).toEqual([{ start: 1, end: 1 }]);
  expect(rightSideRanges(undefined)).toEqual([]);
});

test('a line, or a range of lines, is on the diff only inside one hunk', () => {
  const ranges = rightSideRanges(PATCH);
  expect(rangeHolding(ranges, 4)).toEqual({ start: 1, end: 4 });
  expect(rangeHolding(ranges, 5)).toBeUndefined();
  expect(rangeHolding(ranges, 41, 43)).toBeDefined();
  expect(rangeHolding(ranges, 3, 41)).toBeUndefined();
});

test('fingerprints survive a line shift, re-indenting, numbers and punctuation in the title; not another line or title', () => {
  expect(normaliseTitle('Unsafe input (line 12)!')).toBe('unsafe input line');
  const fp = fingerprintFinding('src/a.js', 'SQL injection at line 3', "db.query('x' + c)");
  expect(fp).toMatch(/^[0-9a-f]{16}$/);
  expect(fingerprintFinding('src/a.js', 'SQL Injection at line 9.', "    db.query('x' +  c)")).toBe(fp);
  expect(fingerprintFinding('src/a.js', 'SQL injection', "db.query('y' + c)")).not.toBe(fp);
  expect(fingerprintFinding('src/b.js', 'SQL injection', "db.query('x' + c)")).not.toBe(fp);
  expect(fingerprintFinding('src/a.js', 'XSS', "db.query('x' + c)")).not.toBe(fp);
});

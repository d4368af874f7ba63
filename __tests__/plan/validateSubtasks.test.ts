import { checkPlannedPath, orderSubtasks, validateSubtasks } from '../../src/plan/validateSubtasks.js';
import type { Subtask } from '../../src/plan/types.js';

const st = (id: string, files: string[], dependsOn: string[] = []): Subtask => ({ id, title: `part ${id}`, instructions: `do ${id}`, files, dependsOn });
const check = (subtasks: Subtask[], maxSubtasks = 4) => validateSubtasks(subtasks, { maxSubtasks });
const reason = (subtasks: Subtask[], maxSubtasks = 4) => {
  const r = check(subtasks, maxSubtasks);
  return r.ok ? null : r.reason;
};

describe('validateSubtasks', () => {
  it('accepts disjoint subtasks with known, acyclic dependencies, tidying paths and ids', () => {
    const r = check([{ ...st('a', ['./src/a.ts', 'src/a.ts']), id: ' a ' }, st('b', ['src/b.ts'], ['a']), st('c', ['docs/new file.md'], ['a', 'b', 'a'])]);
    expect(r).toEqual({
      ok: true,
      subtasks: [st('a', ['src/a.ts']), st('b', ['src/b.ts'], ['a']), st('c', ['docs/new file.md'], ['a', 'b'])],
    });
  });

  it('rejects an empty plan', () => {
    expect(reason([])).toBe('it has no subtasks');
  });

  it('rejects more subtasks than the cap', () => {
    expect(reason([st('a', ['a']), st('b', ['b']), st('c', ['c'])], 2)).toBe('it has 3 subtasks, more than the 2 allowed');
    expect(reason([st('a', ['a']), st('b', ['b'])], 2)).toBeNull();
  });

  it('rejects a file in two subtasks, naming it and both subtasks', () => {
    expect(reason([st('1', ['src/a.ts', 'src/x.ts']), st('2', ['src/b.ts', './src/a.ts'])])).toBe('src/a.ts is in subtasks 1 and 2');
  });

  it('rejects a folder in one subtask holding a file of another', () => {
    expect(reason([st('1', ['src/b.ts']), st('2', ['lib']), st('3', ['lib/util/c.ts'])])).toBe('lib and lib/util/c.ts overlap in subtasks 2 and 3');
    // A shared prefix that is not a folder is no overlap.
    expect(reason([st('1', ['src/a']), st('2', ['src/ab.ts'])])).toBeNull();
  });

  it('rejects a subtask without files', () => {
    expect(reason([st('1', ['a']), st('2', [])])).toBe('subtask 2 names no files');
  });

  it.each([
    ['../outside.ts', 'subtask 1 names ../outside.ts leaves the repository'],
    ['src/../../etc/passwd', 'subtask 1 names src/../../etc/passwd leaves the repository'],
    ['/etc/passwd', 'subtask 1 names /etc/passwd is an absolute path'],
    ['C:\\x.ts', 'subtask 1 names C:\\x.ts is an absolute path'],
    ['.git/hooks/pre-commit', 'subtask 1 names .git/hooks/pre-commit is inside .git/'],
    ['vendor/lib/.git/config', 'subtask 1 names vendor/lib/.git/config is inside .git/'],
    ['src//a.ts', 'subtask 1 names src//a.ts is not a plain repository path (use forward slashes, no empty or "." parts)'],
    ['src\\a.ts', 'subtask 1 names src\\a.ts is not a plain repository path (use forward slashes, no empty or "." parts)'],
    ['  ', 'subtask 1 names an empty path'],
  ])('rejects the path %j', (p, why) => {
    expect(reason([st('1', [p])])).toBe(why);
  });

  it('rejects duplicate and missing ids', () => {
    expect(reason([st('x', ['a']), st('x', ['b'])])).toBe('subtasks 1 and 2 share the id x');
    expect(reason([st(' ', ['a'])])).toBe('subtask 1 has no id');
  });

  it('rejects an unknown dependency', () => {
    expect(reason([st('a', ['a'], ['zz'])])).toBe('subtask 1 depends on unknown subtask(s) zz');
  });

  it('rejects a cycle, by subtask number', () => {
    expect(reason([st('a', ['a'], ['c']), st('b', ['b'], ['a']), st('c', ['c'], ['b'])])).toBe('subtasks depend on each other in a cycle: 1 → 3 → 2 → 1');
    expect(reason([st('a', ['a'], ['a'])])).toBe('subtasks depend on each other in a cycle: 1 → 1');
  });
});

describe('checkPlannedPath', () => {
  it('keeps names git can hold, new files included', () => {
    expect(checkPlannedPath('src/ünï code/-dash.ts')).toEqual({ path: 'src/ünï code/-dash.ts' });
    expect(checkPlannedPath('./README.md')).toEqual({ path: 'README.md' });
    expect(checkPlannedPath('.github/workflows/ci.yml')).toEqual({ path: '.github/workflows/ci.yml' });
  });
});

describe('orderSubtasks', () => {
  it('puts every subtask after its dependencies, otherwise keeping the planner order', () => {
    const ordered = orderSubtasks([st('ui', ['ui'], ['api']), st('docs', ['docs']), st('api', ['api'], ['db']), st('db', ['db'])]);
    expect(ordered.map((s) => s.id)).toEqual(['docs', 'db', 'api', 'ui']);
    expect(orderSubtasks([st('a', ['a']), st('b', ['b'])]).map((s) => s.id)).toEqual(['a', 'b']);
  });
});

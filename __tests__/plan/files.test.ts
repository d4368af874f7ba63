import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changedFilesAsFileSet, filterFiles, listFiles, listRepositoryFiles, unmatchedIncludes } from '../../src/plan/files.js';

const paths = (files: { path: string }[]) => files.map((f) => f.path).sort();

describe('listRepositoryFiles', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'plan-files-'));
    git('init', '-q');
    const write = (p: string, content: string) => {
      mkdirSync(path.dirname(path.join(repo, p)), { recursive: true });
      writeFileSync(path.join(repo, p), content);
    };
    write('src/a.ts', 'x'.repeat(10));
    write('src/with space.ts', 'abc');
    write('docs/ünïcödé.md', 'hello');
    write('-leading-dash.txt', '');
    write('gone.txt', 'deleted later');
    write('untracked.txt', 'not added');
    git('add', '--', 'src', 'docs', '-leading-dash.txt', 'gone.txt');
    // A gitlink (submodule entry) is tracked but is a folder, not a file.
    mkdirSync(path.join(repo, 'sub'));
    git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},sub`);
    unlinkSync(path.join(repo, 'gone.txt'));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('lists tracked files with sizes, whatever their names, without submodules, missing or untracked files', async () => {
    const files = await listRepositoryFiles(repo);
    expect(files.sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual([
      { path: '-leading-dash.txt', size: 0 },
      { path: 'docs/ünïcödé.md', size: 5 },
      { path: 'src/a.ts', size: 10 },
      { path: 'src/with space.ts', size: 3 },
    ]);
  });

  it("listFiles takes a pull request's changed files, except for audit which covers the repository", async () => {
    const changedFiles = [{ path: 'src/a.ts', changes: 4 }];
    expect(await listFiles({ repoDir: repo, command: 'review', changedFiles })).toEqual({
      files: [{ path: 'src/a.ts', size: 4 }],
      fileSource: 'pull-request',
    });
    const audit = await listFiles({ repoDir: repo, command: 'audit', changedFiles });
    expect(audit.fileSource).toBe('repository');
    expect(audit.files).toHaveLength(4);
    expect((await listFiles({ repoDir: repo, command: 'test' })).fileSource).toBe('repository');
  });
});

describe('changedFilesAsFileSet', () => {
  it('uses the change counts as sizes and leaves out removed files', () => {
    expect(
      changedFilesAsFileSet([
        { path: 'a.ts', changes: 12, status: 'modified' },
        { path: 'b.ts', status: 'added' },
        { path: 'old.ts', changes: 30, status: 'removed' },
      ]),
    ).toEqual([
      { path: 'a.ts', size: 12 },
      { path: 'b.ts', size: 0 },
    ]);
  });
});

describe('filterFiles', () => {
  const files = [
    'src/api.ts',
    'src/util/x.ts',
    'src/util/x.test.ts',
    'srcs/other.ts',
    '.github/workflows/ci.yml',
    'docs/read me.md',
    '-dash.md',
    'README.md',
  ].map((p) => ({ path: p, size: 1 }));

  it('keeps everything without globs', () => {
    expect(filterFiles(files, [])).toHaveLength(files.length);
  });

  it('treats a bare folder name as everything under it, and nothing in a folder that only shares its prefix', () => {
    expect(paths(filterFiles(files, ['src']))).toEqual(['src/api.ts', 'src/util/x.test.ts', 'src/util/x.ts']);
    expect(paths(filterFiles(files, ['./src/util/']))).toEqual(['src/util/x.test.ts', 'src/util/x.ts']);
  });

  it('matches exact file names, including spaces and leading dashes', () => {
    expect(paths(filterFiles(files, ['docs/read me.md', '-dash.md']))).toEqual(['-dash.md', 'docs/read me.md']);
  });

  it('matches dotfiles with wildcards, and * stays within one folder', () => {
    expect(paths(filterFiles(files, ['**/*.yml']))).toEqual(['.github/workflows/ci.yml']);
    expect(paths(filterFiles(files, ['*.md']))).toEqual(['-dash.md', 'README.md']);
  });

  it('excludes with a leading !, also a bare folder', () => {
    expect(paths(filterFiles(files, ['src/**', '!**/*.test.ts']))).toEqual(['src/api.ts', 'src/util/x.ts']);
    expect(paths(filterFiles(files, ['!src']))).toEqual(paths(files.filter((f) => !f.path.startsWith('src/'))));
  });

  it('names the include patterns that matched nothing', () => {
    expect(unmatchedIncludes(files, ['src', 'lib/**', '!src/api.ts', 'nope.ts'])).toEqual(['lib/**', 'nope.ts']);
  });
});

/** The local CLI in-process, with the codex stand-in: arguments, run folder, summary, exit codes, memory. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { execa } from 'execa';
import { scratchDirFor } from '../../src/cli/leftovers.js';
import { runCli, type CliIO } from '../../src/cli/runCli.js';
import { saveMemoryFile } from '../../src/memory/persist.js';
import { MemoryStore, PATTERNS } from '../../src/memory/store.js';
import { createWorktree } from '../../src/workers/worktree.js';
import { readResultsFile } from '../../src/swarm/results.js';
import { makeRepo, status, tempDir, worktrees } from '../workers/gitRepo.js';

const FAKE = path.resolve('__tests__/fixtures/fakeCodex.mjs');
const ENDPOINT = ['--endpoint', 'http://127.0.0.1:9/v1'];

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

let repo: string;
let out: ReturnType<typeof capture>;
let err: ReturnType<typeof capture>;
let io: CliIO;
/** Temp folders a test made besides the repository. */
const extra: string[] = [];

beforeEach(async () => {
  repo = await makeRepo({ 'src/a.js': 'export const a = 1;\n', 'src/b.js': 'export const b = 2;\n', 'README.md': '# r\n' });
  out = capture();
  err = capture();
  io = { cwd: path.join(repo, 'src'), env: { PATH: process.env.PATH }, stdout: out.stream, stderr: err.stream, codexPath: FAKE };
});
afterEach(async () => {
  await fs.rm(repo, { recursive: true, force: true });
  await Promise.all(extra.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function ownTempDir(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  extra.push(dir);
  return dir;
}

async function fakePlan(settings: Record<string, unknown>): Promise<string[]> {
  const file = path.join(await ownTempDir('cli-fake'), 'plan.json');
  await fs.writeFile(file, JSON.stringify(settings));
  return [`--codex-args=-c FAKE_CODEX_PLAN=${file}`];
}

test('bad usage exits 2 with the reason and the usage', async () => {
  expect(await runCli(['deploy'], io)).toBe(2);
  expect(err.text()).toMatch(/unknown command "deploy"/);
  expect(err.text()).toContain('Usage: codex-swarm');
  expect(await runCli(['review', '--workers', 'many'], io)).toBe(2);
  expect(err.text()).toMatch(/--workers must be a whole number/);
  expect(await runCli(['code'], io)).toBe(2);
  expect(err.text()).toMatch(/code needs instructions/);
});

test('outside a git repository it says so', async () => {
  const dir = await ownTempDir('not-a-repo');
  expect(await runCli(['review', ...ENDPOINT], { ...io, cwd: dir })).toBe(2);
  expect(err.text()).toMatch(/inside a git repository/);
});

test('without a key, endpoint or codex login it says how to give the workers a model', async () => {
  const home = await ownTempDir('codex-home');
  expect(await runCli(['review'], { ...io, env: { PATH: process.env.PATH, CODEX_HOME: home } })).toBe(2);
  expect(err.text()).toMatch(/set OPENAI_API_KEY, sign in with `codex login`, or pass --endpoint/);
});

test('review: a run folder that ignores itself, a summary, exit 0, and a clean checkout', async () => {
  expect(await runCli(['review', '--workers', '2', ...ENDPOINT], io)).toBe(0);
  const runs = await fs.readdir(path.join(repo, '.codex-swarm', 'runs'));
  expect(runs).toHaveLength(1);
  const results = await readResultsFile(path.join(repo, '.codex-swarm', 'runs', runs[0], 'results.json'));
  expect(results.results.map((r) => [r.id, r.status])).toEqual([
    ['reviewer-1', 'succeeded'],
    ['reviewer-2', 'succeeded'],
  ]);
  await expect(fs.readFile(path.join(repo, '.codex-swarm', 'runs', runs[0], 'report.md'), 'utf8')).resolves.toContain('reviewer-2');
  expect(await fs.readFile(path.join(repo, '.codex-swarm', '.gitignore'), 'utf8')).toBe('*\n');
  expect(await status(repo)).toBe('');
  expect(out.text()).toMatch(/plan: review → 2 workers/);
  expect(out.text()).toMatch(/reviewer-1 succeeded/);
  expect(out.text()).toContain('results.json');
});

test('a failed worker makes exit code 1; code --apply merges the writers into the working tree', async () => {
  expect(await runCli(['review', '--workers', '2', ...ENDPOINT, ...(await fakePlan({ 'reviewer-2': { mode: 'fail' } }))], io)).toBe(1);
  expect(out.text()).toMatch(/reviewer-2 failed/);

  const plan = {
    status: 'complete',
    summary: 'one part',
    subtasks: [{ id: 'c', title: 'Add c', instructions: 'Add src/c.js.', files: ['src/c.js'], dependsOn: [] }],
    pattern: { approach: 'one file', context: 'tiny' },
  };
  const settings = await fakePlan({ 'planner-1': { answer: plan }, 'coder-1': { write: { 'src/c.js': 'export const c = 3;\n' } } });
  expect(await runCli(['code', 'add', 'a', 'constant', 'c', '--apply', ...ENDPOINT, ...settings], io)).toBe(0);
  expect(await fs.readFile(path.join(repo, 'src/c.js'), 'utf8')).toBe('export const c = 3;\n');
  expect(await status(repo)).toBe('?? src/c.js');
});

test('memory: what a run learned is in .codex-swarm/memory.json and the memory subcommands show it', async () => {
  expect(await runCli(['review', '--task', 'check error handling', ...ENDPOINT], io)).toBe(0);
  const before = out.text().length;
  expect(await runCli(['memory', 'list'], io)).toBe(0);
  expect(out.text().slice(before)).toContain('pattern-reviewer-check-error-handling');
  const mid = out.text().length;
  expect(await runCli(['memory', 'search', 'error handling'], io)).toBe(0);
  expect(out.text().slice(mid)).toContain('pattern-reviewer-check-error-handling');
  expect(await runCli(['--no-memory', 'review', ...ENDPOINT], io)).toBe(0);
});

test('--max-parallel -1 gets the same range error as --max-parallel=-1', async () => {
  expect(await runCli(['review', '--max-parallel', '-1', ...ENDPOINT], io)).toBe(2);
  expect(await runCli(['review', '--max-parallel=-1', ...ENDPOINT], io)).toBe(2);
  const errors = err.text().match(/^codex-swarm: .*$/gm);
  expect(errors).toEqual([
    'codex-swarm: --max-parallel must be a whole number from 1 to 64 (got "-1")',
    'codex-swarm: --max-parallel must be a whole number from 1 to 64 (got "-1")',
  ]);
});

test('--dry-run prints each worker with its files, prompt size and memory patterns, and runs nothing', async () => {
  const store = new MemoryStore();
  const value = { task: 'check error handling', approach: 'trace each throw', context: 'small JS' };
  store.store({ namespace: PATTERNS, key: 'pattern-reviewer-check-error-handling', value, upsert: false });
  await saveMemoryFile(path.join(repo, '.codex-swarm', 'memory.json'), store);
  const memoryBefore = await fs.readFile(path.join(repo, '.codex-swarm', 'memory.json'), 'utf8');
  // No model access and no codex at all: a dry run needs neither.
  const home = await ownTempDir('codex-home');
  const dry = { ...io, env: { PATH: process.env.PATH, CODEX_HOME: home }, codexPath: path.join(home, 'no-codex') };
  expect(await runCli(['review', '--workers', '2', '--task', 'check error handling', '--dry-run'], dry)).toBe(0);
  const text = out.text();
  expect(text).toMatch(/^dry run: review → 2 workers over 3 files \(the repository\); prompts [\d,]+ bytes, ≈ [\d.]+k? tokens$/m);
  expect(text).toMatch(/^reviewer-1 {2}reviewer \(read-only\) {2}prompt [\d,]+ bytes ≈ [\d.]+k? tokens$/m);
  expect(text).toMatch(/^ {2}files \(2\): README\.md, src\/a\.js$/m);
  expect(text).toMatch(/^ {2}memory: pattern-reviewer-check-error-handling$/m);
  expect(text).toContain('no model was called and no Codex was installed');
  expect(existsSync(path.join(repo, '.codex-swarm', 'runs'))).toBe(false);
  expect(await fs.readFile(path.join(repo, '.codex-swarm', 'memory.json'), 'utf8')).toBe(memoryBefore);
  expect(err.text()).toBe('');
});

test('--apply that cannot apply exits 3, says why, and keeps the patch', async () => {
  await fs.writeFile(path.join(repo, 'src/a.js'), 'export const a = "local edit";\n');
  const settings = await fakePlan({ 'coder-1': { write: { 'src/a.js': 'export const a = 10;\n' } } });
  expect(await runCli(['code', 'change', 'a', '--apply', ...ENDPOINT, ...settings], io)).toBe(3);
  const kept = /The patch is kept at (\S+)\.$/m.exec(err.text())?.[1];
  expect(err.text()).toMatch(/--apply: nothing was applied: the merged changes do not apply to the checkout/);
  expect(kept && (await fs.readFile(kept, 'utf8'))).toContain('+export const a = 10;');
  expect(await fs.readFile(path.join(repo, 'src/a.js'), 'utf8')).toBe('export const a = "local edit";\n');
});

test("clean (and the next run) removes an interrupted run's worktrees and temp folder", async () => {
  const ended = execa('true');
  await ended;
  const makeLeftover = async (runId: string) => {
    const scratch = scratchDirFor(runId);
    extra.push(scratch);
    await fs.mkdir(scratch, { recursive: true });
    await fs.writeFile(path.join(scratch, 'owner.json'), JSON.stringify({ pid: ended.pid, repoDir: repo }));
    await createWorktree(repo, path.join(scratch, 'worktrees', 'worktree-1'));
    return scratch;
  };
  const hex = () =>
    Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  const first = await makeLeftover(`20261201-000000-${hex()}`);
  expect(await worktrees(repo)).toBe(2);
  expect(await runCli(['clean'], io)).toBe(0);
  expect(out.text()).toContain('removed 1 worktree and 1 temp folder an interrupted run left behind');
  expect(existsSync(first)).toBe(false);
  expect(await worktrees(repo)).toBe(1);
  expect(await runCli(['clean'], io)).toBe(0);
  expect(out.text()).toContain('nothing to clean');

  const second = await makeLeftover(`20261201-000001-${hex()}`);
  expect(await runCli(['review', ...ENDPOINT], io)).toBe(0);
  expect(existsSync(second)).toBe(false);
  expect(await worktrees(repo)).toBe(1);
});

test('a run whose Codex does not work fails with the reason and leaves no scratch folder', async () => {
  const cache = await ownTempDir('xdg-cache');
  const version = (await import('../../src/version.js')).CODEX_VERSION;
  const dir = path.join(cache, 'codex-swarm', 'codex', version, os.arch());
  await fs.mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  await fs.writeFile(path.join(dir, 'node_modules', '.bin', 'codex'), '#!/bin/sh\necho broken >&2; exit 126\n', { mode: 0o755 });
  await fs.writeFile(`${dir}.complete`, '');
  // No codex on this PATH: the pinned version comes from the cache.
  const env = { PATH: ['/usr/bin', '/bin'].join(path.delimiter), XDG_CACHE_HOME: cache };
  await expect(runCli(['review', ...ENDPOINT], { ...io, codexPath: undefined, env })).rejects.toThrow(/does not run .*broken/);
  const runId = /run folder: \.\.\/\.codex-swarm\/runs\/(\S+)/.exec(out.text())?.[1];
  expect(runId).toBeDefined();
  expect(existsSync(scratchDirFor(runId!))).toBe(false);
});

/** The local CLI in-process, with the codex stand-in: arguments, run folder, summary, exit codes, memory. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli, type CliIO } from '../../src/cli/runCli.js';
import { readResultsFile } from '../../src/swarm/results.js';
import { makeRepo, status, tempDir } from '../workers/gitRepo.js';

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

beforeEach(async () => {
  repo = await makeRepo({ 'src/a.js': 'export const a = 1;\n', 'src/b.js': 'export const b = 2;\n', 'README.md': '# r\n' });
  out = capture();
  err = capture();
  io = { cwd: path.join(repo, 'src'), env: { PATH: process.env.PATH }, stdout: out.stream, stderr: err.stream, codexPath: FAKE };
});
afterEach(async () => {
  await fs.rm(repo, { recursive: true, force: true });
});

async function fakePlan(settings: Record<string, unknown>): Promise<string[]> {
  const file = path.join(await tempDir('cli-fake'), 'plan.json');
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
  const dir = await tempDir('not-a-repo');
  expect(await runCli(['review', ...ENDPOINT], { ...io, cwd: dir })).toBe(2);
  expect(err.text()).toMatch(/inside a git repository/);
});

test('without a key, endpoint or codex login it says how to give the workers a model', async () => {
  const home = await tempDir('codex-home');
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

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MEMORY_USAGE, runMemoryCommand } from '../../src/memory/cli.js';
import { saveMemoryFile } from '../../src/memory/persist.js';
import { MemoryStore, PATTERNS } from '../../src/memory/store.js';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codex-swarm-memory-cli-'));
  file = path.join(dir, '.codex-swarm', 'memory.json');
  const store = new MemoryStore();
  store.store({
    namespace: PATTERNS,
    key: 'pattern-reviewer-review-auth-module',
    value: { task: 'Review the auth module', approach: 'trace queries to inputs', context: 'raw SQL' },
    upsert: false,
    workerId: 'reviewer-1',
  });
  store.store({
    namespace: PATTERNS,
    key: 'pattern-documenter-document-billing-api',
    value: { task: 'Document the billing API', approach: 'one table per route', context: 'REST' },
    upsert: false,
  });
  store.recordOutcome(['pattern-reviewer-review-auth-module'], true);
  await saveMemoryFile(file, store);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runMemoryCommand(args, { file, write: (s) => (out += s) });
  return { code, out };
}

describe('codex-swarm memory', () => {
  it('search shows the best matches with scores and whole values', async () => {
    const { code, out } = await run('search', 'review', 'the', 'auth', 'module');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^1\.000 {2}patterns\/pattern-reviewer-review-auth-module {2}\(updated \S+ by reviewer-1, used 1× \(1 ok, 0 failed\)\)$/);
    expect(out).toContain('"approach": "trace queries to inputs"');
    expect(out).not.toContain('billing');
    expect((await run('search', 'quantum', 'physics')).out).toBe(`No match for "quantum physics" in "patterns" (${file}).\n`);
    expect((await run('search', 'api', '--namespace', 'results')).out).toContain('No match for "api" in "results"');
    const limited = await run('search', 'review auth module document billing api', '--limit', '1');
    expect(limited.out.match(/^\d\.\d{3} {2}/gm)).toHaveLength(1);
  });

  it('list shows every entry, or one namespace', async () => {
    const { code, out } = await run('list');
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => l.split('  ')[0]),
    ).toEqual(['patterns/pattern-documenter-document-billing-api', 'patterns/pattern-reviewer-review-auth-module']);
    expect((await run('list', '--namespace', 'results')).out).toBe(`No entries in "results" in ${file}.\n`);
  });

  it('export prints the memory file as JSON', async () => {
    const { code, out } = await run('export');
    expect(code).toBe(0);
    const exported = JSON.parse(out) as { version: number; entries: { key: string }[] };
    expect(exported.version).toBe(1);
    expect(exported.entries.map((e) => e.key).sort()).toEqual(['pattern-documenter-document-billing-api', 'pattern-reviewer-review-auth-module']);
  });

  it.each([
    [['frobnicate'], 'Unknown memory command "frobnicate".'],
    [[], 'Missing memory command.'],
    [['search'], 'memory search needs a query.'],
    [['search', 'x', '--limit', 'two'], '--limit must be a whole number of at least 1 (got "two").'],
    [['list', '--limit', '3'], 'memory list takes no --limit.'],
    [['export', 'extra'], 'memory export takes no arguments (got "extra").'],
    [['clear', '--namespace', 'patterns'], 'memory clear takes no --namespace.'],
    [['list', '--bogus'], "Unknown option '--bogus'"],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { code, out } = await run(...args);
    expect(code).toBe(2);
    expect(out).toContain(message);
    expect(out).toContain(MEMORY_USAGE);
  });

  it('help prints the usage (exit 0)', async () => {
    expect(await run('help')).toEqual({ code: 0, out: MEMORY_USAGE });
  });

  it('works without a memory file', async () => {
    let out = '';
    const missing = path.join(dir, 'none', 'memory.json');
    expect(await runMemoryCommand(['list'], { file: missing, write: (s) => (out += s) })).toBe(0);
    expect(out).toBe(`No entries in ${missing}.\n`);
  });
});

describe('codex-swarm memory with a corrupt file', () => {
  it.each([['list'], ['search', 'auth'], ['export']])('%s only reads it: exit 1, a warning apart from the output, the file untouched', async (...args) => {
    const corrupt = path.join(dir, `corrupt-${args[0]}`, 'memory.json');
    await fs.mkdir(path.dirname(corrupt), { recursive: true });
    await fs.writeFile(corrupt, '{oops');
    let out = '';
    let warned = '';
    expect(await runMemoryCommand(args, { file: corrupt, write: (s) => (out += s), warn: (s) => (warned += s) })).toBe(1);
    expect(out).toBe('');
    expect(warned).toMatch(/^memory: .*memory\.json could not be read \(.*\); it was left as it is\.\n$/);
    expect(await fs.readdir(path.dirname(corrupt))).toEqual(['memory.json']);
    expect(await fs.readFile(corrupt, 'utf8')).toBe('{oops');
  });

  it('clear sets it aside instead of deleting what may still be wanted', async () => {
    const corrupt = path.join(dir, 'corrupt-clear', 'memory.json');
    await fs.mkdir(path.dirname(corrupt), { recursive: true });
    await fs.writeFile(corrupt, '{oops');
    let out = '';
    expect(await runMemoryCommand(['clear'], { file: corrupt, write: (s) => (out += s) })).toBe(0);
    expect(out).toMatch(/It was kept as .*memory\.json\.corrupt-\S+; memory starts empty\.\n$/);
    expect(await fs.readdir(path.dirname(corrupt))).toEqual([expect.stringMatching(/^memory\.json\.corrupt-/)]);
  });
});

describe('codex-swarm memory clear', () => {
  it('forgets every entry; list then finds none', async () => {
    const own = path.join(dir, 'clear', 'memory.json');
    await fs.mkdir(path.dirname(own), { recursive: true });
    await fs.copyFile(file, own);
    let out = '';
    const write = (s: string) => (out += s);
    expect(await runMemoryCommand(['clear'], { file: own, write })).toBe(0);
    expect(out).toBe(`Cleared 2 entries from ${own}.\n`);
    out = '';
    expect(await runMemoryCommand(['list'], { file: own, write })).toBe(0);
    expect(out).toBe(`No entries in ${own}.\n`);
  });
});

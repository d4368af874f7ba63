import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportRunMemory, loadMemoryFile, saveMemoryFile } from '../../src/memory/persist.js';
import { MemoryStore, PATTERNS, RESULTS } from '../../src/memory/store.js';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

let dir: string;
let file: string;
let commands: CapturedCommands;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codex-swarm-memory-'));
  file = path.join(dir, 'nested', 'memory.json');
  commands = captureWorkflowCommands();
});
afterEach(async () => {
  commands.restore();
  clearSecrets();
  await fs.rm(dir, { recursive: true, force: true });
});

const put = (store: MemoryStore, namespace: string, key: string, value: unknown = { approach: key, context: 'test' }) =>
  store.store({ namespace, key, value: value as never, upsert: true });

describe('the memory file', () => {
  it('starts empty when there is no file, and saves only patterns, atomically', async () => {
    const store = await loadMemoryFile(file);
    expect(store.size).toBe(0);
    put(store, PATTERNS, 'pattern-a');
    put(store, RESULTS, 'result-coder-1', { status: 'complete' });
    await saveMemoryFile(file, store);
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(saved.version).toBe(1);
    expect(saved.entries.map((e: { key: string }) => e.key)).toEqual(['pattern-a']);
    expect(await fs.readdir(path.dirname(file))).toEqual(['memory.json']); // no temporary file left
    const again = await loadMemoryFile(file);
    expect(again.list()).toEqual(store.list(PATTERNS));
    expect(commands.warnings).toEqual([]);
  });

  it.each([
    ['not JSON', '{"version": 1, "entries": ['],
    ['an unknown version', JSON.stringify({ version: 7, entries: [] })],
    ['a bad entry', JSON.stringify({ version: 1, entries: [{ namespace: 'patterns', key: '' }] })],
  ])('sets aside a file with %s, warns, and starts empty', async (_what, content) => {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    const store = await loadMemoryFile(file);
    expect(store.size).toBe(0);
    const files = await fs.readdir(path.dirname(file));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^memory\.json\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
    expect(await fs.readFile(path.join(path.dirname(file), files[0]), 'utf8')).toBe(content);
    expect(commands.warnings).toHaveLength(1);
    expect(commands.warnings[0]).toContain(`memory: ${file} could not be read (`);
    expect(commands.warnings[0]).toContain(`It was kept as ${path.join(path.dirname(file), files[0])}; memory starts empty.`);

    // The run goes on and its save writes a good file next to the one set aside.
    put(store, PATTERNS, 'pattern-new');
    await saveMemoryFile(file, store);
    expect((await loadMemoryFile(file)).list().map((e) => e.key)).toEqual(['pattern-new']);
  });

  it('merges on save with what another run saved meanwhile', async () => {
    const first = new MemoryStore();
    put(first, PATTERNS, 'pattern-shared');
    await saveMemoryFile(file, first);

    const ours = await loadMemoryFile(file);
    const theirs = await loadMemoryFile(file);
    put(theirs, PATTERNS, 'pattern-theirs');
    theirs.recordOutcome(['pattern-shared'], true);
    await saveMemoryFile(file, theirs);

    put(ours, PATTERNS, 'pattern-ours');
    await saveMemoryFile(file, ours);
    const saved = await loadMemoryFile(file);
    expect(saved.list().map((e) => e.key)).toEqual(['pattern-ours', 'pattern-shared', 'pattern-theirs']);
    expect(saved.get(PATTERNS, 'pattern-shared')).toMatchObject({ uses: 1, successes: 1 });
    expect(ours.get(PATTERNS, 'pattern-theirs')).toBeDefined();
  });

  it('lets stale patterns decay on save', async () => {
    const store = new MemoryStore();
    store.store({ namespace: PATTERNS, key: 'pattern-old', value: 'x', upsert: false }, Date.parse('2020-01-01T00:00:00Z'));
    put(store, PATTERNS, 'pattern-fresh');
    await saveMemoryFile(file, store);
    expect((await loadMemoryFile(file)).list().map((e) => e.key)).toEqual(['pattern-fresh']);
  });

  it("exports the run's results and a patterns snapshot, redacted", async () => {
    registerSecret('sk-test-secret-value');
    const store = new MemoryStore();
    put(store, PATTERNS, 'pattern-a');
    put(store, RESULTS, 'result-coder-1', { status: 'complete', summary: 'leaked sk-test-secret-value here' });
    const runDir = path.join(dir, 'run');
    const { resultsFile, patternsFile } = await exportRunMemory(store, runDir);
    expect(resultsFile).toBe(path.join(runDir, 'memory', 'results.json'));
    expect(patternsFile).toBe(path.join(runDir, 'memory', 'patterns.json'));
    const results = JSON.parse(await fs.readFile(resultsFile, 'utf8'));
    expect(results).toMatchObject({ version: 1, entries: [{ key: 'result-coder-1', value: { status: 'complete', summary: 'leaked *** here' } }] });
    expect(JSON.parse(await fs.readFile(patternsFile, 'utf8')).entries.map((e: { key: string }) => e.key)).toEqual(['pattern-a']);
  });
});

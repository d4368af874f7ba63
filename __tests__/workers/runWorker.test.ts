import { chmodSync, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { WorkerSpec } from '../../src/plan/types.js';
import { codexEngine } from '../../src/workers/codexEngine.js';
import { runWorker, type WorkerContext } from '../../src/workers/runWorker.js';
import { makeRepo, status, tempDir, worktrees } from './gitRepo.js';

const FAKE = path.resolve('__tests__/fixtures/fakeCodex.mjs');

describe('runWorker with the fake codex', () => {
  let repo: string;
  let tmp: string;
  beforeAll(() => chmodSync(FAKE, 0o755));
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n' });
    tmp = await tempDir('worker');
  });
  afterEach(async () => {
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const context = (id: string, sandbox: WorkerSpec['sandbox'], more: Partial<WorkerContext> = {}): WorkerContext => ({
    spec: { id, role: id.split('-')[0] as WorkerSpec['role'], prompt: 'p', sandbox, files: ['a.txt'], dependsOn: [], shard: { index: 1, total: 1 }, task: 't' },
    prompt: 'Review a.txt',
    repoDir: repo,
    runDir: path.join(tmp, 'run'),
    scratchDir: path.join(tmp, 'scratch'),
    engine: codexEngine({ codexPath: FAKE }),
    timeoutMs: 20_000,
    upstreamPatches: [],
    swarmStartedAt: Date.now() - 1000,
    memoryMatches: ['patterns/abc'],
    ...more,
  });

  it('returns a full result and writes the worker folder', async () => {
    const r = await runWorker(context('reviewer-1', 'read-only'));
    expect(r).toMatchObject({
      id: 'reviewer-1',
      role: 'reviewer',
      status: 'succeeded',
      exitCode: 0,
      files: ['a.txt'],
      filesChanged: [],
      patchPath: null,
      memoryMatches: ['patterns/abc'],
      usage: { input: 500, cachedInput: 100, output: 150, reasoningOutput: 25 },
    });
    expect(r.startOffsetMs).toBeGreaterThanOrEqual(1000);
    expect(r.answer?.summary).toBe('fake codex answered: Review a.txt');
    const dir = path.join(tmp, 'run', 'workers', 'reviewer-1');
    expect(await fs.readFile(path.join(dir, 'prompt.md'), 'utf8')).toBe('Review a.txt');
    for (const f of ['events.jsonl', 'final.json', 'stderr.log']) expect(existsSync(path.join(dir, f))).toBe(true);
    expect(existsSync(path.join(tmp, 'scratch', 'workers', 'reviewer-1', 'home', 'codex-home'))).toBe(true);
  });

  it('fails alone, never throwing, when its upstream patch does not apply; its worktree is removed', async () => {
    const bad = path.join(tmp, 'bad.diff');
    await fs.writeFile(bad, 'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-not a\n+b\n');
    const r = await runWorker(context('tester-1', 'workspace-write', { upstreamPatches: [bad] }));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^worker setup failed: could not apply/);
    expect(await worktrees(repo)).toBe(1);
    expect(await status(repo)).toBe('');
  });

  it('fails with the reason when codex cannot be started', async () => {
    const r = await runWorker(context('coder-1', 'workspace-write', { engine: codexEngine({ codexPath: path.join(tmp, 'missing') }) }));
    expect(r).toMatchObject({ status: 'failed', patchPath: null });
    expect(r.error).toMatch(/could not start codex/);
    expect(await worktrees(repo)).toBe(1);
  });

  it('fails alone on garbage output (the fake configured through codex-args)', async () => {
    const r = await runWorker(context('reviewer-2', 'read-only', { engine: codexEngine({ codexPath: FAKE, codexArgs: ['-c', 'FAKE_CODEX_MODE=garbage'] }) }));
    expect(r).toMatchObject({ status: 'failed', exitCode: 0, answer: null });
    expect(r.answerError).toMatch(/not JSON/);
  });

  it('is cancelled before it starts when the signal is already aborted', async () => {
    const r = await runWorker(context('coder-1', 'workspace-write', { signal: AbortSignal.abort() }));
    expect(r.status).toBe('cancelled');
    expect(await worktrees(repo)).toBe(1);
  });
});

import { chmodSync, existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkerSpec } from '../../src/plan/types.js';
import { codexEngine, codexExecArgs } from '../../src/workers/codexEngine.js';
import { runEngine, type RunEngineOptions } from '../../src/workers/runEngine.js';
import { tempDir } from './gitRepo.js';

const FAKE = path.resolve('__tests__/fixtures/fakeCodex.mjs');

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const SPEC: WorkerSpec = {
  id: 'reviewer-1',
  role: 'reviewer',
  prompt: 'p',
  sandbox: 'read-only',
  files: [],
  dependsOn: [],
  shard: { index: 1, total: 1 },
  task: 't',
};

describe('runEngine with the codex engine and the fake codex', () => {
  let dir: string;
  beforeAll(() => chmodSync(FAKE, 0o755));
  beforeEach(async () => {
    dir = await tempDir('codex');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const options = (env: Record<string, string> = {}, more: Partial<RunEngineOptions> = {}, codexPath = FAKE): RunEngineOptions => ({
    engine: codexEngine({ codexPath }),
    spec: SPEC,
    cwd: dir,
    home: path.join(dir, 'home'),
    prompt: 'Review src/a.ts\nplease',
    finalPath: path.join(dir, 'w', 'final.json'),
    eventsPath: path.join(dir, 'w', 'events.jsonl'),
    stderrPath: path.join(dir, 'w', 'stderr.log'),
    env: { PATH: process.env.PATH ?? '', ...env },
    timeoutMs: 20_000,
    killGraceMs: 500,
    ...more,
  });

  it('builds the codex exec command line in order', () => {
    const o = {
      sandbox: 'read-only' as const,
      outputSchemaPath: path.join(dir, 'schema.json'),
      finalPath: path.join(dir, 'w', 'final.json'),
      model: 'gpt-5',
      effort: 'high',
      providerArgs: ['-c', 'p=1'],
      extraConfigArgs: ['-c', 'mcp=1'],
      codexArgs: ['--foo'],
    };
    expect(codexExecArgs(o)).toEqual([
      'exec',
      '--json',
      '--skip-git-repo-check',
      '--sandbox',
      'read-only',
      '--output-schema',
      o.outputSchemaPath,
      '-o',
      o.finalPath,
      '-c',
      'features.plugins=false',
      '-c',
      'skills.bundled.enabled=false',
      '-m',
      'gpt-5',
      '-c',
      'model_reasoning_effort=high',
      '-c',
      'p=1',
      '-c',
      'mcp=1',
      '--foo',
      '-',
    ]);
  });

  it('streams events, sums usage and returns the validated answer', async () => {
    const seen: (string | null)[] = [];
    const types: string[] = [];
    const r = await runEngine({ ...options({ FAKE_CODEX_COMMAND: 'npm test' }), onEvent: (e) => (types.push(e.type), seen.push(e.summary)) });
    expect(r).toMatchObject({ status: 'succeeded', exitCode: 0, timedOut: false, cancelled: false });
    expect(r.error).toBeUndefined();
    expect(r.answer?.summary).toBe('fake codex answered: Review src/a.ts');
    expect(r.usage).toEqual({ input: 500, cachedInput: 100, output: 150, reasoningOutput: 25 });
    expect(r.toolUses).toBe(1);
    expect(types).toEqual(['thread.started', 'turn.started', 'item.started', 'item.completed', 'item.completed', 'turn.completed']);
    expect(seen).toContain('$ npm test (exit 0)');
    const lines = (await fs.readFile(path.join(dir, 'w', 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0])).toMatchObject({ type: 'thread.started' });
  });

  it('fails with answerError when the output is garbage, keeping the raw lines', async () => {
    const r = await runEngine(options({ FAKE_CODEX_MODE: 'garbage' }));
    expect(r.status).toBe('failed');
    expect(r.exitCode).toBe(0);
    expect(r.answer).toBeNull();
    expect(r.answerError).toMatch(/not JSON/);
    expect(r.error).toMatch(/not JSON/);
    expect(await fs.readFile(path.join(dir, 'w', 'events.jsonl'), 'utf8')).toContain('garbage line that is not an event');
  });

  it('fails with a schema error when the answer is JSON of the wrong shape', async () => {
    const r = await runEngine(options({ FAKE_CODEX_ANSWER: JSON.stringify({ status: 'complete', summary: 'x' }) }));
    expect(r.status).toBe('failed');
    expect(r.answerError).toMatch(/does not match the schema: findings/);
  });

  it('reports a failed turn with its message, and a crash with the end of stderr', async () => {
    const failed = await runEngine(options({ FAKE_CODEX_MODE: 'fail' }));
    expect(failed).toMatchObject({ status: 'failed', exitCode: 1, error: 'codex exited with code 1: stream disconnected before completion: fake failure' });
    const crashed = await runEngine(options({ FAKE_CODEX_MODE: 'crash' }));
    expect(crashed).toMatchObject({ status: 'failed', exitCode: 2, stderrTail: 'fake codex: crashed on purpose' });
    expect(crashed.error).toContain('crashed on purpose');
    expect(await fs.readFile(path.join(dir, 'w', 'stderr.log'), 'utf8')).toContain('crashed on purpose');
  });

  it('fails, without throwing, when the binary does not exist', async () => {
    const r = await runEngine(options({}, {}, path.join(dir, 'no-such-codex')));
    expect(r.status).toBe('failed');
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/could not start codex .*ENOENT/);
  });

  it('kills the whole process group on timeout, escalating to SIGKILL', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    const started = Date.now();
    const r = await runEngine({
      ...options({ FAKE_CODEX_MODE: 'hang', FAKE_CODEX_IGNORE_TERM: '1', FAKE_CODEX_PID_FILE: pidFile }),
      timeoutMs: 1000,
    });
    expect(r.status).toBe('timed_out');
    expect(r.timedOut).toBe(true);
    expect(r.error).toMatch(/timed out after 1 s/);
    // SIGTERM was ignored, SIGKILL followed after the grace period.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(5000);
    const grandchild = Number(await fs.readFile(pidFile, 'utf8'));
    await waitFor(() => !alive(grandchild));
  });

  it('is cancelled by an AbortSignal, killing the grandchild too', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    const controller = new AbortController();
    const running = runEngine({ ...options({ FAKE_CODEX_SLEEP_MS: '60000', FAKE_CODEX_PID_FILE: pidFile }), signal: controller.signal });
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(grandchild)).toBe(true);
    controller.abort();
    const r = await running;
    // Whatever it managed to write as the signal landed may be attached; the status says cancelled.
    expect(r).toMatchObject({ status: 'cancelled', cancelled: true, timedOut: false });
    await waitFor(() => !alive(grandchild));
  });

  it('does not start when already cancelled', async () => {
    const r = await runEngine({ ...options(), signal: AbortSignal.abort() });
    expect(r.status).toBe('cancelled');
    expect(existsSync(path.join(dir, 'w', 'events.jsonl'))).toBe(false);
  });
});

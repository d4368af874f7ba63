/**
 * runWorker end to end with the real Codex CLI (node_modules/.bin/codex) against the scripted
 * Responses server on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import type { WorkerSpec } from '../../src/plan/types.js';
import { providerConfigArgs } from '../../src/workers/modelProxy.js';
import { codexEngine } from '../../src/workers/codexEngine.js';
import { runWorker, type WorkerContext } from '../../src/workers/runWorker.js';
import type { WorkerResult } from '../../src/workers/types.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { head, makeRepo, status, tempDir, worktrees } from './gitRepo.js';

const CODEX = path.resolve('node_modules/.bin/codex');

const answer = (summary: string) => ({
  status: 'complete',
  summary,
  findings: [{ severity: 'low', file: 'src/app.js', line: 1, title: 'naming', detail: 'rename x' }],
  pattern: { approach: 'read the file', context: 'small repos' },
});

function spec(id: string, sandbox: WorkerSpec['sandbox']): WorkerSpec {
  const role = id.split('-')[0] as WorkerSpec['role'];
  return { id, role, prompt: 'unused', sandbox, files: ['src/app.js'], dependsOn: [], shard: { index: 1, total: 1 }, task: 'test' };
}

/** A codex JSONL event, as far as these tests read it. */
interface LoggedEvent {
  type?: string;
  item?: { type?: string; command?: string; aggregated_output?: string };
}

async function eventsOf(runDir: string, id: string): Promise<LoggedEvent[]> {
  const text = await fs.readFile(path.join(runDir, 'workers', id, 'events.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LoggedEvent);
}

const commandOutputs = (events: LoggedEvent[]) =>
  events.filter((e) => e.type === 'item.completed' && e.item?.type === 'command_execution').map((e) => String(e.item?.aggregated_output));

/** Processes whose environment mentions `needle` (a worker's CODEX_HOME). */
async function processesWith(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await fs.readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const environ = await fs.readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.includes(needle)) found.push(Number(pid));
  }
  return found;
}

async function processesRunning(cmdline: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await fs.readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const args = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (args.split('\0').join(' ').trim() === cmdline) found.push(Number(pid));
  }
  return found;
}

describe('runWorker with the real codex CLI', () => {
  let model: ScriptedModel;
  let repo: string;
  let runDir: string;
  let scratchDir: string;
  beforeAll(async () => {
    model = await startScriptedModel();
  });
  afterAll(async () => {
    await model.close();
  });
  beforeEach(async () => {
    repo = await makeRepo({ 'src/app.js': 'export const x = 1;\n', 'README.md': '# sample\n' });
    const tmp = await tempDir('e2e');
    runDir = path.join(tmp, 'run');
    scratchDir = path.join(tmp, 'scratch');
  });
  afterEach(async () => {
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(path.dirname(runDir), { recursive: true, force: true });
  });

  const providerArgs = () => providerConfigArgs(model.url, { requestMaxRetries: 0, streamMaxRetries: 0 });
  const context = (id: string, sandbox: WorkerSpec['sandbox'], prompt: string, more: Partial<WorkerContext> = {}, codexArgs: string[] = []): WorkerContext => ({
    spec: spec(id, sandbox),
    prompt,
    repoDir: repo,
    runDir,
    scratchDir,
    engine: codexEngine({ codexPath: CODEX, providerArgs: providerArgs(), codexArgs }),
    timeoutMs: 45_000,
    upstreamPatches: [],
    swarmStartedAt: Date.now(),
    memoryMatches: [],
    ...more,
  });

  it('runs three read-only reviewers in parallel: writes fail, all answer', async () => {
    model.setScripts(
      [1, 2, 3].map((n) => ({
        match: `REVIEWER-${n}`,
        steps: [{ shell: `echo hacked > pwned-${n}.txt; cat src/app.js` }, { message: answer(`review ${n} done`) }],
      })),
    );
    const before = await head(repo);
    const summaries: string[] = [];
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        runWorker(
          context(`reviewer-${n}`, 'read-only', `You are REVIEWER-${n}. Review src/app.js.`, { onEvent: (e) => e.summary && summaries.push(e.summary) }),
        ),
      ),
    );
    for (const [i, r] of results.entries()) {
      expect(r).toMatchObject({ id: `reviewer-${i + 1}`, role: 'reviewer', status: 'succeeded', exitCode: 0, patchPath: null, filesChanged: [] });
      expect(r.answer).toEqual(answer(`review ${i + 1} done`));
      expect(r.usage.input).toBeGreaterThan(0);
      const outputs = commandOutputs(await eventsOf(runDir, r.id));
      expect(outputs.join('\n')).toContain('Read-only file system');
      expect(outputs.join('\n')).toContain('export const x = 1;');
      for (const f of ['prompt.md', 'events.jsonl', 'final.json', 'stderr.log']) expect(existsSync(path.join(runDir, 'workers', r.id, f))).toBe(true);
    }
    expect(summaries.some((s) => s.startsWith('$ echo hacked'))).toBe(true);
    // They ran at the same time: each started before any of them ended.
    const ends = results.map((r) => r.startOffsetMs! + r.durationMs);
    for (const r of results) expect(r.startOffsetMs!).toBeLessThan(Math.min(...ends));
    expect(await status(repo)).toBe('');
    expect(await head(repo)).toBe(before);
  });

  it('lands a coder’s new file as a patch while the checkout stays clean', async () => {
    model.setScripts([
      { match: 'CODER', steps: [{ shell: "mkdir -p src && printf 'export const added = 2;\\n' > 'src/new file.js'" }, { message: answer('added a file') }] },
    ]);
    const before = await head(repo);
    const r = await runWorker(context('coder-1', 'workspace-write', 'You are the CODER. Add a file.'));
    expect(r).toMatchObject({ status: 'succeeded', filesChanged: ['src/new file.js'], patchPath: 'workers/coder-1/patch.diff' });
    const patch = await fs.readFile(path.join(runDir, r.patchPath!), 'utf8');
    expect(patch).toContain('+export const added = 2;');
    expect(await status(repo)).toBe('');
    expect(await head(repo)).toBe(before);
    expect(await worktrees(repo)).toBe(1);

    // A reviewer of that change sees it in its own worktree; the checkout still does not.
    model.setScripts([{ match: 'CHECKER', steps: [{ shell: "cat 'src/new file.js'" }, {}] }]);
    const reviewer = await runWorker(context('reviewer-1', 'read-only', 'You are the CHECKER.', { upstreamPatches: [path.join(runDir, r.patchPath!)] }));
    expect(reviewer.status).toBe('succeeded');
    expect(commandOutputs(await eventsOf(runDir, 'reviewer-1')).join('')).toContain('export const added = 2;');
    expect(await status(repo)).toBe('');
    expect(await worktrees(repo)).toBe(1);
  });

  it('fails a worker whose model stream fails while its sibling succeeds', async () => {
    model.setScripts([
      { match: 'FAILER', steps: [{ fail: 'the model exploded' }] },
      { match: 'SIBLING', steps: [{ message: answer('sibling fine') }] },
    ]);
    const [failed, sibling] = await Promise.all([
      runWorker(context('reviewer-1', 'read-only', 'You are the FAILER.')),
      runWorker(context('reviewer-2', 'read-only', 'You are the SIBLING.')),
    ]);
    expect(failed).toMatchObject({ status: 'failed', exitCode: 1, answer: null });
    expect(failed.error).toContain('the model exploded');
    expect(sibling).toMatchObject({ status: 'succeeded', answer: answer('sibling fine') });
  });

  it('times out hung workers (a silent model, a long command) and leaves no process behind', async () => {
    // A duration no other process on the machine has (another run of this suite included), so the
    // check below finds this test's sleep and nothing else.
    const sleep = `sleep 117.${randomBytes(3).readUIntBE(0, 3)}`;
    model.setScripts([
      { match: 'HANGER', steps: [{ hang: true }] },
      { match: 'SLEEPER', steps: [{ shell: sleep }, {}] },
    ]);
    const started = Date.now();
    // The sleeper gets longer: its command must have started (codex starts slowly on a busy machine).
    const results: WorkerResult[] = await Promise.all([
      runWorker(context('coder-1', 'workspace-write', 'You are the HANGER.', { timeoutMs: 3000, killGraceMs: 1000 })),
      runWorker(
        context('coder-2', 'workspace-write', 'You are the SLEEPER.', { timeoutMs: 8000, killGraceMs: 1000 }, ['--dangerously-bypass-approvals-and-sandbox']),
      ),
    ]);
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['timed_out', expect.stringMatching(/timed out after 3 s/)],
      ['timed_out', expect.stringMatching(/timed out after 8 s/)],
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
    const sleeperEvents = await eventsOf(runDir, 'coder-2');
    expect(sleeperEvents.some((e) => e.type === 'item.started' && e.item?.command?.includes(sleep))).toBe(true);
    for (const id of ['coder-1', 'coder-2']) expect(await processesWith(path.join(scratchDir, 'workers', id, 'home', 'codex-home'))).toEqual([]);
    expect(await processesRunning(sleep)).toEqual([]);
    expect(await worktrees(repo)).toBe(1);
    expect(await status(repo)).toBe('');
  });

  it('keeps the API key from an unsandboxed worker that runs env and reads /proc/*/environ', async () => {
    const key = `sk-live-${randomBytes(16).toString('hex')}`;
    const secured = await startScriptedModel({
      requireApiKey: key,
      scripts: [
        {
          match: 'SNOOPER',
          steps: [
            {
              shell:
                "env | grep -E 'sk-live-|OPENAI|ACTION_MARKER'; cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -E 'sk-live-|OPENAI_API_KEY|ACTION_MARKER' | sort -u; echo snooped",
            },
            {},
          ],
        },
      ],
    });
    try {
      // The "action": a process that, like the real one, starts with the key in its environment,
      // scrubs it from /proc/<pid>/environ, holds it in the proxy and runs the worker. Bundled
      // first, as the real one is: run through tsx, it would start esbuild's service with the
      // key in its environment (a snooper reads that too, and the real action has no such child).
      const script = `
        import { scrubOwnEnviron } from './src/util/secretEnv.js';
        const scrubbed = scrubOwnEnviron(['OPENAI_API_KEY']);
        const { startModelProxy, providerConfigArgs } = await import('./src/workers/modelProxy.js');
        const { runWorker } = await import('./src/workers/runWorker.js');
        const { codexEngine } = await import('./src/workers/codexEngine.js');
        const proxy = await startModelProxy({ upstreamBaseUrl: process.env.UPSTREAM_URL, apiKey: process.env.OPENAI_API_KEY });
        const ctx = JSON.parse(process.env.WORKER_CONTEXT);
        const engine = codexEngine({
          codexPath: process.env.CODEX_PATH,
          providerArgs: providerConfigArgs(proxy.baseUrl, { requestMaxRetries: 0, streamMaxRetries: 0 }),
          codexArgs: ['--dangerously-bypass-approvals-and-sandbox'],
        });
        const result = await runWorker({ ...ctx, engine, swarmStartedAt: Date.now() });
        await proxy.close();
        console.log(JSON.stringify({ scrubbed, result }));`;
      // Packages stay outside the bundle, resolved from node_modules as in the project.
      const bundle = path.resolve('node_modules/.cache/codex-swarm-tests', `snooped-action-${process.pid}.mjs`);
      await build({
        stdin: { contents: script, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'snooped-action.ts' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        outfile: bundle,
        logLevel: 'error',
      });
      // codex's own sandbox hides other processes (a PID namespace); where it cannot run (e.g. no
      // user namespaces) people turn it off, and only the scrub protects the key. Test that case.
      const { engine: _e, onEvent: _o, signal: _s, ...ctx } = context('reviewer-1', 'read-only', 'You are the SNOOPER.');
      const action = await execa('node', [bundle], {
        env: { OPENAI_API_KEY: key, ACTION_MARKER: 'action-env-visible', UPSTREAM_URL: secured.url, CODEX_PATH: CODEX, WORKER_CONTEXT: JSON.stringify(ctx) },
      }).finally(() => fs.rm(bundle, { force: true }));
      const { scrubbed, result } = JSON.parse(action.stdout.trim().split('\n').at(-1)!) as { scrubbed: boolean; result: WorkerResult };
      expect(scrubbed).toBe(true);
      expect(result.status).toBe('succeeded');

      const events = await eventsOf(runDir, 'reviewer-1');
      const output = commandOutputs(events).join('\n');
      expect(output).toContain('snooped');
      // The worker could read the action's environment (the marker), but not the key in it.
      expect(output).toContain('ACTION_MARKER=action-env-visible');
      expect(output).toMatch(/OPENAI_API_KEY=\*+/);
      expect(output).not.toContain(key);
      for (const f of ['events.jsonl', 'stderr.log', 'final.json', 'prompt.md']) {
        expect(await fs.readFile(path.join(runDir, 'workers', 'reviewer-1', f), 'utf8')).not.toContain(key);
      }
      expect(secured.requests.length).toBeGreaterThanOrEqual(2);
      for (const req of secured.requests) expect(req.authorization).toBe(`Bearer ${key}`);
    } finally {
      await secured.close();
    }
  });
});

/**
 * The memory tools as a real Codex CLI (node_modules/.bin/codex) offers them to the model: the
 * scripted model reads the tools codex offers, calls them, and gets the store's real answers.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { startMemoryServer, type MemoryServer } from '../../src/memory/server.js';
import { MemoryStore, PATTERNS, RESULTS } from '../../src/memory/store.js';
import type { WorkerSpec } from '../../src/plan/types.js';
import { SwarmState } from '../../src/swarm/state.js';
import { providerConfigArgs } from '../../src/workers/modelProxy.js';
import { codexEngine } from '../../src/workers/codexEngine.js';
import { runWorker } from '../../src/workers/runWorker.js';
import { startScriptedModel, type ScriptContext, type ScriptedModel, type ScriptStep } from '../fixtures/scriptedModel.js';
import { makeRepo, tempDir } from '../workers/gitRepo.js';

const CODEX = path.resolve('node_modules/.bin/codex');

const spec: WorkerSpec = {
  id: 'reviewer-1',
  role: 'reviewer',
  prompt: 'unused',
  sandbox: 'read-only',
  // codex 0.169.0 offers MCP tools as a `mcp__<server>` namespace of function tools to this model
  // family; its default model gets them only inside its JavaScript `exec` tool instead.
  model: 'gpt-5.3-codex',
  files: ['src/auth.js'],
  dependsOn: [],
  shard: { index: 1, total: 1 },
  task: 'Review the auth module for SQL injection',
};

/** The namespace codex gives a tool of the `ruflo` server, as the request offers it (`mcp__ruflo.memory_store`). */
function offered(ctx: ScriptContext, tool: string): string | null {
  const name = ctx.request.tools.find((t) => t.endsWith(`.${tool}`) && t.includes('ruflo'));
  return name ? name.slice(0, name.lastIndexOf('.')) : null;
}

function memoryWorker(ctx: ScriptContext): ScriptStep {
  const namespace = offered(ctx, 'memory_store');
  if (!namespace) return { message: 'no memory tools offered' };
  const steps: ScriptStep[] = [
    { tool: { namespace, name: 'memory_search', arguments: { query: 'auth module SQL injection', namespace: 'patterns', limit: 5 } } },
    {
      tool: {
        namespace,
        name: 'memory_store',
        arguments: {
          key: 'pattern-reviewer-review-auth-module-sql-injection',
          value: JSON.stringify({ approach: 'trace every query back to its inputs', context: 'auth code with raw SQL' }),
          namespace: 'patterns',
          upsert: true,
        },
      },
    },
    {
      tool: {
        namespace,
        name: 'memory_store',
        arguments: { key: 'result-reviewer-1', value: { status: 'complete', summary: 'found 1 injection' }, namespace: 'results', upsert: true },
      },
    },
    { tool: { namespace, name: 'memory_store', arguments: { key: 'result-reviewer-1', value: { status: 'again' }, namespace: 'results' } } },
    { tool: { namespace, name: 'swarm_status', arguments: { verbose: true } } },
    {
      message: {
        status: 'complete',
        summary: 'found 1 injection',
        findings: [],
        pattern: { approach: 'trace every query back to its inputs', context: 'auth code with raw SQL' },
      },
    },
  ];
  return steps[ctx.step] ?? {};
}

describe('memory tools through the real codex CLI', () => {
  let model: ScriptedModel;
  let server: MemoryServer;
  let store: MemoryStore;
  let state: SwarmState;
  let repo: string;
  let tmp: string;
  beforeAll(async () => {
    model = await startScriptedModel({ scripts: [{ match: 'MEMORY-WORKER', steps: memoryWorker }] });
    repo = await makeRepo({ 'src/auth.js': 'db.query("SELECT * FROM users WHERE name = \'" + name + "\'");\n' });
    tmp = await tempDir('memory-e2e');
  });
  afterAll(async () => {
    await model.close();
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    store = new MemoryStore();
    store.store({
      namespace: PATTERNS,
      key: 'pattern-reviewer-audit-sql-queries',
      value: { task: 'Audit the SQL queries of the auth module', approach: 'grep for string-built SQL', context: 'injection reviews' },
      upsert: false,
      runId: 'earlier-run',
    });
    state = new SwarmState();
    state.reset([spec]);
    server = await startMemoryServer({ store, status: () => state.snapshot(), runId: 'run-e2e', threshold: 0.3, limit: 5 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('lets the model search, store and read the swarm status, with real answers', async () => {
    state.started(spec.id);
    const result = await runWorker({
      spec,
      prompt: 'You are MEMORY-WORKER. Review src/auth.js.',
      repoDir: repo,
      runDir: path.join(tmp, 'run'),
      scratchDir: path.join(tmp, 'scratch'),
      engine: codexEngine({ codexPath: CODEX, providerArgs: providerConfigArgs(model.url, { requestMaxRetries: 0, streamMaxRetries: 0 }) }),
      memory: server.serverFor(spec.id),
      timeoutMs: 60_000,
      upstreamPatches: [],
      swarmStartedAt: Date.now(),
      memoryMatches: [],
      onEvent: (e) => e.summary && state.event(spec.id, e.summary),
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');

    const requests = model.requests.filter((r) => r.prompt.includes('MEMORY-WORKER'));
    expect(requests[0].tools).toEqual(expect.arrayContaining(['mcp__ruflo.memory_search', 'mcp__ruflo.memory_store', 'mcp__ruflo.swarm_status']));
    const outputs = requests.at(-1)!.toolOutputs;
    expect(outputs).toHaveLength(5);
    const [search, storedPattern, storedResult, duplicate, status] = outputs as [string, string, string, string, string];

    // memory_search: the earlier pattern, whole, with its score.
    expect(search).toContain('pattern-reviewer-audit-sql-queries');
    expect(search).toContain('grep for string-built SQL');
    expect(search).toMatch(/\\?"score\\?":0\.\d+/);
    expect(storedPattern).toMatch(/\\?"stored\\?":true/);
    expect(storedResult).toMatch(/\\?"stored\\?":true/);
    expect(duplicate).toContain('pass upsert: true to replace it');
    // swarm_status: the real state, this worker running, with its last event.
    expect(status).toContain('reviewer-1');
    expect(status).toMatch(/\\?"state\\?":\\?"running\\?"/);
    expect(status).toContain('lastEvent');

    expect(store.get(PATTERNS, 'pattern-reviewer-review-auth-module-sql-injection')).toMatchObject({
      value: { approach: 'trace every query back to its inputs', context: 'auth code with raw SQL' },
      workerId: 'reviewer-1',
      runId: 'run-e2e',
    });
    expect(store.get(RESULTS, 'result-reviewer-1')).toMatchObject({ value: { status: 'complete', summary: 'found 1 injection' }, workerId: 'reviewer-1' });

    const events = (await fs.readFile(path.join(tmp, 'run', 'workers', spec.id, 'events.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; item?: { type: string; server?: string; tool?: string; status?: string } });
    const calls = events
      .filter((e) => e.type === 'item.completed' && e.item?.type === 'mcp_tool_call')
      .map((e) => [e.item!.server, e.item!.tool, e.item!.status]);
    expect(calls).toEqual([
      ['ruflo', 'memory_search', 'completed'],
      ['ruflo', 'memory_store', 'completed'],
      ['ruflo', 'memory_store', 'completed'],
      ['ruflo', 'memory_store', 'failed'],
      ['ruflo', 'swarm_status', 'completed'],
    ]);
  });
});

/**
 * Hardening: a model API that refuses, fails or answers garbage, and a swarm that would overrun
 * its token budget — the bundled action under Node 24 with the real Codex CLI.
 */
import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import type { ScriptContext, ScriptStep } from '../fixtures/scriptedModel.js';
import { makeRepo } from '../workers/gitRepo.js';
import { startWorld, type World } from './world.js';

jest.setTimeout(240_000);

const FILES = ['src/a.js', 'src/b.js', 'src/c.js', 'src/d.js', 'src/e.js'];
let world: World;
let workspace: string;

beforeAll(async () => {
  workspace = await makeRepo(Object.fromEntries(FILES.map((f) => [f, `export const x = '${f}';\n`])));
  world = await startWorld({ pulls: [{ number: 7, title: 'Five files', body: '', files: FILES.map((p) => ({ path: p, additions: 1 })) }] });
});
afterAll(async () => {
  await world?.close();
  await fs.rm(workspace, { recursive: true, force: true });
});

const workerOf = (ctx: ScriptContext) => /# codex-swarm worker (\S+)/.exec(ctx.prompt)?.[1] ?? '';
const resultsOf = async (file: string) =>
  (
    JSON.parse(await fs.readFile(file, 'utf8')) as {
      results: { id: string; status: string; error?: string; answerError?: string; usage: { input: number; output: number } }[];
    }
  ).results;

test("the model's real failure reaches the report: a refused key, an exhausted quota, a rate limit, a 500, a garbage answer", async () => {
  const faults: Record<string, ScriptStep> = {
    'reviewer-1': { http: { status: 401, body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } } } },
    'reviewer-2': {
      http: { status: 429, body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } } },
    },
    'reviewer-3': { http: { status: 429, body: { error: { message: 'Rate limit reached', type: 'requests' } } } },
    'reviewer-4': { http: { status: 500, body: { error: { message: 'The server had an error' } } } },
    'reviewer-5': { message: 'I refuse to answer in JSON' },
  };
  world.model.setScripts([{ match: /# codex-swarm worker reviewer-/, steps: (ctx) => faults[workerOf(ctx)] ?? {} }]);
  const run = await world.act('issue_comment', world.commentEvent('/swarm review --workers 5'), { workspace, runId: '4001', inputs: { 'max-parallel': '5' } });
  expect(run.exitCode).toBe(1);
  const byId = Object.fromEntries((await resultsOf(run.outputs['results-file'])).map((r) => [r.id, r]));
  expect(byId['reviewer-1'].error).toBe('the API key was refused (HTTP 401): Incorrect API key provided');
  expect(byId['reviewer-2'].error).toBe('the model quota is exhausted (HTTP 429 insufficient_quota): You exceeded your current quota');
  expect(byId['reviewer-3'].error).toBe('rate limited by the model API (HTTP 429): Rate limit reached');
  expect(byId['reviewer-4'].error).toBe('the model API failed (HTTP 500): The server had an error');
  for (const id of ['reviewer-1', 'reviewer-2', 'reviewer-3', 'reviewer-4']) expect(byId[id].answerError).toBeUndefined();
  expect(byId['reviewer-5'].status).toBe('failed');
  expect(byId['reviewer-5'].answerError ?? byId['reviewer-5'].error).toMatch(/not JSON: I refuse to answer in JSON/);
  const comment = world.sticky();
  expect(comment).toContain('the API key was refused (HTTP 401)');
  expect(comment).toContain('the model API failed (HTTP 500)');
  expect(comment).not.toMatch(/not JSON: *$/m);
});

test('max-tokens: the proxy refuses requests past the budget, running workers end, the rest never start, finished results are kept', async () => {
  // Three responses per worker at 130 tokens each (the scripted model's usage): 390 a worker.
  const steps = (ctx: ScriptContext): ScriptStep => (ctx.step < 2 ? { shell: `echo step ${ctx.step}` } : {});
  world.model.setScripts([{ match: /# codex-swarm worker reviewer-/, steps }]);
  const before = world.model.requests.length;
  const run = await world.act('issue_comment', world.commentEvent('/swarm review --workers 5'), {
    workspace,
    runId: '4002',
    inputs: { 'max-tokens': '500', 'max-parallel': '2', 'fail-on': 'never' },
  });
  expect(run.exitCode).toBe(0);
  const served = world.model.requests.length - before;
  const results = await resultsOf(run.outputs['results-file']);
  const exhausted = /token budget exhausted \([\d,]+ of 500 tokens\)/;
  // Once 500 were spent nothing more reached the model: at most one response per running worker past it.
  expect(served * 130).toBeLessThanOrEqual(500 + 2 * 130);
  expect(results.filter((r) => r.status === 'skipped').every((r) => exhausted.test(r.error ?? ''))).toBe(true);
  expect(results.filter((r) => r.status === 'skipped').length).toBeGreaterThanOrEqual(2);
  expect(results.some((r) => r.status === 'failed' && exhausted.test(r.error ?? ''))).toBe(true);
  // Per-worker usage, from the proxy's count where codex reported none.
  const spent = results.reduce((n, r) => n + r.usage.input + r.usage.output, 0);
  expect(spent).toBe(served * 130);
  expect(world.sticky()).toMatch(exhausted);
});

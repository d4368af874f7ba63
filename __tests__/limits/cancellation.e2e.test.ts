/**
 * Issue 20 §4, end to end through the bundle: a one-job run cancelled as GitHub cancels a job
 * (SIGINT to the step's process group, SIGTERM 7.5 s later, SIGKILL 2.5 s after that) writes its
 * final comment — "cancelled", with what finished — within 5 s of the SIGINT; and a review POST
 * answered 502 after GitHub created the review never becomes a second review. Build first.
 */
import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import { cancelLikeGitHub } from '../fixtures/cancelRun.js';
import type { ScriptContext, ScriptStep } from '../fixtures/scriptedModel.js';
import { makeRepo } from '../workers/gitRepo.js';
import { startWorld, type World } from '../hardening/world.js';
import { pullRequestEvent } from './events.js';

jest.setTimeout(240_000);

const answer = (file: string) => ({
  message: {
    status: 'complete',
    summary: `reviewed ${file}`,
    findings: [{ severity: 'high', file, line: 1, title: `eval in ${file}`, detail: 'runs any code' }],
    pattern: { approach: 'look for eval', context: 'js' },
  },
});
const script = { hang: '' };
function reviewer(ctx: ScriptContext): ScriptStep {
  const file = ['src/a.js', 'src/b.js'].find((f) => ctx.prompt.includes(f))!;
  return file === script.hang ? { hang: true } : answer(file);
}

let world: World;
let workspace: string;
const patch = '@@ -0,0 +1 @@\n+export const x = eval(input);';

beforeAll(async () => {
  workspace = await makeRepo({ 'src/a.js': 'export const x = eval(input);\n', 'src/b.js': 'export const x = eval(input);\n' });
  world = await startWorld({
    pulls: [{ number: 7, title: 'Two files', body: '', files: ['src/a.js', 'src/b.js'].map((path) => ({ path, additions: 1, patch })) }],
    scripts: [{ match: /# codex-swarm worker reviewer-/, steps: reviewer }],
  });
});
afterAll(async () => {
  await world?.close();
  await fs.rm(workspace, { recursive: true, force: true });
});

const inputs = { workers: '2', 'project-instructions': 'off' };
const isCommentWrite = (r: { method: string; path: string }) => r.method !== 'GET' && /\/issues\/(\d+\/comments|comments\/\d+)$/.test(r.path);

test('cancelled like GitHub cancels a job: the final comment says "cancelled" with what finished, within 5 s of the SIGINT', async () => {
  script.hang = 'src/b.js';
  const before = { gh: world.gh.requests.length, model: world.model.requests.length };
  let pid = 0;
  const running = world.act('pull_request', pullRequestEvent(7), {
    workspace,
    runId: '6401',
    inputs,
    harness: { ownProcessGroup: true },
    onStart: (p) => (pid = p),
  });
  const started = () => world.model.requests.slice(before.model).length >= 2;
  for (let waited = 0; !started(); waited += 100) {
    if (waited > 120_000) throw new Error('the workers never reached the model');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The reviewer of src/a.js answers in one response: let it land first.
  await new Promise((r) => setTimeout(r, 3000));
  const sigintAt = Date.now();
  const [run, cancel] = await Promise.all([running, cancelLikeGitHub(pid)]);
  expect(cancel.sent.map((s) => s.signal)).toEqual(['SIGINT']);
  expect(cancel.goneAtMs).not.toBeNull();
  expect(run.outputs.conclusion).toBe('cancelled');
  expect(run.exitCode).toBe(1);
  const last = world.gh.requests.slice(before.gh).filter(isCommentWrite).pop()!;
  expect(last.status).toBe(200);
  expect(last.at - sigintAt).toBeLessThanOrEqual(5_000);
  const body = world.sticky();
  expect(body).toMatch(/🛑 codex-swarm · `review` cancelled/);
  expect(body).toMatch(/reviewer-\d.*succeeded/);
  expect(body).toContain('eval in src/a.js');
  expect(run.summary).toMatch(/`review` cancelled/);
  console.log(`cancelled: last comment write ${last.at - sigintAt} ms after the SIGINT; the action was gone ${cancel.goneAtMs} ms after it`);
});

test('a review POST answered 502 after GitHub created it: the action finds its own review and never posts a second', async () => {
  script.hang = '';
  world.gh.failNext('POST', /\/pulls\/7\/reviews$/, 502, 1, { landed: true });
  const before = { reviews: world.gh.state.reviews.length, requests: world.gh.requests.length };
  const run = await world.act('pull_request', pullRequestEvent(7), { workspace, runId: '6402', inputs: { ...inputs, 'fail-on': 'never' } });
  expect(run.exitCode).toBe(0);
  expect(world.gh.state.reviews.length - before.reviews).toBe(1);
  const calls = world.gh.requests.slice(before.requests).filter((r) => /\/pulls\/7\/reviews/.test(r.path));
  expect(calls.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 502', 'GET 200']);
});

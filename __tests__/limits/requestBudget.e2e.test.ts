/**
 * Issue 20 §1, end to end through the bundle: the run's GitHub request budget. A run of more than a
 * minute with a steady stream of worker events writes the live comment at most 4 times in any
 * minute; the final report gets through a secondary rate limit with a long retry-after (waits are
 * scaled to milliseconds in tests: 300 "s" are 300 ms), and is in the job summary when it cannot
 * (rate-limit-wait-minutes: 0, or the hour's 1,000 requests spent). The GitHub server enforces
 * GitHub's primary and secondary limits and records when each request came. Build first.
 */
import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import type { RecordedGitHubRequest } from '../fixtures/githubServer.js';
import type { Script } from '../fixtures/scriptedModel.js';
import { makeRepo } from '../workers/gitRepo.js';
import { startWorld, type World } from '../hardening/world.js';
import { mostInWindow } from '../fixtures/githubLimits.js';
import { pullRequestEvent } from './events.js';

jest.setTimeout(300_000);

const ANSWER = { status: 'complete', summary: 'reviewed', findings: [], pattern: { approach: 'read it', context: 'js' } };
/** Each reviewer runs 7 commands, 9 s of "model" before each step: 72 s of events. */
const SLOW: Script = {
  match: /# codex-swarm worker reviewer-/,
  steps: [...Array.from({ length: 7 }, (_, i) => ({ shell: `echo step ${i}` })), { message: ANSWER }],
  delayMs: 9_000,
};
const QUICK: Script = { match: /# codex-swarm worker reviewer-/, steps: [{ message: ANSWER }] };
const FILES = ['src/a.js', 'src/b.js', 'src/c.js', 'src/d.js'];

let world: World;
let workspace: string;

beforeAll(async () => {
  workspace = await makeRepo(Object.fromEntries(FILES.map((f) => [f, `export const x = '${f}';\n`])));
  world = await startWorld({ pulls: [{ number: 7, title: 'Four files', body: '', files: FILES.map((path) => ({ path, additions: 1 })) }] });
});
afterAll(async () => {
  await world?.close();
  await fs.rm(workspace, { recursive: true, force: true });
});

const COMMENT_WRITE = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+\/comments|comments\/\d+)$/;
const commentWrites = (requests: RecordedGitHubRequest[]) => requests.filter((r) => r.contentCreating && COMMENT_WRITE.test(r.path));

const review = (runId: string, inputs: Record<string, string> = {}) =>
  world.act('pull_request', pullRequestEvent(7), { workspace, runId, inputs: { workers: '4', 'max-parallel': '4', 'project-instructions': 'off', ...inputs } });

test('a run of over a minute with a steady stream of worker events: the live comment at most 4 writes in any minute', async () => {
  world.model.setScripts([SLOW]);
  const before = world.gh.requests.length;
  const run = await review('6301');
  expect(run.exitCode).toBe(0);
  const mine = world.gh.requests.slice(before);
  const writes = commentWrites(mine);
  const span = mine[mine.length - 1].at - mine[0].at;
  expect(span).toBeGreaterThan(70_000);
  // Every worker event asked for an update (dozens): they coalesce into one write every 20 s or more.
  expect(run.stdout.match(/^ {2}reviewer-\d: /gm)?.length ?? 0).toBeGreaterThan(30);
  expect(mostInWindow(writes)).toBeLessThanOrEqual(4);
  expect(writes.length).toBeLessThanOrEqual(Math.ceil(span / 20_000) + 2);
  console.log(
    `the live comment: ${writes.length} writes in ${Math.round(span / 1000)} s, ${mostInWindow(writes)} in the busiest minute; ${mine.length} requests in all`,
  );
});

test('the final report gets through a secondary rate limit asking for 300 s: the action waits it out', async () => {
  world.model.setScripts([QUICK]);
  world.gh.secondaryLimitNext(1, 300, 403, { path: /^\/issues\/comments\/\d+$/, body: /<sub>run / });
  const before = world.gh.requests.length;
  const run = await review('6302');
  expect(run.exitCode).toBe(0);
  const finals = world.gh.requests.slice(before).filter((r) => r.method === 'PATCH' && /<sub>run /.test(JSON.stringify(r.body)));
  expect(finals.map((r) => r.status)).toEqual([403, 200]);
  // 300 "s" at the tests' 1 ms a second.
  expect(finals[1].at - finals[0].at).toBeGreaterThanOrEqual(300);
  expect(world.sticky()).toContain('actions/runs/6302');
  expect(run.warnings.filter((w) => /secondary rate limit/.test(w))).toEqual([expect.stringMatching(/waiting 300s as GitHub asks/)]);
});

test('rate-limit-wait-minutes: 0 gives up at once: the comment keeps its progress, the job summary has the report', async () => {
  world.gh.secondaryLimitNext(1, 300, 403, { path: /^\/issues\/comments\/\d+$/, body: /<sub>run / });
  const run = await review('6303', { 'rate-limit-wait-minutes': '0' });
  expect(run.exitCode).toBe(0);
  expect(world.sticky()).not.toContain('<sub>run `6303-1`');
  expect(run.summary).toContain('<sub>run `6303-1`');
  expect(run.warnings.join('\n')).toMatch(/giving up: it asked to wait 300s after 0s of waiting, and rate-limit-wait-minutes allows 0s/);
});

test("the hour's requests spent mid-run (primary limit): the job summary still has the report", async () => {
  const spent = await startWorld({
    pulls: [{ number: 7, title: 'Four files', body: '', files: FILES.map((path) => ({ path, additions: 1 })) }],
    scripts: [QUICK],
    github: { rateLimit: { remaining: 5 } },
  });
  try {
    const run = await spent.act('pull_request', pullRequestEvent(7), { workspace, runId: '6304', inputs: { workers: '2', 'project-instructions': 'off' } });
    expect(spent.gh.rate.remaining).toBe(0);
    expect(spent.gh.requests.filter((r) => r.status === 403).length).toBeGreaterThan(0);
    expect(run.summary).toContain('<sub>run `6304-1`');
    expect(run.warnings.join('\n')).toMatch(/primary rate limit hit .*giving up/);
  } finally {
    await spent.close();
  }
});

/**
 * Issue 20 §2, end to end through the bundle: every finding visible, and a merge gate. With the
 * examples' `checks: write`, one `codex-swarm` check run on the PR's head (a pull_request run and a
 * /swarm comment alike) carries every finding, 50 annotations per request as the Checks API takes
 * them; without it, workflow annotations within what GitHub shows of a step. The GitHub server
 * enforces the token's scopes, the Checks API's 50-per-request cap and shows annotations as GitHub
 * does (10 per level per step). Build first (`npm run build`).
 */
import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScriptStep } from '../fixtures/scriptedModel.js';
import { makeRepo } from '../workers/gitRepo.js';
import { startWorld, type World } from '../hardening/world.js';
import { pullRequestEvent, workflowWith } from './events.js';

jest.setTimeout(240_000);

const HEAD = 'c'.repeat(40);
/** 60 findings, from the most to the least severe: more than one request of annotations, more than a step shows. */
const COUNTS = { critical: 5, high: 10, medium: 20, low: 15, info: 10 } as const;
const FINDINGS = Object.entries(COUNTS).flatMap(([severity, n]) => Array.from({ length: n }, (_, i) => ({ severity, n: i })));
const script = { fixed: false };

function reviewer(): ScriptStep {
  const findings = script.fixed
    ? [{ severity: 'low', file: 'src/big.js', line: 1, title: 'a low one stays', detail: 'style' }]
    : FINDINGS.map((f, i) => ({ severity: f.severity, file: 'src/big.js', line: i + 1, title: `${f.severity} finding ${f.n}`, detail: `line ${i + 1}` }));
  return { message: { status: 'complete', summary: 'reviewed', findings, pattern: { approach: 'read every line', context: 'js' } } };
}

let world: World;
let workspace: string;
let noChecks: string;

beforeAll(async () => {
  const big = Array.from({ length: 100 }, (_, i) => `export const v${i} = ${i};`).join('\n');
  workspace = await makeRepo({ 'src/big.js': `${big}\n` });
  world = await startWorld({
    pulls: [{ number: 7, title: 'Big', body: '', headSha: HEAD, files: [{ path: 'src/big.js', additions: 100 }] }],
    scripts: [{ match: /# codex-swarm worker reviewer-/, steps: reviewer }],
  });
  noChecks = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'codex-swarm-workflow-')), 'review.yml');
  await fs.writeFile(noChecks, workflowWith({ contents: 'read', 'pull-requests': 'write' }));
});
afterAll(async () => {
  await world?.close();
  await fs.rm(workspace, { recursive: true, force: true });
  if (noChecks) await fs.rm(path.dirname(noChecks), { recursive: true, force: true });
});

const FINDING_TITLE = /^(critical|high|medium|low|info): /;

test('with checks: write (pr-review.yml): one check run on the head carries all 60 findings in requests of 50 and 10, and fails the gate', async () => {
  script.fixed = false;
  const run = await world.act('pull_request', pullRequestEvent(7, { headSha: HEAD }), {
    workspace,
    runId: '6101',
    inputs: { workers: '1', 'fail-on': 'high' },
  });
  expect(run.exitCode).toBe(1);
  expect(world.gh.state.checkRuns).toHaveLength(1);
  const check = world.gh.state.checkRuns[0];
  expect(check).toMatchObject({ name: 'codex-swarm', headSha: HEAD, status: 'completed', conclusion: 'failure', externalId: '6101-1' });
  expect(check.annotationBatches).toEqual([50, 10]);
  expect(check.annotations).toHaveLength(60);
  // Most severe first, each at its line.
  expect(check.annotations.slice(0, 15).every((a) => a.level === 'failure')).toBe(true);
  expect(check.annotations.find((a) => a.title === 'critical: critical finding 0')).toMatchObject({ path: 'src/big.js', startLine: 1 });
  expect(check.output.title).toBe('codex-swarm: 60 open findings (5 critical, 10 high, 20 medium, 15 low, 10 info)');
  // The report is the summary: the same report the comment and the job summary hold.
  expect(check.output.summary).toContain('high finding 9');
  expect(check.output.summary?.split('\n')[0]).toBe(run.summary.split('\n')[0]);
  expect(check.detailsUrl).toContain('/actions/runs/6101');
  // The check run carries them: none is a workflow annotation too.
  expect(run.annotations.filter((a) => FINDING_TITLE.test(a.title ?? ''))).toHaveLength(0);
});

test('a /swarm comment (issue_comment, swarm-bot.yml) puts its check run on the PR head, not the default branch; resolved findings pass the gate', async () => {
  script.fixed = true;
  const before = world.gh.state.checkRuns.length;
  const run = await world.act('issue_comment', world.commentEvent('/swarm review --workers 1'), { workspace, runId: '6102', inputs: { 'fail-on': 'medium' } });
  expect(run.exitCode).toBe(0);
  const mine = world.gh.state.checkRuns.slice(before);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ headSha: HEAD, conclusion: 'success', externalId: '6102-1' });
  // The 60 of the last run are resolved: only the one low finding is open.
  expect(mine[0].output.title).toBe('codex-swarm: 1 open finding (1 low)');
});

test('without checks: write, findings are annotations within what GitHub shows: none dropped, most severe first, one notice for the rest', async () => {
  script.fixed = false;
  const before = world.gh.state.checkRuns.length;
  const run = await world.act('pull_request', pullRequestEvent(7, { headSha: HEAD }), {
    workspace,
    runId: '6103',
    inputs: { workers: '1', 'fail-on': 'high' },
    harness: { workflow: { file: noChecks } },
  });
  expect(run.exitCode).toBe(1);
  expect(world.gh.state.checkRuns).toHaveLength(before);
  expect(world.gh.requests.some((r) => r.method === 'POST' && r.path.endsWith('/check-runs') && r.status === 403)).toBe(true);
  expect(run.shownAnnotations.dropped).toEqual({ error: 0, warning: 0, notice: 0 });
  const findings = run.annotations.filter((a) => FINDING_TITLE.test(a.title ?? ''));
  const shown = run.shownAnnotations.shown.filter((a) => FINDING_TITLE.test(a.title ?? ''));
  expect(shown).toEqual(findings);
  // Every critical finding is shown before any high one; errors leave room for the failed step's own.
  expect(findings.filter((a) => a.level === 'error').map((a) => a.title!.split(':')[0])).toEqual([...Array(5).fill('critical'), ...Array(4).fill('high')]);
  const more = run.annotations.filter((a) => a.level === 'notice' && /more finding/.test(a.message));
  expect(more).toHaveLength(1);
  expect(more[0].message).toContain(`${60 - findings.length} more findings`);
  expect(more[0].message).toContain('the codex-swarm comment on #7');
  // The failed step's error is still shown.
  expect(run.shownAnnotations.shown.some((a) => a.level === 'error' && /at or above high/.test(a.message))).toBe(true);
});

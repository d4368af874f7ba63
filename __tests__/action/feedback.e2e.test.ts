/**
 * Maintainers teach the swarm, end to end as the runner runs it (`node dist/index.js`, the real
 * Codex CLI, the scripted model reporting the same findings on every run unless told otherwise,
 * the GitHub fixture, the results service for the memory cache). On one PR: a read-only user's 👎
 * changes nothing; a writer's 👍 raises the score of the pattern behind the finding (in the memory
 * file); a writer's 👎 keeps the finding off the next push's review, annotations, counts and
 * `fail-on`, shows it dismissed in the sticky comment and tells the next reviewers. `feedback: off`
 * makes no feedback request. And the README's noise figure: one doubtful finding re-reported on
 * 5 pushes, dismissed after the first. Build first (`npm run build`).
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { loadMemoryFile } from '../../src/memory/persist.js';
import { FEEDBACK, PATTERNS } from '../../src/memory/store.js';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { readStickyState } from '../../src/publish/comment/stickyState.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { tempDir } from '../workers/gitRepo.js';
import { ACTION_ENTRY, runBundledAction, type ActionRun } from './actionHarness.js';
import { DOUBTFUL, REAL, dbFile, openPull, reviewer } from './doubtfulFinding.js';

jest.setTimeout(600_000);

const KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const BOT = 'github-actions[bot]';
let gh: GitHubServer;
let results: ResultsService;
let model: ScriptedModel;
let runnerTemp: string;
const dirs: string[] = [];
const runs: ActionRun[] = [];

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  results = await startResultsService();
  [gh, model] = await Promise.all([
    startGitHubServer({ token: GH_TOKEN, permissions: { wendy: 'write', rita: 'read' }, pulls: [{ number: 7 }, { number: 8 }, { number: 9 }] }),
    startScriptedModel({ scripts: [{ match: /^# codex-swarm worker reviewer-/m, steps: reviewer }], requireApiKey: KEY }),
  ]);
  runnerTemp = await tempDir('feedback-runner');
  dirs.push(runnerTemp);
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  for (const r of runs) dirs.push(r.harnessDir);
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

const prEvent = (pr: number, action: string) => ({
  action,
  number: pr,
  pull_request: { number: pr, draft: false },
  repository: { full_name: 'octo-org/hello-world' },
  sender: { login: 'wendy', type: 'User' },
});

let runIds = 3000;
async function review(pr: number, workspace: string, action: string, inputs: Record<string, string> = {}) {
  const before = { requests: gh.requests.length, prompts: model.requests.length };
  const runId = String(++runIds);
  const run = await runBundledAction({
    eventName: 'pull_request',
    payload: prEvent(pr, action),
    workspace,
    runId,
    runnerTemp,
    // pr-review.yml's permissions.
    github: gh,
    inputs: { 'openai-api-key': KEY, 'github-token': GH_TOKEN, 'responses-api-endpoint': model.url, 'fail-on': 'high', memory: 'cache', ...inputs },
    env: { GITHUB_API_URL: gh.url, ...results.env },
  });
  runs.push(run);
  return { run, runId, requests: gh.requests.slice(before.requests), prompts: model.requests.slice(before.prompts).map((r) => r.prompt) };
}

const sticky = (pr: number) => gh.commentsOn(pr).find((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER))!.body;
const inline = (pr: number, title: string) => gh.state.reviewComments.filter((c) => c.pullNumber === pr && !c.inReplyToId && c.body.includes(title));
/** The run's annotations of a finding: on its `codex-swarm` check run (the token may write checks). */
const annotated = ({ runId }: { runId: string }, title: string) =>
  gh.state.checkRuns.find((c) => c.externalId === `${runId}-1`)!.annotations.filter((a) => `${a.title ?? ''} ${a.message}`.includes(title));
const memoryFile = () => path.join(runnerTemp, 'codex-swarm', 'memory.json');
async function reviewerPattern() {
  const store = await loadMemoryFile(memoryFile());
  const entry = store.list(PATTERNS).find((e) => e.key.startsWith('pattern-reviewer-'))!;
  // A query short of identical (which scores 1 whatever the record): the record's ±10 % shows.
  const [match] = store.search({ query: 'trace input into queries', namespace: PATTERNS, limit: 1 });
  return { entry, score: match.score, feedback: store.list(FEEDBACK) };
}

test("a read-only 👎 changes nothing; a writer's 👍 raises the pattern's score; a writer's 👎 keeps the finding out of the next push's review, annotations, counts and fail-on", async () => {
  const pr = await openPull(gh, 7, dirs);
  await pr.push({ 'src/db.js': dbFile('t') });
  const first = await review(7, pr.workspace, 'opened');
  expect(first.run.exitCode).toBe(1); // fail-on: high, the doubtful finding
  expect(inline(7, DOUBTFUL)).toHaveLength(1);
  expect(inline(7, REAL)).toHaveLength(1);
  // Each finding comment ends with its short id and the replies it takes.
  const doubtful = inline(7, DOUBTFUL)[0];
  const id = /codex-swarm:finding ([0-9a-f]{8})/.exec(doubtful.body)![1];
  expect(doubtful.body.trimEnd()).toMatch(new RegExp(`<sub>\`${id}\` · reply \`/swarm fix\`.*\`/swarm fix ${id}\`</sub>$`));

  // A read-only user's 👎: read, checked, not counted.
  gh.reactToReviewComment(doubtful.id, '-1', 'rita');
  await pr.push({ 'README.md': '# hello again\n' });
  const second = await review(7, pr.workspace, 'synchronize');
  expect(second.requests.some((r) => r.path.includes('/collaborators/rita/permission'))).toBe(true);
  expect(second.run.exitCode).toBe(1);
  expect(annotated(second, DOUBTFUL)).toHaveLength(1);
  expect(second.run.outputs['findings-count']).toBe('2');
  expect(sticky(7)).not.toContain('### Feedback');
  // The reviewers of this run had the first run's pattern in their prompts: the findings remember it.
  const patterns = readStickyState(sticky(7)).state;
  expect(patterns.promptPatterns).toEqual([expect.stringMatching(/^pattern-reviewer-/)]);

  // A writer's 👍 on the real finding: the pattern in the prompt that raised it records a success.
  const before = await reviewerPattern();
  gh.reactToReviewComment(inline(7, REAL)[0].id, '+1', 'wendy');
  await pr.push({ 'README.md': '# hello, third\n' });
  const third = await review(7, pr.workspace, 'synchronize');
  const after = await reviewerPattern();
  expect(before.entry).toMatchObject({ successes: 0, failures: 0 });
  expect(after.entry).toMatchObject({ successes: 1, failures: 0 });
  expect(after.score).toBeGreaterThan(before.score);
  expect(sticky(7)).toContain('🗣️ Feedback taken in: 1 confirmed since the last run.');
  expect(third.run.exitCode).toBe(1);

  // A writer's 👎 on the doubtful one, then a push that edits its line (a new fingerprint: without the verdict it would be posted again).
  gh.reactToReviewComment(doubtful.id, '-1', 'wendy');
  await pr.push({ 'src/db.js': dbFile('orders') });
  const fourth = await review(7, pr.workspace, 'synchronize');
  expect(fourth.run.stderr).toBe('');
  expect(inline(7, DOUBTFUL)).toHaveLength(1); // the first run's comment only
  expect(annotated(fourth, DOUBTFUL)).toEqual([]);
  expect(fourth.run.exitCode).toBe(0); // fail-on: high no longer fails on it
  expect(fourth.run.outputs).toMatchObject({ conclusion: 'success', 'findings-count': '1' });
  // The merge gate (the check run) passes too, and its title counts the open finding only.
  expect(gh.state.checkRuns.find((c) => c.externalId === `${fourth.runId}-1`)).toMatchObject({
    conclusion: 'success',
    output: { title: 'codex-swarm: 1 open finding (1 medium)' },
  });
  const body = sticky(7);
  expect(body).toContain('🗣️ Feedback taken in: 1 dismissed since the last run.');
  expect(body).toMatch(
    /<details><summary>🙅 1 finding dismissed by maintainers: not posted, not counted<\/summary>[\s\S]*SQL built from request input — dismissed by @&#8203;wendy/,
  );
  // Dismissed is not resolved: no "resolved" reply on its comment, no resolved line.
  expect(gh.state.reviewComments.filter((c) => c.inReplyToId === doubtful.id)).toEqual([]);
  expect(body).not.toMatch(/resolved since[\s\S]*SQL built/);
  // The reviewers were told before they started, and the memory file holds both verdicts and the pattern's record.
  expect(fourth.prompts.some((p) => p.includes('Maintainers dismissed findings like these') && p.includes(DOUBTFUL))).toBe(true);
  const learned = await reviewerPattern();
  expect(learned.entry).toMatchObject({ successes: 1, failures: 1 });
  expect(learned.feedback.map((e) => (e.value as { verdict: string }).verdict).sort()).toEqual(['confirmed', 'dismissed']);
  // results.json carries the verdicts and what they kept out.
  const resultsJson = JSON.parse(await fs.readFile(fourth.run.outputs['results-file'], 'utf8')) as { feedback: Record<string, unknown[]> };
  expect(resultsJson.feedback.verdicts).toHaveLength(2);
  expect(resultsJson.feedback.dismissed).toEqual([expect.objectContaining({ title: DOUBTFUL, file: 'src/db.js' })]);

  // feedback: off: no reaction or permission request; the dismissal is not applied (the finding is posted at its new line).
  await pr.push({ 'README.md': '# hello, fifth\n' });
  const off = await review(7, pr.workspace, 'synchronize', { feedback: 'off' });
  expect(off.requests.filter((r) => /\/reactions|\/permission/.test(r.path))).toEqual([]);
  console.log(
    `GitHub requests of a run on this PR: ${fourth.requests.length} with feedback: learn (2 people, 2 voted comments), ${off.requests.length} with feedback: off`,
  );
  expect(off.prompts.some((p) => p.includes('Maintainers'))).toBe(false);
  expect(inline(7, DOUBTFUL)).toHaveLength(2);
  expect(off.run.exitCode).toBe(1);
});

test('the noise figure: one doubtful finding re-reported on 5 pushes (its line edited each time), dismissed after push 1 → inline comments 1, 0, 0, 0, 0', async () => {
  const perPush = async (pr: number, dismiss: boolean) => {
    const repo = await openPull(gh, pr, dirs);
    const counts: number[] = [];
    for (let n = 1; n <= 5; n++) {
      await repo.push({ 'src/db.js': dbFile(`t${n}`) });
      const before = inline(pr, DOUBTFUL).length;
      await review(pr, repo.workspace, n === 1 ? 'opened' : 'synchronize', { memory: 'off' });
      counts.push(inline(pr, DOUBTFUL).length - before);
      if (n === 1 && dismiss) gh.replyInThread(inline(pr, DOUBTFUL)[0].id, '/swarm dismiss ids are integers, checked by the router', 'wendy');
    }
    return counts;
  };
  const dismissed = await perPush(8, true);
  const control = await perPush(9, false);
  console.log(
    `noise figure: inline comments for the doubtful finding per push, dismissed after push 1: ${dismissed.join(', ')}; never dismissed: ${control.join(', ')}`,
  );
  expect(dismissed).toEqual([1, 0, 0, 0, 0]);
  expect(control).toEqual([1, 1, 1, 1, 1]);
  expect(sticky(8)).toContain('dismissed by @&#8203;wendy: ids are integers, checked by the router');
});

/**
 * A maintainer's dismissal reaches other pull requests (issue 21 (b)), end to end through the bundle
 * on GitHub as it is: every run is `node dist/index.js` on a fresh runner (RUNNER_TEMP emptied),
 * a job of examples/pr-review.yml with its own `permissions:` block (no `actions: write`, so no
 * run writes the cache: memory travels only in the runs' delta artifacts), the runtime token's
 * cache scopes of a `pull_request` run, the real Codex CLI and the scripted model, which reports the
 * same two findings on every run. Build first (`npm run build`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { jest } from '@jest/globals';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { restArtifacts } from '../fixtures/artifactServer.js';
import { repositoryId, startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { tempDir } from '../workers/gitRepo.js';
import { ACTION_ENTRY, jobRuntime, runBundledAction, type ActionRun } from './actionHarness.js';
import { DOUBTFUL, REAL, dbFile, openPull, reviewer } from './doubtfulFinding.js';

jest.setTimeout(600_000);

const KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const REPO = 'octo-org/hello-world';
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
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { wendy: 'write' },
      artifacts: restArtifacts(results.artifacts),
      pulls: [{ number: 7 }, { number: 8 }],
    }),
    startScriptedModel({ scripts: [{ match: /# codex-swarm worker reviewer-/, steps: reviewer }], requireApiKey: KEY }),
  ]);
  runnerTemp = await tempDir('feedback-across-runner');
  dirs.push(runnerTemp);
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  for (const r of runs) dirs.push(r.harnessDir);
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

let runIds = 7100;
/** One pr-review.yml job on a fresh runner: the example's permissions, a pull_request run's runtime token. */
const review = (pr: number, workspace: string, action: string) => job(pr, workspace, action, { runId: String(++runIds) });

/** One job of an example (default pr-review.yml's) for a pull_request event, on a fresh runner. */
async function job(
  pr: number,
  workspace: string,
  action: string,
  o: { runId: string; workflow?: { file: string; job: string }; inputs?: Record<string, string>; event?: { name: string; payload: unknown } },
) {
  const before = model.requests.length;
  const { runId } = o;
  await fs.rm(runnerTemp, { recursive: true, force: true });
  const event = o.event ?? {
    name: 'pull_request',
    payload: {
      action,
      number: pr,
      pull_request: { number: pr, draft: false, head: { repo: { id: repositoryId(REPO), full_name: REPO } } },
      repository: { id: repositoryId(REPO), full_name: REPO, default_branch: 'main' },
      sender: { login: 'wendy', type: 'User' },
    },
  };
  const run = await runBundledAction({
    eventName: event.name,
    payload: event.payload,
    workspace,
    runId,
    runnerTemp,
    github: gh,
    ...(o.workflow ? { workflow: o.workflow, job: o.workflow.job } : {}),
    inputs: { 'openai-api-key': KEY, 'github-token': GH_TOKEN, 'responses-api-endpoint': model.url, ...o.inputs },
    env: {
      GITHUB_API_URL: gh.url,
      ...jobRuntime(results, { event: event.name, pr, actionsWrite: false, runId, ...(o.workflow ? { job: o.workflow.job } : {}) }),
    },
  });
  runs.push(run);
  return { run, prompts: model.requests.slice(before).map((r) => r.prompt) };
}

let eight: Awaited<ReturnType<typeof openPull>>;

const sticky = (pr: number) => gh.commentsOn(pr).find((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER))!.body;
const inline = (pr: number, title: string) => gh.state.reviewComments.filter((c) => c.pullNumber === pr && !c.inReplyToId && c.body.includes(title));

test("(b) a finding a maintainer dismisses in its thread on PR 7 is held back on PR 8's similar code, shown as such, PR 8's reviewer is told; PR 7's next run files the verdict once", async () => {
  const seven = await openPull(gh, 7, dirs);
  await seven.push({ 'src/db.js': dbFile('users') });
  const first = await review(7, seven.workspace, 'opened');
  expect(first.run.exitCode).toBe(0);
  expect(inline(7, DOUBTFUL)).toHaveLength(1);

  // wendy (write access) dismisses it in its thread. That reply's run (swarm-bot.yml, no model call) answers with a 👍
  // and uploads the verdict at once: PR 8 learns it though no other run follows on PR 7 (merged right after, say).
  const reply = gh.replyInThread(inline(7, DOUBTFUL)[0].id, '/swarm dismiss ids are integers, checked by the router', 'wendy');
  const dismissal = await job(7, seven.workspace, 'created', {
    runId: String(++runIds),
    event: { name: 'pull_request_review_comment', payload: gh.reviewCommentEvent(reply.id) },
  });
  expect(dismissal.run.exitCode).toBe(0);
  expect(dismissal.prompts).toEqual([]);
  expect(gh.state.reviewCommentReactions.filter((r) => r.commentId === reply.id).map((r) => r.content)).toEqual(['+1']);
  expect(dismissal.run.stdout).toMatch(/memory: uploaded what this run learned \(0 entr\(ies\), \d+ counter change\(s\), 1 verdict\(s\)\)/);
  expect(dismissal.run.warnings).toEqual([]);

  // PR 8, similar code, on a fresh runner: the verdict comes from PR 7's delta artifacts.
  eight = await openPull(gh, 8, dirs);
  await eight.push({ 'src/db.js': dbFile('accounts') });
  const third = await review(8, eight.workspace, 'opened');
  expect(third.run.exitCode).toBe(0);
  expect(third.run.stdout).toMatch(/memory: .*new delta\(s\)/);
  // The reviewer was told before it started.
  const reviewerPrompt = third.prompts.find((p) => p.includes('# codex-swarm worker reviewer-'))!;
  expect(reviewerPrompt).toContain('Maintainers dismissed findings like these');
  expect(reviewerPrompt).toContain(DOUBTFUL);
  // Held back from the inline review, listed in the sticky comment with a link; the real finding is posted.
  expect(inline(8, DOUBTFUL)).toEqual([]);
  expect(inline(8, REAL)).toHaveLength(1);
  expect(sticky(8)).toContain(`${DOUBTFUL} — held back: like one @&#8203;wendy dismissed in [#7](https://github.com/${REPO}/pull/7)`);
  const resultsJson = JSON.parse(await fs.readFile(third.run.outputs['results-file'], 'utf8')) as { feedback: { heldBack: unknown[] } };
  expect(resultsJson.feedback.heldBack).toEqual([expect.objectContaining({ title: DOUBTFUL, file: 'src/db.js' })]);
  // The next push on PR 7 applies the verdict (the sticky says it was taken in) and memory files it once.
  await seven.push({ 'README.md': '# hello again\n' });
  const again = await review(7, seven.workspace, 'synchronize');
  expect(again.run.exitCode).toBe(0);
  expect(again.run.stdout).toContain('feedback: 0 verdict(s) recorded in memory, 1 held already.');
  expect(sticky(7)).toContain('🗣️ Feedback taken in: 1 dismissed since the last run.');
  expect(inline(7, DOUBTFUL)).toHaveLength(1);

  // No run could write the cache (pr-review.yml has no actions: write) and every runner started empty: the verdict came in PR 7's delta.
  expect(results.cache.calls).not.toContain('CreateCacheEntry');
  console.log(`across PRs: the doubtful finding inline on PR 7 ${inline(7, DOUBTFUL).length}, on PR 8 ${inline(8, DOUBTFUL).length} (held back)`);
});

test('a matrix run (swarm-matrix.yml) does it in its aggregate job: the dismissal on PR 7 still holds the finding back; a dismissal on its own PR is applied, recorded and uploaded', async () => {
  // wendy dismisses the real finding on PR 8 too; the next push edits its line (a new fingerprint).
  gh.reactToReviewComment(inline(8, REAL)[0].id, '-1', 'wendy');
  await eight.push({ 'src/db.js': dbFile('accounts').replace('return db.query(q);', 'return db.query(q); // pooled') });
  const runId = String(++runIds);
  const matrix = (name: string, inputs: Record<string, string>) =>
    job(8, eight.workspace, 'synchronize', { runId, workflow: { file: 'examples/swarm-matrix.yml', job: name }, inputs });
  const plan = await matrix('plan', { mode: 'plan', command: 'review', workers: '1' });
  expect(plan.run.outputs.jobs).toBe('1');
  const work = await matrix('work', { mode: 'work', shard: '1' });
  expect(work.run.exitCode).toBe(0);
  // The work job's reviewer was told of PR 7's dismissal (the work job reads other runs with actions: read).
  expect(work.prompts.some((p) => p.includes('Maintainers dismissed findings like these') && p.includes(DOUBTFUL))).toBe(true);
  const aggregate = await matrix('aggregate', { mode: 'aggregate', 'fail-on': 'high' });
  expect(aggregate.run.warnings.filter((w) => w.startsWith('memory:'))).toEqual([]);
  expect(aggregate.run.stdout).toMatch(/memory: uploaded what this run learned \(\d+ entr\(ies\), \d+ counter change\(s\), 1 verdict\(s\)\)/);
  // No new inline comment for either: one dismissed here, one held back like PR 7's.
  expect(inline(8, REAL)).toHaveLength(1);
  expect(inline(8, DOUBTFUL)).toEqual([]);
  const body = sticky(8);
  expect(body).toContain(`${REAL} — dismissed by @&#8203;wendy`);
  expect(body).toContain(`${DOUBTFUL} — held back: like one @&#8203;wendy dismissed in [#7](https://github.com/${REPO}/pull/7)`);
  // Held back is still open (the dismissal was about other code): it counts, and fails the high gate; the dismissed one does not.
  expect(aggregate.run.outputs['findings-count']).toBe('1');
  expect(aggregate.run.exitCode).toBe(1);
});

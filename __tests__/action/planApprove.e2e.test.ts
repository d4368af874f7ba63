/**
 * `/swarm plan` then `/swarm approve` through the bundled action (`node dist/index.js`) with the
 * local GitHub server and the real Codex CLI against the scripted model: the plan run calls only
 * the planner and posts the decomposition with the plan in the comment's hidden state; an edited
 * plan is refused; approval runs the posted plan's coders without a planner; a second approval
 * finds nothing to run. Build first (`npm run build`).
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { readStickyState, renderStickyState } from '../../src/publish/comment/stickyState.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, workerIdOf, type ScriptedModel, type ScriptStep } from '../fixtures/scriptedModel.js';
import { makeRepo, status, tempDir } from '../workers/gitRepo.js';
import { ACTION_ENTRY, jobRuntime, runBundledAction, type ActionRun } from './actionHarness.js';

jest.setTimeout(240_000);

const KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const BOT = 'github-actions[bot]';
const FILES = ['src/alpha.js', 'src/beta.js', 'lib/gamma.js'];
const SUBTASKS = FILES.map((f, i) => ({
  id: `part-${i + 1}`,
  title: `Bump ${f}`,
  instructions: `Set the value in ${f} to ${(i + 1) * 10}.`,
  files: [f],
  dependsOn: [],
}));

let gh: GitHubServer;
let results: ResultsService;
let model: ScriptedModel;
let workspace: string;
let runnerTemp: string;
const runs: ActionRun[] = [];
let commentIds = 500;

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  [gh, results, model] = await Promise.all([
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { alice: 'write' },
      pulls: [{ number: 7, title: 'Constants', body: 'Bumps constants.', headRef: 'feature', files: FILES.map((f) => ({ path: f, additions: 1 })) }],
    }),
    startResultsService(),
    startScriptedModel({
      requireApiKey: KEY,
      scripts: [
        {
          match: /# codex-swarm worker planner-1\n/,
          steps: [
            {
              message: {
                status: 'complete',
                summary: 'One coder per file',
                subtasks: SUBTASKS,
                pattern: { approach: 'one coder per file', context: 'independent constants' },
              },
            },
          ],
        },
        ...FILES.map((f, i) => ({
          match: new RegExp(`# codex-swarm worker coder-${i + 1}\\n`),
          steps: [{ shell: `printf 'export const value = ${(i + 1) * 10};\\n' > ${f}` }, {}] as ScriptStep[],
        })),
      ],
    }),
  ]);
  workspace = await makeRepo(Object.fromEntries(FILES.map((f) => [f, 'export const value = 0;\n'])));
  runnerTemp = await tempDir('runner-temp');
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), model?.close()]);
  await fs.rm(workspace, { recursive: true, force: true });
  await fs.rm(runnerTemp, { recursive: true, force: true });
  for (const r of runs) await fs.rm(r.harnessDir, { recursive: true, force: true });
});

function commentEvent(body: string, login = 'alice') {
  const id = ++commentIds;
  const at = new Date().toISOString();
  gh.state.comments.push({ id, issueNumber: 7, body, user: { login, type: 'User' }, createdAt: at, updatedAt: at });
  return {
    action: 'created',
    issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/octo-org/hello-world/pulls/7' } },
    comment: { id, body, user: { login, type: 'User' } },
    repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
    sender: { login, type: 'User' },
  };
}

async function comment(body: string, runId: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runBundledAction({
    eventName: 'issue_comment',
    github: gh,
    payload: commentEvent(body),
    workspace,
    runId,
    runnerTemp,
    inputs: { 'openai-api-key': KEY, 'github-token': GH_TOKEN, 'responses-api-endpoint': model.url, 'max-parallel': '4', ...inputs },
    // An issue_comment job's runtime token: the cache is read-only, as on GitHub.
    env: { GITHUB_API_URL: gh.url, ...jobRuntime(results, { event: 'issue_comment', runId }) },
  });
  runs.push(run);
  return run;
}

const sticky = () => {
  const found = gh.commentsOn(7).filter((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER));
  expect(found).toHaveLength(1);
  return found[0];
};
const replies = () => gh.commentsOn(7).filter((c) => c.user.login === BOT && !c.body.includes(STICKY_MARKER));
const workersAsked = (from: number) => [...new Set(model.requests.slice(from).map((r) => workerIdOf(r.prompt)))].sort();

test('/swarm plan posts the decomposition; an edited plan is refused; /swarm approve runs it as posted, once', async () => {
  // The plan: only the planner asks the model; the comment shows the table and how to approve.
  let from = model.requests.length;
  const planned = await comment('/swarm plan Bump the three constants to 10, 20 and 30', '2001');
  expect(planned.stderr).toBe('');
  expect(planned.exitCode).toBe(0);
  expect(workersAsked(from)).toEqual(['planner-1']);
  const posted = sticky().body;
  expect(posted).toContain('### Plan');
  expect(posted).toContain('| 2 | Bump src/beta.js | `src/beta.js` | `coder-2` | 📝 planned | — |');
  expect(posted).toMatch(/\*\*Reply `\/swarm approve` to run it\*\* \(plan `[0-9a-f]{12}`/);
  const state = readStickyState(posted).state;
  expect(JSON.parse(state.pendingPlan!.json)).toMatchObject({ task: 'Bump the three constants to 10, 20 and 30', subtasks: SUBTASKS });
  expect(planned.summary).toContain('### Plan');
  expect(planned.outputs.conclusion).toBe('success');
  expect(await status(workspace)).toBe('');
  process.stdout.write(`\n----- the comment after /swarm plan -----\n${posted}\n-----\n`);

  // Someone edits the plan in the hidden block: approval refuses it and nothing runs.
  const record = gh.state.comments.find((c) => c.body === posted)!;
  const edited = JSON.stringify({ ...JSON.parse(state.pendingPlan!.json), task: 'Delete everything' });
  record.body = posted.replace(
    /<!-- codex-swarm:state [^>]*-->/,
    renderStickyState({ ...state, pendingPlan: { json: edited, sha256: state.pendingPlan!.sha256 } }),
  );
  from = model.requests.length;
  const refused = await comment('/swarm approve', '2002');
  expect(refused.exitCode).toBe(1);
  expect(model.requests.length).toBe(from);
  expect(replies().at(-1)?.body).toContain('does not match the plan that was posted (its hash differs): it was changed after posting, so it was not run.');
  record.body = posted;

  // Approval: the coders of the posted plan at once, then tester and reviewer; no planner.
  from = model.requests.length;
  const approved = await comment('/swarm approve', '2003');
  expect(approved.stderr).toBe('');
  expect(approved.exitCode).toBe(0);
  expect(workersAsked(from)).toEqual(['coder-1', 'coder-2', 'coder-3', 'reviewer-1', 'tester-1']);
  const done = sticky().body;
  for (let i = 1; i <= 3; i++)
    expect(done).toMatch(new RegExp(`\\| ${i} \\| Bump [^|]+ \\| \`[^|]+\` \\| \`coder-${i}\` \\| ✅ succeeded \\| \\+1 −1 in 1 file \\|`));
  expect(done).toContain('**Approved plan (plan `');
  expect(readStickyState(done).state.pendingPlan).toBeNull();
  expect(approved.outputs['patch-file']).toBeTruthy();
  const combined = await fs.readFile(approved.outputs['patch-file'], 'utf8');
  for (const v of [10, 20, 30]) expect(combined).toContain(`+export const value = ${v};`);
  // planner → coders → tester/reviewer, in the timeline.
  expect([...done.matchAll(/^ {2}section (\w+)$/gm)].map((m) => m[1])).toEqual(['coder', 'tester', 'reviewer']);
  process.stdout.write(`\n----- the comment after /swarm approve -----\n${done}\n-----\n`);

  // The plan is used up.
  from = model.requests.length;
  const again = await comment('/swarm approve', '2004');
  expect(again.exitCode).toBe(0);
  expect(again.outputs.conclusion).toBe('skipped');
  expect(model.requests.length).toBe(from);
  expect(replies().at(-1)?.body).toContain('There is no plan waiting for approval on this pull request. Post one with `/swarm plan <instructions>` first.');
});

test('with plan-approval: true, /swarm code only plans and waits for /swarm approve', async () => {
  const from = model.requests.length;
  const run = await comment('/swarm code Bump the three constants to 10, 20 and 30', '2005', { 'plan-approval': 'true' });
  expect(run.exitCode).toBe(0);
  expect(workersAsked(from)).toEqual(['planner-1']);
  const body = sticky().body;
  expect(body).toContain('**Reply `/swarm approve` to run it**');
  expect(readStickyState(body).state.pendingPlan).not.toBeNull();
});

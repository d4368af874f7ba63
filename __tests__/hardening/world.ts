/**
 * One hostile world per hardening file: the GitHub API, the results service (artifacts + cache)
 * and the scripted model on 127.0.0.1, a writer and a PR, and the bundled action run as the runner
 * runs it (Node 24, real codex). Servers are shared by the file's tests; every run is cleaned up.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import { ACTION_ENTRY, jobRuntime, runBundledAction, type ActionRun, type ActionRunOptions } from '../action/actionHarness.js';
import { startGitHubServer, type GitHubServer, type GitHubServerOptions, type PullSeed } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedModel, type Script, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { tempDir } from '../workers/gitRepo.js';

export const BOT = 'github-actions[bot]';

export interface World {
  key: string;
  token: string;
  gh: GitHubServer;
  results: ResultsService;
  model: ScriptedModel;
  runs: ActionRun[];
  /** RUNNER_TEMP shared by the file's runs (the action keeps its memory file there). */
  runnerTemp: string;
  /** A `/swarm` comment by `login` on PR `pr`, recorded as GitHub holds it, and its event. */
  commentEvent(body: string, pr?: number, login?: string): { comment: { id: number } } & Record<string, unknown>;
  act(
    eventName: string,
    payload: unknown,
    o: {
      workspace: string;
      inputs?: Record<string, string>;
      env?: Record<string, string>;
      runId: string;
      onStart?: (pid: number) => void;
      /** More of the runner's facts: the workflow whose permissions apply, a fork, the attempt, the job, a process group. */
      harness?: Pick<ActionRunOptions, 'workflow' | 'fork' | 'runAttempt' | 'job' | 'ownProcessGroup' | 'runnerTemp'>;
    },
  ): Promise<ActionRun>;
  sticky(pr?: number): string;
  close(): Promise<void>;
}

export async function startWorld({
  pulls,
  scripts = [],
  github = {},
}: {
  pulls: PullSeed[];
  scripts?: Script[];
  /** More of the GitHub server's options (its rate limits). */
  github?: Pick<GitHubServerOptions, 'rateLimit' | 'actionsCanCreatePullRequests'>;
}): Promise<World> {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  const key = `sk-hardening-${randomBytes(12).toString('hex')}`;
  const token = `ghs_${randomBytes(16).toString('hex')}`;
  const [gh, results, model] = await Promise.all([
    startGitHubServer({ token, permissions: { alice: 'write' }, pulls, ...github }),
    startResultsService(),
    startScriptedModel({ scripts, requireApiKey: key }),
  ]);
  const runnerTemp = await tempDir('hardening-runner');
  const runs: ActionRun[] = [];
  let ids = 500;
  return {
    key,
    token,
    gh,
    results,
    model,
    runs,
    runnerTemp,
    commentEvent(body, pr = 7, login = 'alice') {
      const id = ++ids;
      const at = new Date().toISOString();
      const type = login.endsWith('[bot]') ? 'Bot' : 'User';
      gh.state.comments.push({ id, issueNumber: pr, body, user: { login, type }, createdAt: at, updatedAt: at });
      return {
        action: 'created',
        issue: { number: pr, pull_request: { url: `https://api.github.com/repos/octo-org/hello-world/pulls/${pr}` } },
        comment: { id, body, user: { login, type } },
        repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
        sender: { login, type },
      };
    },
    async act(eventName, payload, o) {
      const run = await runBundledAction({
        eventName,
        github: gh,
        payload,
        workspace: o.workspace,
        runId: o.runId,
        runnerTemp,
        ...(o.onStart ? { onStart: o.onStart } : {}),
        ...o.harness,
        inputs: { 'openai-api-key': key, 'github-token': token, 'responses-api-endpoint': model.url, 'max-parallel': '2', memory: 'off', ...o.inputs },
        // The runtime token GitHub gives the event's job (an issue_comment's: the cache read-only).
        env: { GITHUB_API_URL: gh.url, ...jobRuntime(results, { event: eventName, runId: o.runId, pr: pullNumberOf(payload) }), ...o.env },
      });
      runs.push(run);
      return run;
    },
    sticky(pr = 7) {
      return gh.commentsOn(pr).find((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER))?.body ?? '';
    },
    async close() {
      await Promise.all([gh.close(), results.close(), model.close()]);
      await fs.rm(runnerTemp, { recursive: true, force: true });
      for (const r of runs) await fs.rm(r.harnessDir, { recursive: true, force: true });
    },
  };
}

/** The pull request an event is about (a pull_request run's token has that PR's cache scope). */
function pullNumberOf(payload: unknown): number | undefined {
  const p = payload as { pull_request?: { number?: unknown }; issue?: { number?: unknown } } | null;
  const n = p?.pull_request?.number ?? p?.issue?.number;
  return typeof n === 'number' ? n : undefined;
}

/** What a run printed, less the `::add-mask::` commands the runner consumes (they never reach the log). */
export const printed = (run: ActionRun) => `${run.stdout.replace(/^::add-mask::.*$/gm, '')}\n${run.stderr}`;

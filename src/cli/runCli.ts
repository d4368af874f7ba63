/**
 * The local CLI: the same engine as the action, on the repository you are in. The run folder is
 * `.codex-swarm/runs/<id>/` (the folder ignores itself), memory is `.codex-swarm/memory.json`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMemoryCommand } from '../memory/cli.js';
import { openMemorySession } from '../memory/session.js';
import { buildPlan, describePlan, describePlanFiles, PlanError } from '../plan/buildPlan.js';
import { firstCodePlan } from '../plan/codePlan.js';
import { readSavedPlan, SavedPlanError, type SavedPlan } from '../plan/savedPlan.js';
import { listFiles } from '../plan/files.js';
import { renderReport } from '../publish/report/markdownReport.js';
import { renderPlainSummary } from '../publish/report/textReport.js';
import { runLifecycle, type RunRecipe, type RunSurface } from '../run/lifecycle.js';
import { PLAN_FILE, runCodeTask } from '../swarm/runCodeTask.js';
import type { MergeReport, ModelEndpoint } from '../swarm/types.js';
import { registerSecret } from '../util/redact.js';
import { VERSION } from '../version.js';
import { parseCodexArgs } from '../workers/codexArgs.js';
import { normalizeResponsesEndpoint } from '../workers/modelProxy.js';
import { claudeSetup, type ClaudeConfig } from '../workers/claudeSetup.js';
import { engineOf } from '../workers/engine.js';
import { codexSwarmCacheDir, resolveCodex } from '../workers/resolveCodex.js';
import { git } from '../git/git.js';
import { CLI_USAGE, parseCliArgs, UsageError, type CliRun } from './args.js';
import { dryRunText, MEMORY_SEARCH } from './dryRun.js';
import { claimScratchDir, describeLeftovers, removeLeftovers, scratchDirFor } from './leftovers.js';
import { startProgress, type Progress } from './progress.js';

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The codex executable to use instead of resolving one (the demo and tests). */
  codexPath?: string;
  /** The claude executable to use instead of resolving one (tests). */
  claudePath?: string;
  /** Aborts the run like Ctrl-C. */
  signal?: AbortSignal;
}

export const EXIT = { ok: 0, workerFailed: 1, usage: 2, notApplied: 3, interrupted: 130 } as const;
const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** The action's `claude-max-turns` default. */
const CLAUDE_MAX_TURNS = 50;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const complain = (text: string) => io.stderr.write(`codex-swarm: ${text}\n`);
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    complain(`${err.message}\n\n${CLI_USAGE}`);
    return EXIT.usage;
  }
  if (command.kind === 'help') return (say(CLI_USAGE), EXIT.ok);
  if (command.kind === 'version') return (say(`codex-swarm ${VERSION}`), EXIT.ok);

  const repoDir = await repositoryRoot(io.cwd);
  if (!repoDir) {
    complain('run it inside a git repository with at least one commit (workers get worktrees of HEAD).');
    return EXIT.usage;
  }
  const home = path.join(repoDir, '.codex-swarm');
  await fs.mkdir(home, { recursive: true });
  // Like pytest's cache folder: it ignores itself, so `git status` stays clean.
  if (!existsSync(path.join(home, '.gitignore'))) await fs.writeFile(path.join(home, '.gitignore'), '*\n');
  const memoryFile = path.join(home, 'memory.json');

  if (command.kind === 'memory') return runMemoryCommand(command.args, { file: memoryFile, write: (s) => io.stdout.write(s) });
  if (command.kind === 'clean') {
    say(describeLeftovers(await removeLeftovers(repoDir)) ?? 'nothing to clean: no run left worktrees or temp folders behind.');
    return EXIT.ok;
  }
  return runSwarmCommand(command, { io, repoDir, home, memoryFile, say, complain });
}

async function runSwarmCommand(
  command: CliRun,
  {
    io,
    repoDir,
    home,
    memoryFile,
    say,
    complain,
  }: { io: CliIO; repoDir: string; home: string; memoryFile: string; say: (t: string) => void; complain: (t: string) => void },
): Promise<number> {
  let plan;
  let listed;
  let approved: SavedPlan | undefined;
  try {
    if (command.planFile) {
      const text = await fs.readFile(command.planFile, 'utf8').catch((err: Error) => {
        throw new SavedPlanError(`cannot read the plan file ${command.planFile}: ${err.message}`);
      });
      approved = readSavedPlan(text, { source: command.planFile });
    }
    listed = await listFiles({ repoDir, command: command.request.command });
    const args = { request: command.request, ...listed };
    plan = command.request.command === 'code' ? firstCodePlan({ ...args, ...(approved ? { approved } : {}) }) : buildPlan(args);
  } catch (err) {
    if (!(err instanceof PlanError || err instanceof SavedPlanError)) throw err;
    complain(err.message);
    return EXIT.usage;
  }
  if (command.dryRun) {
    say(await dryRunText(plan, command.memory ? memoryFile : null, complain));
    return EXIT.ok;
  }
  let codexArgs: string[];
  let model: ModelEndpoint | undefined;
  let codexHomeFiles: string[] = [];
  let claude: ClaudeConfig | null;
  const usesCodex = plan.workers.some((w) => engineOf(w) === 'codex');
  try {
    codexArgs = parseCodexArgs(command.codexArgs);
    const apiKey = io.env.OPENAI_API_KEY?.trim();
    if (apiKey) registerSecret(apiKey);
    const anthropicKey = io.env.ANTHROPIC_API_KEY?.trim() ?? '';
    if (anthropicKey) registerSecret(anthropicKey);
    claude = await claudeSetup({
      specs: plan.workers,
      apiKey: anthropicKey,
      baseUrl: io.env.ANTHROPIC_BASE_URL?.trim() ?? '',
      model: command.claudeModel,
      version: command.claudeCodeVersion,
      maxTurns: CLAUDE_MAX_TURNS,
      ...(io.claudePath ? { claudePath: io.claudePath } : {}),
    });
    if (usesCodex && (command.endpoint || apiKey)) {
      model = { baseUrl: command.endpoint ? normalizeResponsesEndpoint(command.endpoint) : OPENAI_BASE_URL, ...(apiKey ? { apiKey } : {}) };
    } else if (usesCodex) {
      const auth = path.join(io.env.CODEX_HOME || path.join(os.homedir(), '.codex'), 'auth.json');
      if (!existsSync(auth)) throw new UsageError('no model access: set OPENAI_API_KEY, sign in with `codex login`, or pass --endpoint <url>.');
      codexHomeFiles = [auth];
    }
  } catch (err) {
    complain((err as Error).message);
    return EXIT.usage;
  }

  const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  const runDir = path.join(home, 'runs', runId);
  const scratchDir = scratchDirFor(runId);
  let progress: Progress | null = null;
  const recipe: RunRecipe = {
    runId,
    repoDir,
    runDir,
    scratchDir,
    plan: () => Promise.resolve(plan),
    codex: async () =>
      io.codexPath ??
      (usesCodex ? (await resolveCodex({ version: command.codexVersion, cacheDir: codexSwarmCacheDir(io.env), searchPath: io.env.PATH ?? '' })).path : 'codex'),
    engine: {
      codexArgs,
      ...(model ? { model } : {}),
      codexHomeFiles,
      ...(claude ? { claude } : {}),
      workerTimeoutMs: command.timeoutMinutes * 60_000,
      budget: command.budget,
      maxParallel: command.request.maxParallel,
      applyPatches: command.apply,
    },
    ...(command.memory
      ? { memory: { open: (state) => openMemorySession({ file: memoryFile, ...MEMORY_SEARCH, maxEntries: 5000, runId, state, onWarning: complain }) } }
      : {}),
    onSignals: (controller) => {
      const onSigint = () => {
        if (controller.signal.aborted) {
          complain('quit: the next run, or `codex-swarm clean`, removes the worktrees and temp folder this one leaves.');
          process.exit(EXIT.interrupted);
        }
        complain('interrupted: stopping the workers (Ctrl-C again to quit at once; the next run or `codex-swarm clean` then removes what is left)…');
        controller.abort('SIGINT');
      };
      process.on('SIGINT', onSigint);
      return () => process.off('SIGINT', onSigint);
    },
    ...(io.signal ? { signal: io.signal } : {}),
    ...(plan.command === 'code'
      ? {
          swarm: (o) =>
            runCodeTask({ ...o, request: command.request, ...listed, ...(approved ? { approved } : {}), ...(command.planOnly ? { planOnly: true } : {}) }),
        }
      : {}),
  };
  const surface: RunSurface<number> = {
    planned: async (shownPlan, state) => {
      say(describePlan(shownPlan));
      // Every worker's files, as its prompt names them: too long for the terminal on a big repository.
      const planFiles = path.join(runDir, 'plan.txt');
      await fs.mkdir(runDir, { recursive: true });
      await fs.writeFile(planFiles, `${describePlanFiles(shownPlan)}\n`);
      say(`run folder: ${path.relative(io.cwd, runDir) || '.'} (every worker's files: ${path.relative(io.cwd, planFiles)})`);
      const cleaned = describeLeftovers(await removeLeftovers(repoDir));
      if (cleaned) say(cleaned);
      await claimScratchDir(scratchDir, repoDir);
      progress = startProgress(state, io.stdout, { env: io.env });
    },
    hooks: {
      onWorkerEvent: (spec, event) => progress?.workerEvent(spec.id, event),
      onWorkerEnd: (r) => progress?.workerEnded(r),
      onWarning: complain,
    },
    stopProgress: () => progress?.stop(),
    publish: async (outcome) => {
      await fs.writeFile(path.join(runDir, 'report.md'), renderReport({ outcome, links: {}, maxChars: Infinity }));
      say('');
      say(renderPlainSummary(outcome));
      if (outcome.decomposition?.planSha256) {
        const saved = path.relative(io.cwd, path.join(runDir, PLAN_FILE));
        say(command.planOnly ? `plan saved: ${saved}\nrun it with: codex-swarm code --plan ${saved}` : `plan: ${saved}`);
      }
      if (outcome.cancelled) return EXIT.interrupted;
      if (command.planOnly) return outcome.decomposition?.planSha256 ? EXIT.ok : EXIT.workerFailed;
      const notApplied = command.apply ? describeNotApplied(outcome.merge, runDir) : null;
      if (notApplied) {
        complain(notApplied);
        return EXIT.notApplied;
      }
      return outcome.results.every((r) => r.status === 'succeeded') ? EXIT.ok : EXIT.workerFailed;
    },
    // Claimed in `planned`; a run that fails before its swarm leaves no scratch folder behind.
    failed: () => fs.rm(scratchDir, { recursive: true, force: true }),
  };
  return runLifecycle(recipe, surface);
}

/** Why `--apply` left (some of) the changes out of the checkout, and where they are kept; null when all went in. */
function describeNotApplied(merge: MergeReport, runDir: string): string | null {
  if (merge.applyError) {
    const kept = merge.combinedPatchPath ? ` The patch is kept at ${path.join(runDir, merge.combinedPatchPath)}.` : '';
    return `--apply: nothing was applied: ${merge.applyError}.${kept}`;
  }
  if (!merge.conflicts.length) return null;
  const kept = merge.conflicts.map((c) => `${c.workerId}: ${path.join(runDir, c.patchPath)}`).join(', ');
  const n = merge.conflicts.length;
  return `--apply: ${n} patch${n === 1 ? ' conflicted and was' : 'es conflicted and were'} not applied (kept at ${kept}).`;
}

/** The top of the git repository at `cwd` if it has a commit, else null. */
async function repositoryRoot(cwd: string): Promise<string | null> {
  try {
    const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
    await git(cwd, ['rev-parse', '--verify', '-q', 'HEAD']);
    return top;
  } catch {
    return null;
  }
}

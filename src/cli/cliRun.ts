/**
 * The CLI's side of the run lifecycle it shares with the action: its recipe (the run folder under
 * `.codex-swarm/runs/`, memory in `.codex-swarm/memory.json`, Ctrl-C handling) and its surface (the
 * plan and progress in the terminal, the plain-text summary and the exit code).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { openMemorySession } from '../memory/session.js';
import { describePlan, describePlanFiles } from '../plan/buildPlan.js';
import { renderReport } from '../publish/report/markdownReport.js';
import { renderPlainSummary } from '../publish/report/textReport.js';
import type { RunRecipe, RunSurface } from '../run/lifecycle.js';
import { PLAN_FILE, runCodeTask } from '../swarm/runCodeTask.js';
import type { MergeReport, SwarmOutcome } from '../swarm/types.js';
import { codexSwarmCacheDir, resolveCodex } from '../workers/resolveCodex.js';
import type { CliRun } from './args.js';
import type { CliPlanned } from './cliPlan.js';
import { MEMORY_SEARCH } from './dryRun.js';
import { EXIT, type CliIO, type CliSay } from './io.js';
import { claimScratchDir, describeLeftovers, removeLeftovers } from './leftovers.js';
import type { ModelAccess } from './modelAccess.js';
import { startProgress, type Progress } from './progress.js';

/** Where this run lives: its id, the repository, the run folder and the scratch folder for worktrees. */
export interface CliRunPlace {
  runId: string;
  repoDir: string;
  runDir: string;
  scratchDir: string;
  memoryFile: string;
}

export function cliRecipe(command: CliRun, planned: CliPlanned, access: ModelAccess, place: CliRunPlace, io: CliIO & CliSay): RunRecipe {
  const { runId, repoDir, runDir, scratchDir, memoryFile } = place;
  return {
    runId,
    repoDir,
    runDir,
    scratchDir,
    plan: () => Promise.resolve(planned.plan),
    codex: async () =>
      io.codexPath ??
      (access.usesCodex
        ? (await resolveCodex({ version: command.codexVersion, cacheDir: codexSwarmCacheDir(io.env), searchPath: io.env.PATH ?? '' })).path
        : 'codex'),
    engine: {
      codexArgs: access.codexArgs,
      ...(access.model ? { model: access.model } : {}),
      codexHomeFiles: access.codexHomeFiles,
      ...(access.claude ? { claude: access.claude } : {}),
      workerTimeoutMs: command.timeoutMinutes * 60_000,
      budget: command.budget,
      maxParallel: command.request.maxParallel,
      applyPatches: command.apply,
    },
    ...(command.memory
      ? { memory: { open: (state) => openMemorySession({ file: memoryFile, ...MEMORY_SEARCH, maxEntries: 5000, runId, state, onWarning: io.complain }) } }
      : {}),
    onSignals: (controller) => quitOnSecondCtrlC(controller, io),
    ...(io.signal ? { signal: io.signal } : {}),
    ...(planned.plan.command === 'code'
      ? {
          swarm: (o) =>
            runCodeTask({
              ...o,
              ...planned.codeArgs,
              ...(planned.approved ? { approved: planned.approved } : {}),
              ...(command.planOnly ? { planOnly: true } : {}),
            }),
        }
      : {}),
  };
}

/** The first Ctrl-C stops the workers (what finished is reported); a second quits at once. Returns the removal. */
function quitOnSecondCtrlC(controller: AbortController, { complain }: CliSay): () => void {
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
}

/** The terminal: the plan and where its files are listed, live progress, then the summary and the exit code. */
export function cliSurface(command: CliRun, place: CliRunPlace, io: CliIO & CliSay): RunSurface<number> {
  let progress: Progress | null = null;
  return {
    planned: async (plan, state) => {
      await showPlan(plan, place, io);
      progress = startProgress(state, io.stdout, { env: io.env });
    },
    hooks: {
      onWorkerEvent: (spec, event) => progress?.workerEvent(spec.id, event),
      onWorkerEnd: (r) => progress?.workerEnded(r),
      onWarning: io.complain,
    },
    stopProgress: () => progress?.stop(),
    publish: (outcome) => publishCliRun(command, outcome, place, io),
    // Claimed in `planned`; a run that fails before its swarm leaves no scratch folder behind.
    failed: () => fs.rm(place.scratchDir, { recursive: true, force: true }),
  };
}

async function showPlan(plan: CliPlanned['plan'], { repoDir, runDir, scratchDir }: CliRunPlace, { cwd, say }: CliIO & CliSay): Promise<void> {
  say(describePlan(plan));
  // Every worker's files, as its prompt names them: too long for the terminal on a big repository.
  const planFiles = path.join(runDir, 'plan.txt');
  await fs.mkdir(runDir, { recursive: true });
  await fs.writeFile(planFiles, `${describePlanFiles(plan)}\n`);
  say(`run folder: ${path.relative(cwd, runDir) || '.'} (every worker's files: ${path.relative(cwd, planFiles)})`);
  const cleaned = describeLeftovers(await removeLeftovers(repoDir));
  if (cleaned) say(cleaned);
  await claimScratchDir(scratchDir, repoDir);
}

async function publishCliRun(command: CliRun, outcome: SwarmOutcome, { runDir }: CliRunPlace, { cwd, say, complain }: CliIO & CliSay): Promise<number> {
  await fs.writeFile(path.join(runDir, 'report.md'), renderReport({ outcome, links: {}, maxChars: Infinity }));
  say('');
  say(renderPlainSummary(outcome));
  if (outcome.decomposition?.planSha256) {
    const saved = path.relative(cwd, path.join(runDir, PLAN_FILE));
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

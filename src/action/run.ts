/**
 * The action from event to outputs: route the event, gate the actor, plan, run the swarm with
 * memory, and publish (comment, summary, artifact, audit issue, apply, outputs). Each publish
 * step degrades to a warning on its own; only the swarm's outcome and `fail-on` fail the step.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { ActionInputs } from '../config/inputs.js';
import { createOctokit, type GitHubClient } from '../github/client.js';
import { getPullRequestContext, type PullRequestContext } from '../github/pullRequest.js';
import { buildPlan, describePlan, describePlanFiles, PlanError } from '../plan/buildPlan.js';
import { firstCodePlan } from '../plan/codePlan.js';
import { readSavedPlan, type SavedPlan } from '../plan/savedPlan.js';
import { listFiles } from '../plan/files.js';
import type { Plan, SwarmRequest } from '../plan/types.js';
import { applyChanges } from '../publish/outputs/applyChanges.js';
import { defaultArtifactName, uploadRunArtifact } from '../publish/outputs/runArtifact.js';
import { upsertAuditIssue } from '../publish/outputs/auditIssue.js';
import { conclude, countFindings, type Conclusion } from '../publish/report/conclusion.js';
import { writeJobSummary } from '../publish/outputs/jobSummary.js';
import { ACTIONS_BOT_LOGIN } from '../publish/comment/markers.js';
import { startWorkingReaction, type WorkingReaction } from '../publish/comment/reactions.js';
import { planPosted, readPendingPlan, type PendingPlan } from '../publish/comment/pendingPlan.js';
import { replyToComment } from '../publish/comment/replies.js';
import { DEFAULT_REPORT_MAX_CHARS, renderLiveReport, renderReport, type ReportLinks } from '../publish/report/markdownReport.js';
import { createLiveComment, type LiveComment } from '../publish/comment/stickyComment.js';
import { mayRunOn, type EngineChoice } from '../plan/engines.js';
import { runLifecycle, type RunEngine, type RunRecipe, type RunSurface } from '../run/lifecycle.js';
import { describeWorkerEnd, logWorkerGroups } from '../swarm/log.js';
import { PLAN_FILE, runCodeTask, type RunCodeTaskOptions } from '../swarm/runCodeTask.js';
import type { RunSwarmOptions } from '../swarm/runSwarm.js';
import type { SwarmState } from '../swarm/state.js';
import type { ModelEndpoint, SwarmOutcome } from '../swarm/types.js';
import { usageText } from '../trigger/parseCommand.js';
import { isBotActor } from '../trigger/permissions.js';
import { gateActor, type ActionableDecision, type RunDecision } from '../trigger/route.js';
import { redact } from '../util/redact.js';
import { sanitizeUntrusted } from '../util/sanitize.js';
import { parseCodexArgs } from '../workers/codexArgs.js';
import { normalizeResponsesEndpoint } from '../workers/modelProxy.js';
import { claudeAccessProblem, claudeSetup } from '../workers/claudeSetup.js';
import { engineOf } from '../workers/engine.js';
import { resolveCodex } from '../workers/resolveCodex.js';
import { renderInstructionsSection, resolveInstructions, type ProjectInstructions } from '../plan/instructions.js';
import { instructionsNote } from '../publish/report/instructionsNote.js';
import type { RunContext } from '../github/runContext.js';
import { cachedMemory, stopOnSignals } from '../modes/parts/recipe.js';
import { publishDryRun } from '../modes/dryRun.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { prepareRetry, type PreparedRetry } from '../modes/retry.js';
import { loadStickyState, publishPullRequestReview, scopeReviewFiles, type ScopedFiles } from '../modes/parts/pullRequestReview.js';
import { emptyState, renderStickyState, type ReadState, type StickyState } from '../publish/comment/stickyState.js';
import { mergeRetried, writePlanFile } from '../swarm/retry.js';
import { writeResultsFile } from '../swarm/results.js';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Everything after routing: the gate, the answer or the run. Loaded only for events that need it. */
export async function handleDecision({ inputs, ctx, decision }: { inputs: ActionInputs; ctx: RunContext; decision: ActionableDecision }): Promise<void> {
  const octokit = createOctokit(inputs['github-token']);
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  const gate = await gateActor(octokit, decision, { allowedBots: inputs['allowed-bots'], ...repoRef });
  if (!gate.ok) {
    core.info(`codex-swarm: not running: ${gate.reason}.`);
    // Bots get no reply (no reply loops between bots); people learn why once.
    if (decision.action !== 'run' || decision.trigger === 'comment') {
      if (decision.actor && !isBotActor(decision.actor) && decision.prNumber) {
        await replyToComment({
          octokit,
          ...repoRef,
          issueNumber: decision.prNumber,
          body: `@${decision.actor.login} codex-swarm did not run: ${gate.reason}.`,
        });
      }
    }
    setOutputs({ conclusion: 'skipped' });
    return;
  }

  if (decision.action === 'help' || decision.action === 'reply-error') {
    const lead = decision.action === 'help' ? '' : `${decision.message}\n\n`;
    await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: `${lead}${usageText(inputs['trigger-phrase'])}` });
    core.info(decision.action === 'help' ? 'codex-swarm: answered help.' : `codex-swarm: replied: ${decision.message}`);
    setOutputs({ conclusion: 'skipped' });
    return;
  }

  if (decision.action === 'retry') {
    // A retry re-runs an earlier one-job run's workers; a matrix job has none of its own to re-run.
    if (inputs.mode !== 'all') {
      const why = `/swarm retry runs in a one-job workflow (mode: all), not in mode: ${inputs.mode}`;
      if (inputs.mode === 'plan') await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: `codex-swarm did not run: ${why}.` });
      core.info(`codex-swarm: not running: ${why}.`);
      return setOutputs({ conclusion: 'skipped', ...(inputs.mode === 'plan' ? { jobs: '0', matrix: '{"shard":[]}' } : {}) });
    }
    const retry = await prepareRetry({ inputs, ctx, octokit, decision });
    if (!retry) return setOutputs({ conclusion: 'skipped' });
    return runDecision({ inputs, ctx, octokit, decision: retry.decision, retry });
  }
  await runDecision({ inputs, ctx, octokit, decision });
}

export interface RunArgs {
  inputs: ActionInputs;
  ctx: RunContext;
  octokit: GitHubClient;
  decision: RunDecision;
  /** `/swarm retry`: the plan of the earlier run's workers to run again, and that run. */
  retry?: PreparedRetry;
}

/** What the last run left in the sticky comment, and which of the PR's files this run reviews. */
interface ReviewContext {
  previous: ReadState;
  scope: ScopedFiles | null;
}

async function runDecision({ inputs, ctx, octokit, decision, retry }: RunArgs): Promise<void> {
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  // A work job of a matrix leaves the reaction to the plan and aggregate jobs.
  // Not awaited: 👀 goes up while the run plans; whoever finishes the reaction waits for it.
  const reaction = decision.commentId && inputs.mode !== 'work' ? startWorkingReaction({ octokit, ...repoRef, commentId: decision.commentId }) : null;

  /** Before anything is shown: a reply on the PR says why, and the step fails. */
  const refuse = async (message: string) => {
    if (reaction && decision.prNumber) {
      await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: `codex-swarm could not run: ${redact(message)}` });
    }
    await (await reaction)?.finish('confused');
    setOutputs({ conclusion: 'failure' });
    core.setFailed(redact(message));
  };

  const base = path.join(ctx.tempDir, 'codex-swarm');
  const memoryFile = path.join(base, 'memory.json');
  if (inputs['dry-run'] || decision.dryRun) return dryRunDecision({ inputs, ctx, octokit, decision }, { reaction, refuse, memoryFile });

  if (inputs.mode !== 'all') {
    const { runScaleMode } = await import('../modes/matrix.js');
    return runScaleMode({ inputs, ctx, octokit, decision, reaction, refuse });
  }

  // `code` stops after the planner for `/swarm plan` (or always, with plan-approval); `/swarm approve` runs what that posted.
  const stage = decision.command === 'code' ? (decision.codeStage ?? (inputs['plan-approval'] ? 'plan' : undefined)) : undefined;
  const approval = stage === 'approve' ? await approvedPlan({ inputs, ctx, octokit, decision }, reaction) : null;
  if (stage === 'approve' && !approval) return;
  let codeArgs: CodeTaskArgs | null = null;

  const runKey = `${ctx.runId}-${ctx.runAttempt}`;
  const runDir = path.join(base, 'runs', runKey);
  let pr: PullRequestContext | null = null;
  let instructions: ProjectInstructions | null = null;
  const review: ReviewContext = { previous: retry?.previous ?? { state: emptyState(), note: null }, scope: null };

  const recipe: RunRecipe = {
    runId: runKey,
    repoDir: ctx.workspace,
    runDir,
    scratchDir: path.join(base, 'scratch', runKey),
    plan: async () => {
      if (decision.prNumber) pr = await getPullRequestContext(octokit, { ...repoRef, number: decision.prNumber });
      if (pr && !retry) {
        review.previous = approval ? { state: approval.state, note: null } : await loadStickyState({ octokit, ...repoRef, prNumber: pr.number });
        review.scope = await scopeReviewFiles({ inputs, decision, pr, state: review.previous.state, repoDir: ctx.workspace });
      }
      let plan: Plan;
      if (retry) plan = retry.plan;
      else {
        const planned = await planFor({ inputs, ctx, decision, pr, files: review.scope?.files, approved: approval?.plan });
        codeArgs = planned.codeArgs;
        plan = planned.plan;
      }
      if (retry) core.info(describePlan(plan));
      else logPlan(plan);
      const problem = modelAccessProblem(inputs, plan);
      if (problem) throw new PlanError(problem);
      // Whose AGENTS.md the workers follow depends on the PR, known only now.
      instructions = await resolveInstructions(inputs['project-instructions'], ctx.workspace, pr ?? undefined);
      if (instructions.warning) core.warning(`codex-swarm: ${instructions.warning}`);
      recipe.engine.codexArgs.push(...instructions.codexArgs);
      recipe.engine.instructions = renderInstructionsSection(instructions);
      return plan;
    },
    codex: async () => {
      // Resolved while planning, unless no role can run on Codex.
      if (!mayRunOn(engineChoice(inputs, decision), 'codex')) return 'codex';
      const codex = await resolveCodex({ version: inputs['codex-version'] });
      core.info(`codex-swarm: Codex CLI ${codex.version} (${codex.source}).`);
      return codex.path;
    },
    planEngine: (plan) => claudeEngineFor(inputs, plan),
    engine: {
      codexArgs: parseCodexArgs(inputs['codex-args']),
      model: modelEndpoint(inputs),
      budget: { maxTokens: inputs['max-tokens'], maxTokensPerWorker: inputs['max-tokens-per-worker'] },
      workerTimeoutMs: inputs['worker-timeout-minutes'] * 60_000,
      maxParallel: inputs['max-parallel'],
      // The checkout stays as found; `apply` commits from the combined patch instead.
      applyPatches: false,
    },
    ...cachedMemory(inputs, { file: memoryFile, runKey, save: { runId: ctx.runId, attempt: ctx.runAttempt } }),
    ...(decision.command === 'code'
      ? {
          swarm: (o: RunSwarmOptions) =>
            runCodeTask({
              ...o,
              ...codeArgs!,
              ...(approval ? { approved: approval.plan } : {}),
              ...(stage === 'plan' ? { planOnly: true } : {}),
              onDecomposition: (d, codePlan) => {
                if (d.fallback) core.warning(`codex-swarm: ${d.fallback}`);
                // The live comment lists the coders, tester and reviewer from now on.
                if (shown && codePlan) shown.plan = { ...codePlan, workers: [...o.plan.workers.filter((w) => w.role === 'planner'), ...codePlan.workers] };
              },
            }),
        }
      : {}),
    onSignals: stopOnSignals,
  };

  const links = { runUrl: ctx.runUrl };
  // The last run's state stays in the comment while this one runs, so a run that dies keeps it.
  const stateBlock = () => (pr ? `\n${renderStickyState(review.previous.state)}` : '');
  let live: LiveComment | null = null;
  let shown: { plan: Plan; state: SwarmState } | null = null;
  const surface: RunSurface<void> = {
    planned: (plan, state) => {
      shown = { plan, state };
      if (inputs.comment !== 'sticky' || !decision.prNumber) return;
      const comment = createLiveComment({ octokit, ...repoRef, issueNumber: decision.prNumber, selfLogin: ACTIONS_BOT_LOGIN });
      live = comment;
      const show = () => comment.update(renderLiveReport({ plan: shown?.plan ?? plan, states: state.snapshot(), links }) + stateBlock());
      show();
      state.subscribe(show);
    },
    hooks: {
      onWorkerStart: (spec) => core.info(`▶ ${spec.id} started (${spec.role}, ${spec.files.length} file(s))`),
      onWorkerEvent: (spec, _event, summary) => {
        if (summary) core.info(`  ${spec.id}: ${summary}`);
      },
      onWorkerEnd: (result) => core.info(describeWorkerEnd(result)),
      onWarning: (message) => core.warning(message),
    },
    publish: async (outcome) => {
      const merged = retry ? await mergeRetried(retry.earlier, outcome, runDir) : outcome;
      if (retry) await writeResultsFile(merged);
      const planStage = stage ? await planStageOutcome({ stage, outcome, runDir, triggerPhrase: inputs['trigger-phrase'] }) : null;
      const verdict = await publishOutcome({
        inputs,
        ctx,
        octokit,
        decision,
        pr,
        outcome: merged,
        runDir,
        runKey,
        links,
        live,
        review,
        instructions,
        planStage,
        reaction,
      });
      if (verdict.failStep) core.setFailed(verdict.reason);
      else core.info(`codex-swarm: ${verdict.reason}`);
    },
    failed: async (error) => {
      const message = redact(error instanceof Error ? error.message : String(error)).split('\n')[0];
      if (live && shown) {
        await live.finish(renderLiveReport({ plan: shown.plan, states: shown.state.snapshot(), links, failure: message }) + stateBlock());
      }
      await (await reaction)?.finish('confused');
    },
  };

  try {
    await runLifecycle(recipe, surface);
  } catch (err) {
    if (err instanceof PlanError && !shown) return refuse(err.message);
    throw err;
  }
}

/** The plan's summary, then every worker's files in a group: what the prompts name, file for file. */
export function logPlan(plan: Plan): void {
  core.info(describePlan(plan));
  core.startGroup(`plan: every worker's files (${plan.fileCount})`);
  core.info(describePlanFiles(plan));
  core.endGroup();
}

type CodeTaskArgs = Pick<RunCodeTaskOptions, 'request' | 'files' | 'fileSource'>;

type Reaction = ReturnType<typeof startWorkingReaction> | null;

/** `dry-run`: plan and post the plan; no model, no Codex. */
async function dryRunDecision(
  { inputs, ctx, octokit, decision }: RunArgs,
  { reaction, refuse, memoryFile }: { reaction: Reaction; refuse: (message: string) => Promise<void>; memoryFile: string },
): Promise<void> {
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  let plan: Plan;
  try {
    const pr = decision.prNumber ? await getPullRequestContext(octokit, { ...repoRef, number: decision.prNumber }) : null;
    plan = (await planFor({ inputs, ctx, decision, pr, files: undefined, approved: undefined })).plan;
  } catch (err) {
    if (err instanceof PlanError) return refuse(err.message);
    throw err;
  }
  await publishDryRun({ inputs, octokit, repoRef, prNumber: decision.prNumber, plan, memoryFile });
  await (await reaction)?.finish('rocket');
}

/** `/swarm approve`: the plan the sticky comment holds, checked against its hash; null after one reply saying why there is none. */
async function approvedPlan({ inputs, ctx, octokit, decision }: RunArgs, reaction: Reaction): Promise<Extract<PendingPlan, { kind: 'plan' }> | null> {
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  const pending = decision.prNumber
    ? await readPendingPlan({ octokit, ...repoRef, issueNumber: decision.prNumber, selfLogin: ACTIONS_BOT_LOGIN, triggerPhrase: inputs['trigger-phrase'] })
    : null;
  if (pending?.kind === 'plan') {
    core.info(`codex-swarm: running the approved plan ${pending.sha256.slice(0, 12)}.`);
    return pending;
  }
  const message = pending?.message ?? 'approve needs a pull request.';
  if (decision.prNumber) await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: message });
  await (await reaction)?.finish('confused');
  core.info(`codex-swarm: ${message}`);
  setOutputs({ conclusion: pending?.kind === 'refused' ? 'failure' : 'skipped' });
  if (pending?.kind === 'refused') core.setFailed(message);
  return null;
}

export async function planFor({
  inputs,
  ctx,
  decision,
  pr,
  files: prFiles,
  approved,
}: Omit<RunArgs, 'octokit'> & {
  pr: PullRequestContext | null;
  files: PullRequestContext['changedFiles'] | undefined;
  approved: SavedPlan | undefined;
}): Promise<{ plan: Plan; codeArgs: CodeTaskArgs }> {
  const request: SwarmRequest = {
    command: decision.command,
    task: sanitizeUntrusted(approved?.task ?? decision.task),
    paths: decision.paths,
    ...(decision.workers ? { workers: decision.workers } : {}),
    maxParallel: inputs['max-parallel'],
    budget: { maxFiles: inputs['max-files-per-worker'], maxBytes: inputs['max-bytes-per-worker'] },
    maxWorkers: inputs['max-workers'],
    ...(decision.model ? { model: decision.model } : {}),
    ...(inputs.effort ? { effort: inputs.effort } : {}),
    engine: engineChoice(inputs, decision),
    ...(pr ? { pullRequest: { number: pr.number, title: sanitizeUntrusted(pr.title, { maxLength: 300 }), body: sanitizeUntrusted(pr.body) } } : {}),
  };
  const changedFiles = (prFiles ?? pr?.changedFiles)?.map((f) => ({ path: f.path, status: f.status, changes: f.size }));
  const { files, fileSource } = await listFiles({ repoDir: ctx.workspace, command: request.command, ...(changedFiles ? { changedFiles } : {}) });
  const args = { request, files, fileSource };
  return { plan: request.command === 'code' ? firstCodePlan({ ...args, ...(approved ? { approved } : {}) }) : buildPlan(args), codeArgs: args };
}

interface PlanStage {
  stage: 'plan' | 'approve';
  line: string | null;
  pendingPlan: StickyState['pendingPlan'];
}

/** A plan run posts its plan (how to approve it, and the plan in the state block); an approved run uses it up. */
async function planStageOutcome(o: { stage: 'plan' | 'approve'; outcome: SwarmOutcome; runDir: string; triggerPhrase: string }): Promise<PlanStage> {
  if (o.stage === 'approve' || !o.outcome.decomposition?.planSha256) return { stage: o.stage, line: null, pendingPlan: null };
  const plan = readSavedPlan(await fs.readFile(path.join(o.runDir, PLAN_FILE), 'utf8'), { source: PLAN_FILE });
  return { stage: o.stage, ...planPosted(plan, o.triggerPhrase) };
}

function engineChoice(inputs: ActionInputs, decision: RunDecision): EngineChoice {
  return { mode: decision.engine ?? inputs.engine, overrides: inputs.engines };
}

/** Why the plan's workers could not reach a model, before anything starts; null when they can. */
export function modelAccessProblem(inputs: ActionInputs, plan: Plan): string | null {
  if (plan.workers.some((w) => engineOf(w) === 'codex') && !inputs['openai-api-key'] && !inputs['responses-api-endpoint']) {
    return (
      'openai-api-key is empty, so the workers cannot reach a model. Pass `openai-api-key: ${{ secrets.OPENAI_API_KEY }}` ' +
      '(pull_request runs from forks get no secrets: use the /swarm comment bot for those), or set responses-api-endpoint.'
    );
  }
  return claudeAccessProblem(plan.workers, { apiKey: inputs['anthropic-api-key'], baseUrl: inputs['anthropic-base-url'] });
}

export interface PublishArgs extends RunArgs {
  pr: PullRequestContext | null;
  outcome: SwarmOutcome;
  runDir: string;
  runKey: string;
  links: ReportLinks;
  live: LiveComment | null;
  instructions: ProjectInstructions | null;
  review: ReviewContext;
  /** A `code` run's plan stage: the approval line for the comment, and the plan the state block holds next (null: none). */
  planStage: PlanStage | null;
  /** 👀 on the triggering comment, swapped for the verdict's reaction while the rest is published. */
  reaction?: Promise<WorkingReaction> | null;
}

/** The artifact, the changes, the comment or audit issue, the job summary and the outputs; each step degrades to a warning on its own. */
export async function publishOutcome(args: PublishArgs): Promise<Conclusion> {
  const { inputs, ctx, outcome, runDir, links, live } = args;
  const verdict = conclude(outcome, inputs['fail-on']);
  const reacted = args.reaction?.then((r) => r.finish(verdict.conclusion === 'success' ? 'rocket' : 'confused'));
  await logWorkerGroups(outcome);
  const artifactName = inputs['artifact-name'] || defaultArtifactName(ctx.runId, ctx.runAttempt);
  const reportFile = path.join(runDir, 'report.md');
  // The file is the whole report (the comment may be shortened and points to it); written
  // before the upload so the artifact holds it.
  await fs.writeFile(reportFile, renderReport({ outcome, links, maxChars: Infinity }));
  await writePlanFile(runDir, outcome.plan);
  // The upload and the changes do not depend on each other: they go at once.
  const [artifact, applied] = await Promise.all([
    uploadRunArtifact({ runDir, name: artifactName, ...(inputs['retention-days'] ? { retentionDays: inputs['retention-days'] } : {}) }),
    applyIfAsked(args),
  ]);
  if ('error' in artifact) core.warning(`codex-swarm: the run's artifact could not be uploaded: ${artifact.error}. The comment and summary still go out.`);
  const finalLinks = { ...links, ...('url' in artifact && artifact.url ? { artifactUrl: artifact.url } : {}) };
  // A plan run reviewed nothing: it must not mark the open findings resolved.
  const reviewed =
    args.pr && args.planStage?.stage !== 'plan'
      ? await publishPullRequestReview({
          octokit: args.octokit,
          owner: ctx.owner,
          repo: ctx.repo,
          inputs,
          pr: args.pr,
          previous: args.review.previous,
          scope: args.review.scope ?? { files: args.pr.changedFiles, description: null },
          outcome,
          repoDir: ctx.workspace,
          run: {
            runId: ctx.runId,
            runAttempt: ctx.runAttempt,
            artifactId: 'id' in artifact ? artifact.id : null,
            artifactName: 'id' in artifact ? artifactName : null,
          },
        })
      : null;
  const extras = reviewed ? { notes: reviewed.notes, sections: reviewed.sections } : undefined;
  // One state block for the next run: the review's, with the plan stage's pending plan when there is one.
  const state = reviewed?.state ?? (args.pr ? args.review.previous.state : null);
  const stateBlock = state ? `\n\n${renderStickyState(args.planStage ? { ...state, pendingPlan: args.planStage.pendingPlan } : state)}` : '';
  const approveLine = args.planStage?.line ? `\n\n${args.planStage.line}` : '';
  const note = args.instructions ? instructionsNote(args.instructions, args.pr?.changedFiles.map((f) => f.path) ?? []) : null;
  // The state block ends the comment and is never cut: the report makes room for it.
  const report =
    renderReport({
      outcome,
      links: finalLinks,
      ...(extras ? { extras } : {}),
      maxChars: DEFAULT_REPORT_MAX_CHARS - stateBlock.length - approveLine.length,
    }) + [note, applied].map((line) => (line ? `\n\n${line}` : '')).join('');

  const [commentOut] = await Promise.all([
    live ? live.finish(report + approveLine + stateBlock) : auditIfScheduled(args, report).then(() => null),
    writeJobSummary(report),
    reacted,
  ]);

  setOutputs({
    conclusion: verdict.conclusion,
    'results-file': outcome.resultsFile,
    'report-file': reportFile,
    ...(commentOut ? { 'comment-id': String(commentOut.id), 'comment-url': commentOut.url } : {}),
    ...('id' in artifact ? { 'artifact-id': String(artifact.id) } : {}),
    ...(outcome.merge.combinedPatchPath ? { 'patch-file': path.join(runDir, outcome.merge.combinedPatchPath) } : {}),
    'findings-count': String(countFindings(outcome)),
  });
  return verdict;
}

async function auditIfScheduled({ inputs, ctx, octokit, decision }: PublishArgs, report: string): Promise<void> {
  if (decision.prNumber || (decision.trigger !== 'schedule' && decision.command !== 'audit')) return;
  const issue = await upsertAuditIssue({
    octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    label: inputs['audit-label'],
    title: `codex-swarm ${decision.command}: ${ctx.owner}/${ctx.repo}`,
    body: report,
    selfLogin: ACTIONS_BOT_LOGIN,
  }).catch((err: Error) => {
    core.warning(`codex-swarm: could not update the audit issue: ${redact(err.message)}`);
    return null;
  });
  if (issue) core.info(`codex-swarm: audit issue ${issue.created ? 'created' : 'updated'}: ${issue.url}`);
}

async function applyIfAsked(a: PublishArgs) {
  const mode = a.inputs.apply;
  if (mode === 'none' || !a.outcome.merge.combinedPatchPath) return null;
  const result = await applyChanges({
    mode,
    repoDir: a.ctx.workspace,
    combinedPatch: path.join(a.runDir, a.outcome.merge.combinedPatchPath),
    octokit: a.octokit,
    owner: a.ctx.owner,
    repo: a.ctx.repo,
    ...(a.pr ? { prNumber: a.pr.number } : {}),
    // Without a PR: the branch the workflow ran on, and a PR into it.
    headRef: a.pr?.headRef ?? a.ctx.refName,
    baseRef: a.pr?.baseRef ?? a.ctx.refName,
    runId: a.runKey,
    summary: `codex-swarm ${a.decision.command}: ${a.outcome.merge.merged.map((m) => m.workerId).join(', ')}`,
    isFork: a.pr?.isFork ?? false,
    token: a.inputs['github-token'],
  }).catch((err: Error) => ({ error: redact(err.message) }));
  let line: string;
  if ('error' in result) line = `apply (${mode}) failed: ${result.error}`;
  else if (result.skipped) line = `apply (${mode}) skipped: ${result.skipped}`;
  else if (result.pullRequestUrl) line = `apply: opened ${result.pullRequestUrl} from branch \`${result.branch}\``;
  else line = `apply: pushed ${result.commitSha?.slice(0, 7) ?? 'a commit'} to \`${result.branch ?? a.pr?.headRef}\``;
  if ('error' in result || result.skipped) core.warning(`codex-swarm: ${line}`);
  else core.info(`codex-swarm: ${line}`);
  // The comment keeps about 1,000 characters spare for this line; a long git error is clipped.
  return `**Changes:** ${line.length > 600 ? `${line.slice(0, 599)}… (see the job log)` : line}`;
}

/** The Claude Code engine for the plan's Claude workers, resolved once the plan is known; none when no worker runs on Claude. */
export async function claudeEngineFor(inputs: ActionInputs, plan: Plan): Promise<Partial<RunEngine>> {
  const claude = await claudeSetup({
    specs: plan.workers,
    apiKey: inputs['anthropic-api-key'],
    baseUrl: inputs['anthropic-base-url'],
    model: inputs['claude-model'],
    version: inputs['claude-code-version'],
    maxTurns: inputs['claude-max-turns'],
    onResolved: (tool) => core.info(`codex-swarm: Claude Code ${tool.version} (${tool.source}).`),
  });
  return claude ? { claude } : {};
}

/** The model the workers reach through the proxy. */
export function modelEndpoint(inputs: ActionInputs): ModelEndpoint {
  return {
    baseUrl: inputs['responses-api-endpoint'] ? normalizeResponsesEndpoint(inputs['responses-api-endpoint']) : OPENAI_BASE_URL,
    apiKey: inputs['openai-api-key'] || undefined,
    ...modelTuningFromEnv(),
  };
}

/**
 * Codex retries a failed model request several times with back-off; the end-to-end tests make it
 * fail fast. Not an input: no user needs it, and a comment can never reach the environment.
 */
function modelTuningFromEnv() {
  const raw = process.env.CODEX_SWARM_TEST_MODEL_RETRIES;
  if (raw === undefined) return {};
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? { tuning: { requestMaxRetries: n, streamMaxRetries: n } } : {};
}

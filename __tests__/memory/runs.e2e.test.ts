/**
 * Learning across runs, end to end: run 1's worker (the real Codex CLI against the scripted model)
 * ends with a pattern that the action stores; what the run learned is uploaded as its delta
 * artifact with the real @actions/artifact; run 2, on a fresh "runner", syncs it through the local
 * REST API and puts the pattern into the prompt of a worker with a similar task, not into the
 * prompt of an unrelated one.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadMemoryFile } from '../../src/memory/persist.js';
import { openMemorySession } from '../../src/memory/session.js';
import { runnerMemoryPaths } from '../../src/memory/snapshot.js';
import { PATTERNS } from '../../src/memory/store.js';
import { openSyncedMemory } from '../../src/memory/syncedMemory.js';
import { buildPlan } from '../../src/plan/buildPlan.js';
import type { Plan, SwarmRequest } from '../../src/plan/types.js';
import { runSwarm } from '../../src/swarm/runSwarm.js';
import { SwarmState } from '../../src/swarm/state.js';
import type { SwarmOutcome } from '../../src/swarm/types.js';
import { restArtifacts } from '../fixtures/artifactServer.js';
import { repositoryId, startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { runtimeTokenFor } from '../fixtures/runtimeToken.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';
import { makeRepo, tempDir } from '../workers/gitRepo.js';

const CODEX = path.resolve('node_modules/.bin/codex');
const LEARNED = { approach: 'trace every query back to the request parameters', context: 'auth code that builds SQL by hand' };
const FILES = [
  { path: 'src/auth.js', size: 60 },
  { path: 'docs/billing.md', size: 20 },
];

function plan(command: SwarmRequest['command'], task: string, paths: string[]): Plan {
  return buildPlan({ request: { command, task, paths, maxParallel: 2, workers: 1 }, files: FILES, fileSource: 'repository' });
}

describe('memory across two runs', () => {
  let model: ScriptedModel;
  let results: ResultsService;
  let gh: GitHubServer;
  let commands: CapturedCommands;
  let repo: string;
  let tmp: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // Every worker answers with the same schema-valid answer and pattern.
    model = await startScriptedModel({
      scripts: [{ match: 'codex-swarm worker', steps: [{ message: { status: 'complete', summary: 'reviewed', findings: [], pattern: LEARNED } }] }],
    });
    results = await startResultsService();
    gh = await startGitHubServer({ artifacts: restArtifacts(results.artifacts) });
    repo = await makeRepo({ 'src/auth.js': 'db.query("SELECT * FROM users WHERE id = " + id);\n', 'docs/billing.md': '# Billing\n' });
    tmp = await tempDir('memory-runs');
    commands = captureWorkflowCommands();
  });
  afterAll(async () => {
    commands.restore();
    process.env = { ...savedEnv };
    await model.close();
    await Promise.all([results.close(), gh.close()]);
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(tmp, { recursive: true, force: true });
  });

  /** One pull_request run of the action, as src/modes/parts/runnerMemory.ts wires it, on a runner whose temp folder starts empty. */
  async function actionRun(
    githubRunId: string,
    runPlan: Plan,
  ): Promise<{ outcome: SwarmOutcome; runDir: string; notes: string[]; uploaded: string | undefined }> {
    const runnerTemp = path.join(tmp, 'runner-temp');
    await fs.rm(runnerTemp, { recursive: true, force: true });
    const pr = Number(githubRunId) - 100;
    results.artifacts.runs.set(`backend-${githubRunId}`, { id: Number(githubRunId) });
    Object.assign(process.env, results.env, {
      ACTIONS_RUNTIME_TOKEN: runtimeTokenFor({ event: 'pull_request', pr, run: `backend-${githubRunId}` }),
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: repo,
    });
    const runId = `${githubRunId}-1`;
    const runDir = path.join(runnerTemp, 'codex-swarm', 'runs', runId);
    const synced = await openSyncedMemory({
      paths: runnerMemoryPaths(runnerTemp),
      scope: 'e2e',
      repository: { owner: 'octo-org', repo: 'hello-world', id: repositoryId('octo-org/hello-world') },
      github: { token: 'ghs_token', baseUrl: gh.url, retryAfterBaseValue: 1 },
      run: {
        runId: githubRunId,
        attempt: 1,
        event: 'pull_request',
        ref: `refs/pull/${pr}/merge`,
        defaultBranch: 'main',
        pr,
        headRepository: { id: repositoryId('octo-org/hello-world'), fullName: 'octo-org/hello-world' },
        actor: 'alice',
      },
      untrustedPr: null,
      maxEntries: 100,
    });
    const file = synced.file;
    const state = new SwarmState();
    const memory = await openMemorySession({ file, threshold: 0.7, limit: 5, maxEntries: 100, runId, state });
    const outcome = await runSwarm({
      plan: runPlan,
      runId,
      state,
      repoDir: repo,
      runDir,
      scratchDir: path.join(runnerTemp, 'scratch'),
      codexPath: CODEX,
      codexArgs: [],
      model: { baseUrl: model.url, tuning: { requestMaxRetries: 0, streamMaxRetries: 0 } },
      workerTimeoutMs: 60_000,
      maxParallel: 2,
      applyPatches: false,
      memory: memory.swarmMemory,
    });
    await memory.finish(runDir);
    const uploaded = await synced.uploadDelta();
    return { outcome, runDir, notes: synced.notes, uploaded: uploaded?.name };
  }

  const promptOf = (runDir: string, id: string) => fs.readFile(path.join(runDir, 'workers', id, 'prompt.md'), 'utf8');

  it("stores run 1's pattern, syncs it from run 1's delta in run 2 and shows it to the similar task only", async () => {
    const run1 = await actionRun('101', plan('review', 'Review the auth module for SQL injection', ['src/**']));
    expect(run1.outcome.results.map((r) => [r.id, r.status])).toEqual([['reviewer-1', 'succeeded']]);
    expect(run1.notes).toEqual(['no new deltas']);
    expect(run1.uploaded).toBe('codex-swarm-memory-e2e-delta-1.json');
    expect(await promptOf(run1.runDir, 'reviewer-1')).not.toContain('## Patterns from earlier workers');
    const results = JSON.parse(await fs.readFile(path.join(run1.runDir, 'memory', 'results.json'), 'utf8'));
    expect(results.entries).toEqual([
      expect.objectContaining({ key: 'result-reviewer-1', value: expect.objectContaining({ status: 'succeeded', summary: 'reviewed' }) }),
    ]);
    const snapshot = JSON.parse(await fs.readFile(path.join(run1.runDir, 'memory', 'patterns.json'), 'utf8'));
    expect(snapshot.entries.map((e: { key: string }) => e.key)).toEqual(['pattern-reviewer-review-auth-module-sql-injection']);

    // Run 2: a similar review and an unrelated documentation task, side by side.
    const similar = plan('review', 'Review auth module for SQL injection risks', ['src/**']);
    const unrelated = plan('docs', 'Document the billing page for new users', ['docs/**']);
    const run2 = await actionRun('102', { ...similar, workers: [...similar.workers, ...unrelated.workers] });
    expect(run2.notes).toEqual(['1 new delta(s) with 1 entr(ies)']);
    expect(run2.outcome.results.map((r) => [r.id, r.status, r.memoryMatches])).toEqual([
      ['reviewer-1', 'succeeded', ['pattern-reviewer-review-auth-module-sql-injection']],
      ['documenter-1', 'succeeded', []],
    ]);

    // What the model was sent (the scripted server's record), not only what the engine wrote down.
    const sent = (task: string) => model.requests.filter((r) => r.prompt.includes(task)).at(-1)!.prompt;
    const reviewerPrompt = sent('Review auth module for SQL injection risks');
    expect(reviewerPrompt).toContain('## Patterns from earlier workers');
    expect(reviewerPrompt).toContain('pattern-reviewer-review-auth-module-sql-injection');
    expect(reviewerPrompt).toContain(LEARNED.approach);
    expect(await promptOf(run2.runDir, 'reviewer-1')).toBe(reviewerPrompt);
    const documenterPrompt = sent('Document the billing page for new users');
    expect(documenterPrompt).toContain('# codex-swarm worker documenter-1');
    expect(documenterPrompt).not.toContain('## Patterns from earlier workers');
    expect(documenterPrompt).not.toContain(LEARNED.approach);
    // Both are told that the memory tools are live in this run.
    expect(reviewerPrompt).toContain('## Shared memory is live');
    expect(documenterPrompt).toContain('## Shared memory is live');

    // Run 2's memory holds both runs' patterns and the use of the reused one (a reviewer's exit credits no pattern: maintainers' verdicts do).
    expect(run2.uploaded).toBe('codex-swarm-memory-e2e-delta-1.json');
    const saved = await loadMemoryFile(path.join(tmp, 'runner-temp', 'codex-swarm', 'memory.json'));
    expect(saved.list(PATTERNS).map((e) => e.key)).toEqual([
      'pattern-documenter-document-billing-page-new-users',
      'pattern-reviewer-review-auth-module-sql-injection',
      'pattern-reviewer-review-auth-module-sql-injection-risks',
    ]);
    expect(saved.get(PATTERNS, 'pattern-reviewer-review-auth-module-sql-injection')).toMatchObject({ uses: 1, successes: 0, failures: 0, runId: '101-1' });
    expect(commands.warnings).toEqual([]);
  });
});

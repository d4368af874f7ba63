/** Plans and engine runs as the scenarios use them: real buildPlan, real runSwarm, nothing mocked. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeRepo } from '../__tests__/workers/gitRepo.js';
import { buildPlan } from '../src/plan/buildPlan.js';
import { listRepositoryFiles } from '../src/plan/files.js';
import type { Plan, SwarmRequest } from '../src/plan/types.js';
import { runSwarm, type RunSwarmOptions } from '../src/swarm/runSwarm.js';
import type { SwarmOutcome } from '../src/swarm/types.js';
import { timed, type BenchContext } from './support.js';

/** A small repository with enough files for 16 shards; removed at cleanup. */
export async function smallRepo(ctx: BenchContext): Promise<string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 64; i++) files[`src/mod${i % 8}/file${i}.js`] = `export const v${i} = ${i};\n`;
  files['README.md'] = '# bench\n';
  const repo = await makeRepo(files);
  ctx.defer(() => fs.rm(repo, { recursive: true, force: true }));
  return repo;
}

/** A plan over the repository's tracked files, exactly as the action builds it. */
export async function planFor(repo: string, request: Partial<SwarmRequest> & Pick<SwarmRequest, 'command'>): Promise<Plan> {
  const files = await listRepositoryFiles(repo);
  return buildPlan({ request: { task: '', paths: [], maxParallel: 4, ...request }, files, fileSource: 'repository' });
}

export type EngineRun = Omit<RunSwarmOptions, 'runId' | 'runDir' | 'scratchDir' | 'signal'>;

export interface TimedEngineRun {
  outcome: SwarmOutcome;
  wallMs: number;
  /** This process and the children it waited for (codex, git). */
  cpuMs: number;
}

/**
 * One runSwarm in fresh run and scratch folders (removed afterwards). Throws when a worker did not
 * succeed: a benchmark of failing workers measures nothing.
 */
export async function timeEngine(ctx: BenchContext, options: EngineRun): Promise<TimedEngineRun> {
  const tmp = await ctx.tempDir('run');
  const {
    value: outcome,
    wallMs,
    cpuMs,
  } = await timed(() =>
    runSwarm({
      ...options,
      runId: path.basename(tmp),
      runDir: path.join(tmp, 'run'),
      scratchDir: path.join(tmp, 'scratch'),
      signal: ctx.signal,
    }),
  );
  await fs.rm(tmp, { recursive: true, force: true });
  const failed = outcome.results.filter((r) => r.status !== 'succeeded');
  if (failed.length) {
    const first = failed[0];
    throw new Error(
      `${failed.length} worker(s) did not succeed; ${first.id}: ${first.status}: ${first.error ?? first.answerError ?? ''} ${first.stderrTail.slice(-300)}`,
    );
  }
  return { outcome, wallMs, cpuMs };
}

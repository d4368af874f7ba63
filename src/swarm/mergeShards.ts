/**
 * The aggregate of a matrix run: every work job's shard folder (its results.json, worker folders
 * and patches) merged into one run folder and one outcome, in plan order. A job whose shard never
 * arrived shows each of its workers as `lost`, never as missing; patches merge 3-way in plan order.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Plan, WorkerSpec } from '../plan/types.js';
import { redact } from '../util/redact.js';
import { blankResult, type WorkerResult } from '../workers/types.js';
import { readResultsFile, writeResultsFile } from './results.js';
import { mergeWriters } from './runSwarm.js';
import type { MergeReport, SwarmOutcome } from './types.js';

export interface MergeShardsOptions {
  plan: Plan;
  /** Worker ids of each job, job n at index n-1. */
  jobs: string[][];
  /** Job number → its downloaded shard folder, or null when the job uploaded nothing. */
  shardDirs: Map<number, string | null>;
  runId: string;
  runDir: string;
  repoDir: string;
  scratchDir: string;
  startedAt: string;
}

export async function mergeShards(o: MergeShardsOptions): Promise<SwarmOutcome> {
  await fs.mkdir(path.join(o.runDir, 'workers'), { recursive: true });
  const byId = new Map<string, WorkerResult>();
  const lostWhy = new Map<string, string>();
  let cancelled = false;
  for (const [i, ids] of o.jobs.entries()) {
    const job = i + 1;
    const dir = o.shardDirs.get(job) ?? null;
    let why = `work job ${job} uploaded no results (skipped, cancelled or failed before its upload)`;
    if (dir) {
      try {
        const shard = await readResultsFile(path.join(dir, 'results.json'));
        cancelled ||= shard.cancelled;
        for (const r of shard.results) if (ids.includes(r.id)) byId.set(r.id, r);
        await copyWorkerFolders(dir, o.runDir, ids);
        why = `work job ${job}'s results did not include it`;
      } catch (err) {
        why = `work job ${job}'s results could not be read: ${redact((err as Error).message)}`;
      }
    }
    for (const id of ids) lostWhy.set(id, why);
  }
  const results = o.plan.workers.map((spec) => byId.get(spec.id) ?? lostResult(spec, lostWhy.get(spec.id) ?? 'no work job ran it'));
  const merge = await mergeInPlanOrder(o, results);
  const outcome: SwarmOutcome = {
    runId: o.runId,
    plan: o.plan,
    startedAt: o.startedAt,
    durationMs: Math.max(0, Date.now() - Date.parse(o.startedAt)),
    results,
    merge,
    cancelled,
    resultsFile: path.join(o.runDir, 'results.json'),
  };
  await writeResultsFile(outcome);
  return outcome;
}

function lostResult(spec: WorkerSpec, why: string): WorkerResult {
  return blankResult(spec, { status: 'lost', error: `lost: ${why}` });
}

/** Only the job's own workers' folders, so a stray folder cannot stand in for another job's worker. */
async function copyWorkerFolders(shardDir: string, runDir: string, ids: string[]): Promise<void> {
  for (const id of ids) {
    const from = path.join(shardDir, 'workers', id);
    const exists = await fs.stat(from).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (exists) await fs.cp(from, path.join(runDir, 'workers', id), { recursive: true });
  }
}

async function mergeInPlanOrder(o: MergeShardsOptions, results: WorkerResult[]): Promise<MergeReport> {
  await fs.mkdir(o.scratchDir, { recursive: true });
  try {
    return await mergeWriters({ repoDir: o.repoDir, runDir: o.runDir, scratchDir: o.scratchDir, applyPatches: false }, results);
  } finally {
    await fs.rm(o.scratchDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

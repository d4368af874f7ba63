/**
 * The artifacts that carry a run across the jobs of a matrix (`mode: plan | work | aggregate`):
 * the plan, uploaded once by the plan job, and one shard artifact per work job. Jobs of one
 * workflow run share its artifacts, so `@actions/artifact` needs no `findBy` here.
 *
 * "Re-run failed jobs" runs only those jobs (and the jobs that need them) under the next
 * GITHUB_RUN_ATTEMPT; the others keep their artifacts, and a name stays taken for the whole run.
 * So each name carries the attempt that uploaded it, and a job takes the newest one up to its own
 * attempt: the plan of the last attempt that planned, each shard of the last attempt that ran it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { z } from 'zod';
import { validatePlan } from '../../plan/buildPlan.js';
import type { PullRequestFile } from '../../github/pullRequest.js';
import type { Plan } from '../../plan/types.js';
import { redact } from '../../util/redact.js';
import { uploadRunArtifact, type UploadedArtifact } from './runArtifact.js';
import type { ReadState } from '../comment/stickyState.js';

export const SCALE_PLAN_FILE = 'scale-plan.json';

export const planArtifactName = (runId: string, attempt: number | string): string => `codex-swarm-plan-${runId}-${attempt}`;
export const shardArtifactName = (runId: string, attempt: number | string, job: number): string => `codex-swarm-shard-${runId}-${attempt}-${job}`;

/** What the plan job hands the work and aggregate jobs. */
export interface ScalePlan {
  version: 1;
  /** The attempt whose plan job wrote it (absent: 1); shards of earlier attempts belong to another plan. */
  attempt?: number;
  plan: Plan;
  /** Worker ids of each job, job n at index n-1. */
  jobs: string[][];
  /** When the plan job started, so the aggregate's duration is the whole run's. */
  startedAt: string;
  /**
   * On a pull request: what the previous run left in the sticky comment (read before the plan job
   * rewrote it) and the files this run reviews, for the aggregate's review and state block.
   */
  review: { previous: ReadState; scope: { files: PullRequestFile[]; description: string | null; reviewed: string[] | null } | null } | null;
}

const scalePlanSchema = z.object({
  version: z.literal(1),
  attempt: z.number().int().positive().optional(),
  plan: z.object({ command: z.string(), task: z.string(), fileSource: z.string(), fileCount: z.number(), workers: z.array(z.unknown()) }).passthrough(),
  jobs: z.array(z.array(z.string())),
  startedAt: z.string(),
  review: z.object({ previous: z.object({ state: z.unknown(), note: z.string().nullable() }), scope: z.unknown() }).nullable(),
});

/** The names of this run's artifacts, every attempt's. */
export async function runArtifactNames(): Promise<Set<string>> {
  const { artifacts } = await new DefaultArtifactClient().listArtifacts({ latest: true });
  return new Set(artifacts.map((a) => a.name));
}

/** The newest attempt from `from` up to `upTo` that uploaded `nameOf(attempt)`; null when none did. */
export function newestAttempt(names: Set<string>, nameOf: (attempt: number) => string, upTo: number, from = 1): number | null {
  for (let attempt = upTo; attempt >= from; attempt--) if (names.has(nameOf(attempt))) return attempt;
  return null;
}

export async function uploadScalePlan(dir: string, name: string, scale: ScalePlan): Promise<UploadedArtifact | { error: string }> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, SCALE_PLAN_FILE), JSON.stringify(scale));
  return uploadRunArtifact({ runDir: dir, name });
}

/**
 * Downloads artifact `name` of this run into `dest`; null when the run has no artifact of that
 * name. Other failures (the service is down) throw with the reason.
 */
export async function downloadRunArtifact(name: string, dest: string): Promise<string | null> {
  const client = new DefaultArtifactClient();
  // listArtifacts rather than getArtifact: a missing name is an empty list, not an error to tell apart.
  const { artifacts } = await client.listArtifacts({ latest: true });
  const found = artifacts.find((a) => a.name === name);
  if (!found) return null;
  await fs.mkdir(dest, { recursive: true });
  await client.downloadArtifact(found.id, { path: dest });
  return dest;
}

/** The plan job's plan, checked; null when this run has no plan artifact. */
export async function downloadScalePlan(name: string, dest: string): Promise<ScalePlan | null> {
  const dir = await downloadRunArtifact(name, dest);
  if (!dir) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(dir, SCALE_PLAN_FILE), 'utf8'));
  } catch (err) {
    throw new Error(`the plan artifact ${name} holds no readable ${SCALE_PLAN_FILE}: ${redact((err as Error).message)}`, { cause: err });
  }
  const parsed = scalePlanSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the plan artifact ${name} is not a codex-swarm plan (version 1): ${parsed.error.issues[0]?.message}`);
  const scale = parsed.data as unknown as ScalePlan;
  validatePlan(scale.plan);
  return scale;
}

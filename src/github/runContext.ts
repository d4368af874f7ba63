/**
 * What the runner tells the action about the run, read once from its environment and checked:
 * a missing GITHUB_REPOSITORY or an unreadable event file is a clear error, not an undefined later.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export interface RunContext {
  eventName: string;
  payload: unknown;
  owner: string;
  repo: string;
  runId: string;
  runAttempt: number;
  serverUrl: string;
  /** The checkout the workers work on. */
  workspace: string;
  /** Run folders, worktrees and memory live here, never in the checkout. */
  tempDir: string;
  /** Link to this workflow run. */
  runUrl: string;
  /** The branch or tag the workflow ran on (GITHUB_REF_NAME). */
  refName: string;
}

const envSchema = z.object({
  GITHUB_EVENT_NAME: z.string().min(1, 'GITHUB_EVENT_NAME is not set: run codex-swarm as a step of a GitHub Actions job (or use the CLI)'),
  GITHUB_REPOSITORY: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'GITHUB_REPOSITORY must be owner/name'),
  GITHUB_RUN_ID: z.string().regex(/^\d+$/, 'GITHUB_RUN_ID must be a number'),
  GITHUB_RUN_ATTEMPT: z.string().regex(/^\d+$/).default('1'),
  GITHUB_SERVER_URL: z.string().url().default('https://github.com'),
  GITHUB_EVENT_PATH: z.string().optional(),
  GITHUB_WORKSPACE: z.string().optional(),
  RUNNER_TEMP: z.string().optional(),
  GITHUB_REF_NAME: z.string().default(''),
});

export async function readRunContext(env: NodeJS.ProcessEnv = process.env): Promise<RunContext> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`The runner environment is incomplete: ${parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const [owner, repo] = e.GITHUB_REPOSITORY.split('/') as [string, string];
  let payload: unknown = {};
  if (e.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(await fs.readFile(e.GITHUB_EVENT_PATH, 'utf8'));
    } catch (err) {
      throw new Error(`Could not read the event payload at GITHUB_EVENT_PATH: ${(err as Error).message}`, { cause: err });
    }
  }
  const serverUrl = e.GITHUB_SERVER_URL.replace(/\/+$/, '');
  return {
    eventName: e.GITHUB_EVENT_NAME,
    payload,
    owner,
    repo,
    runId: e.GITHUB_RUN_ID,
    runAttempt: Number(e.GITHUB_RUN_ATTEMPT),
    serverUrl,
    workspace: path.resolve(e.GITHUB_WORKSPACE ?? process.cwd()),
    tempDir: path.resolve(e.RUNNER_TEMP ?? os.tmpdir()),
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${e.GITHUB_RUN_ID}`,
    refName: e.GITHUB_REF_NAME,
  };
}

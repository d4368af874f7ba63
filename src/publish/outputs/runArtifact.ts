/**
 * Uploads the run folder (results.json, every worker's logs, answers and patches, report.md) as
 * one workflow artifact with `@actions/artifact`. An upload failure is returned for the caller
 * to warn about; it never throws, so the comment and the summary still go out.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { redact } from '../../util/redact.js';

export interface UploadRunArtifactOptions {
  runDir: string;
  name: string;
  retentionDays?: number;
}

export interface UploadedArtifact {
  id: number;
  size: number;
  /** The artifact's page, when the run's GitHub environment variables are there to build it. */
  url?: string;
}

/** Characters the artifact service refuses in a file path (NTFS's rules). */
const FORBIDDEN_IN_PATH = /[":<>|*?\r\n]/g;
const FORBIDDEN_IN_NAME = /[":<>|*?\r\n\\/]/g;

/** Unique per workflow run and attempt, so a re-run does not collide with the first attempt's artifact. */
export function defaultArtifactName(runId: string | number, attempt: string | number = 1): string {
  return `codex-swarm-${runId}-${attempt}`.replace(FORBIDDEN_IN_NAME, '-');
}

export async function uploadRunArtifact({ runDir, name, retentionDays }: UploadRunArtifactOptions): Promise<UploadedArtifact | { error: string }> {
  let staging: string | null = null;
  try {
    const files = await listFiles(runDir);
    if (files.length === 0) return { error: `the run folder ${runDir} holds no files to upload` };
    staging = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'codex-swarm-artifact-'));
    const staged = await stageRedacted(runDir, files, staging);
    const client = new DefaultArtifactClient();
    const result = await client.uploadArtifact(name, staged, staging, retentionDays ? { retentionDays } : {});
    if (result.id === undefined) return { error: 'the artifact service did not return an artifact id' };
    const url = artifactUrl(result.id);
    return { id: result.id, size: result.size ?? 0, ...(url ? { url } : {}) };
  } catch (err) {
    return { error: redact(err instanceof Error ? err.message : String(err)) };
  } finally {
    if (staging) await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Regular files under `dir`, relative, sorted; links are not followed (they could point anywhere). */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/**
 * A copy of the files to upload: redacted (a secret that reached a log never leaves the runner)
 * and with the characters the service refuses replaced, so one odd name cannot fail the upload.
 */
async function stageRedacted(runDir: string, files: string[], staging: string): Promise<string[]> {
  const staged: string[] = [];
  for (const rel of files) {
    const target = path.join(staging, rel.replace(FORBIDDEN_IN_PATH, '_'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    const bytes = await fs.readFile(path.join(runDir, rel));
    const text = bytes.toString('utf8');
    const clean = redact(text);
    // Untouched files keep their exact bytes (binary patches, other encodings).
    await fs.writeFile(target, clean === text ? bytes : clean);
    staged.push(target);
  }
  return staged;
}

function artifactUrl(id: number): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = process.env;
  if (!server || !repo || !runId) return undefined;
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${runId}/artifacts/${id}`;
}

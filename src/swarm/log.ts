/**
 * The swarm in the job log: one line per worker as it ends, and at the end a collapsible group per
 * worker with its whole story (every event worth a line, its answer, the tail of stderr).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { describeEventLine } from '../workers/describeLine.js';
import { workerFiles } from '../workers/runWorker.js';
import type { WorkerResult } from '../workers/types.js';
import type { SwarmOutcome } from './types.js';

const STATUS_MARK: Record<WorkerResult['status'], string> = {
  succeeded: '✔',
  failed: '✘',
  timed_out: '⏱',
  cancelled: '■',
  skipped: '○',
  lost: '?',
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** `✔ reviewer-1 succeeded in 41.2 s: 3 findings, 12,034 tokens` — one line per worker. */
export function describeWorkerEnd(r: WorkerResult): string {
  const tokens = r.usage.input + r.usage.output;
  const parts = [`${STATUS_MARK[r.status]} ${r.id} ${r.status.replace('_', ' ')} in ${formatDuration(r.durationMs)}`];
  const details: string[] = [];
  if (r.answer) details.push(`${r.answer.findings.length} finding${r.answer.findings.length === 1 ? '' : 's'}`);
  if (r.filesChanged.length) details.push(`${r.filesChanged.length} file(s) changed`);
  if (tokens) details.push(`${tokens.toLocaleString('en-US')} tokens`);
  if (r.error) details.push(r.error);
  else if (r.answerError) details.push(r.answerError);
  return details.length ? `${parts[0]}: ${details.join(', ')}` : parts[0];
}

export async function logWorkerGroups(outcome: SwarmOutcome): Promise<void> {
  const runDir = path.dirname(outcome.resultsFile);
  for (const r of outcome.results) {
    core.startGroup(`${r.id} (${r.role}, ${r.engine ?? 'codex'}): ${r.status.replace('_', ' ')}`);
    try {
      core.info(describeWorkerEnd(r));
      const events = await fs.readFile(path.join(runDir, workerFiles(r.id).events), 'utf8').catch(() => '');
      for (const line of events.split('\n')) {
        const text = describeEventLine(r.engine ?? 'codex', line);
        if (text) core.info(`  ${text}`);
      }
      if (r.answer) core.info(`answer (${r.answer.status}): ${r.answer.summary}`);
      if (r.stderrTail.trim()) core.info(`stderr (last lines):\n${r.stderrTail}`);
    } finally {
      core.endGroup();
    }
  }
}

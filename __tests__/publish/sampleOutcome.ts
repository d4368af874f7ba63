/** SwarmOutcome objects for the publish tests: a mixed run (reviewers, writers, a failure, a conflict). */
import type { Plan, WorkerSpec } from '../../src/plan/types.js';
import type { SwarmOutcome } from '../../src/swarm/types.js';
import type { Finding, WorkerResult } from '../../src/workers/types.js';

export function finding(f: Partial<Finding> = {}): Finding {
  return { severity: 'medium', file: 'src/app.ts', line: 10, title: 'A finding', detail: 'Why it matters.', ...f };
}

export function workerResult(r: Partial<WorkerResult> & Pick<WorkerResult, 'id' | 'role'>): WorkerResult {
  return {
    status: 'succeeded',
    exitCode: 0,
    startedAt: '2025-01-01T00:00:01.000Z',
    startOffsetMs: 1000,
    durationMs: 42_100,
    usage: { input: 12_345, cachedInput: 0, output: 1_234, reasoningOutput: 0 },
    answer: { status: 'complete', summary: `Summary of ${r.id}.`, findings: [], pattern: { approach: 'read', context: 'ts' } },
    files: ['src/app.ts'],
    filesChanged: [],
    patchPath: null,
    stderrTail: '',
    memoryMatches: [],
    ...r,
  };
}

export function specFor(r: WorkerResult): WorkerSpec {
  const writes = r.role !== 'reviewer';
  return {
    id: r.id,
    role: r.role,
    prompt: `Do the ${r.role} work.`,
    sandbox: writes ? 'workspace-write' : 'read-only',
    files: r.files,
    dependsOn: [],
    shard: { index: 1, total: 1 },
    task: 'task',
  };
}

export function planFor(results: WorkerResult[], p: Partial<Plan> = {}): Plan {
  return { command: 'review', task: '', fileSource: 'pull-request', fileCount: 5, workers: results.map(specFor), ...p };
}

/** Two reviewers (one with findings of every severity), a coder merged, a coder conflicting, a tester failed. */
export function sampleOutcome(o: Partial<SwarmOutcome> = {}): SwarmOutcome {
  const results = [
    workerResult({
      id: 'reviewer-1',
      role: 'reviewer',
      files: ['src/app.ts', 'src/db.ts', 'src/util/strings.ts', 'src/util/dates.ts'],
      answer: {
        status: 'complete',
        summary: 'Reviewed four files.',
        findings: [
          finding({
            severity: 'critical',
            file: 'src/db.ts',
            line: 42,
            title: 'SQL injection in query builder',
            detail: 'User input reaches `query()` unescaped.',
          }),
          finding({ severity: 'high', file: 'src/app.ts', line: 7, title: 'Unchecked error' }),
          finding({ severity: 'medium', file: 'src/util/strings.ts', line: null, title: 'Quadratic loop' }),
          finding({ severity: 'low', file: 'src/util/dates.ts', line: 3, title: 'Ambiguous name' }),
          finding({ severity: 'info', file: 'README.md', line: 1, title: 'Typo in heading' }),
        ],
        pattern: { approach: 'a', context: 'b' },
      },
    }),
    workerResult({ id: 'reviewer-2', role: 'reviewer', files: ['src/cli.ts'], startOffsetMs: 1200, durationMs: 30_000 }),
    workerResult({
      id: 'coder-1',
      role: 'coder',
      files: ['src/app.ts'],
      filesChanged: ['src/app.ts', 'src/new file.ts'],
      patchPath: 'workers/coder-1/patch.diff',
      startOffsetMs: 2000,
      durationMs: 65_000,
    }),
    workerResult({
      id: 'coder-2',
      role: 'coder',
      files: ['src/db.ts'],
      filesChanged: ['src/db.ts'],
      patchPath: 'workers/coder-2/patch.diff',
      startOffsetMs: 2500,
      durationMs: 50_000,
    }),
    workerResult({
      id: 'tester-1',
      role: 'tester',
      status: 'failed',
      exitCode: 1,
      error: 'codex exited with code 1: turn failed',
      answer: null,
      answerError: 'final.json is missing',
      files: ['src/app.ts'],
      startOffsetMs: 68_000,
      durationMs: 12_000,
    }),
  ];
  return {
    runId: '20250101-000000-abcd',
    plan: planFor(results),
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 80_500,
    results,
    merge: {
      applied: false,
      merged: [{ workerId: 'coder-1', files: ['src/app.ts', 'src/new file.ts'] }],
      conflicts: [{ workerId: 'coder-2', files: ['src/db.ts'], patchPath: 'workers/coder-2/patch.diff', message: 'error: patch failed: src/db.ts:3' }],
      combinedPatchPath: 'combined.patch',
    },
    cancelled: false,
    resultsFile: '/runs/20250101-000000-abcd/results.json',
    ...o,
  };
}

/** A review where every worker succeeded and nothing was written. */
export function cleanOutcome(findings: Finding[] = []): SwarmOutcome {
  const results = [
    workerResult({
      id: 'reviewer-1',
      role: 'reviewer',
      answer: { status: 'complete', summary: 'ok', findings, pattern: { approach: 'a', context: 'b' } },
    }),
    workerResult({ id: 'reviewer-2', role: 'reviewer', startOffsetMs: 1500 }),
  ];
  return {
    runId: 'run-clean',
    plan: planFor(results),
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 45_000,
    results,
    merge: { applied: false, merged: [], conflicts: [], combinedPatchPath: null },
    cancelled: false,
    resultsFile: '/runs/run-clean/results.json',
  };
}

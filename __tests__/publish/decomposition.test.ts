import { decompositionSection } from '../../src/publish/report/decomposition.js';
import { renderReport } from '../../src/publish/report/markdownReport.js';
import { renderPlainSummary } from '../../src/publish/report/textReport.js';
import type { Decomposition } from '../../src/swarm/types.js';
import { planFor, sampleOutcome, workerResult } from './sampleOutcome.js';

const results = [
  workerResult({ id: 'planner-1', role: 'planner', startOffsetMs: 0, durationMs: 5000 }),
  workerResult({ id: 'coder-1', role: 'coder', startOffsetMs: 5100, files: ['src/api.ts'] }),
  workerResult({ id: 'coder-2', role: 'coder', startOffsetMs: 5100, status: 'failed', error: 'boom', files: ['src/ui|x.ts'] }),
  workerResult({ id: 'tester-1', role: 'tester', startOffsetMs: 50_000 }),
  workerResult({ id: 'reviewer-1', role: 'reviewer', startOffsetMs: 50_000 }),
];
const decomposition: Decomposition = {
  source: 'planner',
  summary: 'API first, then the UI @octocat',
  subtasks: [
    {
      subtask: { id: 'api', title: 'The API', instructions: 'secret-instructions', files: ['src/api.ts'], dependsOn: [] },
      workerId: 'coder-1',
      patch: { files: 1, added: 12, removed: 3 },
    },
    { subtask: { id: 'ui', title: 'The *UI*', instructions: 'x', files: ['src/ui|x.ts'], dependsOn: ['api'] }, workerId: 'coder-2', patch: null },
  ],
  fallback: null,
  outOfScope: [{ workerId: 'coder-1', files: ['README.md'] }],
  planSha256: 'ab'.repeat(32),
  planOnly: false,
};
const outcome = sampleOutcome({ results, plan: planFor(results, { command: 'code', task: 'Add a thing' }), decomposition });

test('the plan section: one row per subtask with its files, coder, status and patch size; out-of-scope files named', () => {
  const md = decompositionSection(outcome)!.markdown;
  expect(md).toContain('**Planner (plan `abababababab`):** API first, then the UI @&#8203;octocat');
  expect(md).toContain('| 1 | The API | `src/api.ts` | `coder-1` | ✅ succeeded | +12 −3 in 1 file |');
  expect(md).toContain('| 2 | The \\*UI\\* (after `coder-1`) | `src/ui\\|x.ts` | `coder-2` | ❌ failed | — |');
  expect(md).toContain('> ⚠️ `coder-1` changed files outside its subtask (kept and merged like any other): `README.md`');
  // Instructions stay in the coders' prompts.
  expect(md).not.toContain('secret-instructions');
  // In the report, before the worker table, and the timeline runs planner → coders → tester/reviewer.
  const report = renderReport({ outcome, links: {} });
  expect(report.indexOf('### Plan')).toBeLessThan(report.indexOf('| Worker |'));
  const sections = [...report.matchAll(/^ {2}section (\w+)$/gm)].map((m) => m[1]);
  expect(sections).toEqual(['planner', 'coder', 'tester', 'reviewer']);
});

test('a fallback is one line; a run without a planner has no plan section', () => {
  const fell = sampleOutcome({
    decomposition: {
      ...decomposition,
      subtasks: [],
      outOfScope: [],
      planSha256: null,
      fallback: "planner's plan rejected: src/a.ts is in subtasks 1 and 2 — ran one coder",
    },
  });
  expect(decompositionSection(fell)?.markdown).toBe(
    "### Plan\n\n**Planner:** API first, then the UI @&#8203;octocat\n\n> ⚠️ planner's plan rejected: src/a.ts is in subtasks 1 and 2 — ran one coder",
  );
  expect(decompositionSection(sampleOutcome())).toBeNull();
});

test('the terminal gets the same plan', () => {
  const text = renderPlainSummary(outcome);
  expect(text).toContain('Plan abababababab: API first, then the UI @octocat');
  expect(text).toContain('  1. The API — coder-1, succeeded, +12 −3 in 1 file');
  expect(text).toContain('  2. The *UI* (after coder-1) — coder-2, failed');
  expect(text).toContain('  coder-1 changed files outside its subtask: README.md');
});

import { renderPreviewMarkdown, renderPreviewText } from '../../src/publish/report/planPreview.js';
import { previewPlan } from '../../src/swarm/preview.js';
import { planFor, specFor, workerResult } from '../publish/sampleOutcome.js';

const plan = () => {
  const reviewer = { ...specFor(workerResult({ id: 'reviewer-1', role: 'reviewer' })), files: ['src/a.ts', 'docs/read me.md'], prompt: 'é'.repeat(50) };
  const coder = { ...specFor(workerResult({ id: 'coder-1', role: 'coder' })), sandbox: 'workspace-write' as const, files: [], prompt: 'x'.repeat(10) };
  const tester = { ...coder, id: 'tester-1', role: 'tester' as const, dependsOn: ['coder-1'] };
  return { ...planFor([]), command: 'code' as const, fileCount: 2, workers: [reviewer, coder, tester] };
};

test('each worker with its prompt as it would start (memory patterns included), in bytes and tokens; nothing run', async () => {
  const asked: string[] = [];
  const memory = {
    beforeWorker: (spec: { id: string }) => {
      asked.push(spec.id);
      return Promise.resolve(spec.id === 'reviewer-1' ? { promptSection: 'p'.repeat(100), keys: ['pattern-reviewer-x'] } : { promptSection: '', keys: [] });
    },
  };
  const preview = await previewPlan(plan(), memory);
  expect(asked).toEqual(['reviewer-1', 'coder-1', 'tester-1']);
  // 50 two-byte characters, the blank line, the memory section.
  expect(preview.workers.map((w) => [w.id, w.promptBytes, w.promptTokens, w.patterns])).toEqual([
    ['reviewer-1', 202, 51, ['pattern-reviewer-x']],
    ['coder-1', 10, 3, []],
    ['tester-1', 10, 3, []],
  ]);
  expect(preview.totalPromptBytes).toBe(222);

  const text = renderPreviewText(preview);
  expect(text).toMatch(/^dry run: code → 3 workers over 2 files/);
  expect(text).toContain('tester-1  tester (workspace-write, after coder-1)  prompt 10 bytes ≈ 3 tokens');
  expect(text).toContain('  files (2): src/a.ts, docs/read me.md');
  expect(text).toContain('  memory: pattern-reviewer-x');

  const markdown = renderPreviewMarkdown(preview);
  expect(markdown).toMatch(/^\*\*Dry run: code → 3 workers/);
  expect(markdown).toContain('| `reviewer-1` | reviewer | 2: src/a.ts, docs/read me.md | 202 B ≈ 51 | pattern-reviewer-x |');
  expect(markdown).toContain('no model was called');
});

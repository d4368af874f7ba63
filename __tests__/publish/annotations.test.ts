import { annotateFindings } from '../../src/publish/review/annotations.js';
import type { ReviewFinding } from '../../src/publish/review/placeFindings.js';
import { countAnnotations } from '../../src/util/annotationCount.js';
import type { Severity } from '../../src/workers/types.js';
import { annotationsShown, captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const finding = (i: number, severity: Severity): ReviewFinding => ({
  severity,
  file: `src/f${i}.ts`,
  line: i + 1,
  title: `${severity} ${i}`,
  detail: `why ${i}`,
  workers: ['reviewer-1'],
  fingerprint: i.toString(16).padStart(16, '0'),
  placement: 'inline',
});
// Worker order: the least severe first, as a long review often reports them.
const MANY = [
  ...Array.from({ length: 15 }, (_, i) => finding(i, 'info')),
  ...Array.from({ length: 15 }, (_, i) => finding(100 + i, 'low')),
  ...Array.from({ length: 6 }, (_, i) => finding(200 + i, 'medium')),
  ...Array.from({ length: 8 }, (_, i) => finding(300 + i, 'high')),
  ...Array.from({ length: 6 }, (_, i) => finding(400 + i, 'critical')),
];
let commands: CapturedCommands;
beforeEach(() => {
  commands = captureWorkflowCommands();
});
/** What the step printed, as GitHub shows it. */
const seen = () => annotationsShown([commands.output.join('')]);
afterEach(() => commands.restore());

test('at most what GitHub shows, most severe first, a slot kept for the action; one notice says how many more are in the report', () => {
  const result = annotateFindings(MANY, { where: 'the codex-swarm comment on #7' });
  expect(result).toEqual({ annotated: 9 + 8 + 9, omitted: 50 - 26 });
  const shown = seen();
  // Nothing dropped by GitHub: every annotation printed is one a user sees.
  expect(shown.dropped).toEqual({ error: 0, warning: 0, notice: 0 });
  const errors = shown.shown.filter((a) => a.level === 'error').map((a) => a.title);
  expect(errors.slice(0, 6).every((t) => t?.startsWith('critical'))).toBe(true);
  expect(errors).toHaveLength(9);
  expect(shown.shown.filter((a) => a.level === 'warning').map((a) => a.title)).toEqual([
    ...Array.from({ length: 6 }, (_, i) => `medium: medium ${200 + i}`),
    'low: low 100',
    'low: low 101',
  ]);
  expect(commands.notices.at(-1)).toBe(
    'codex-swarm: 24 more findings (5 high, 13 low, 6 info) not annotated here: GitHub shows 10 annotations of each level per step. Every finding is in the codex-swarm comment on #7.',
  );
});

test("the action's own warnings spend the budget first: findings get what is left, still none dropped", () => {
  const counter = countAnnotations();
  try {
    for (let i = 0; i < 7; i++) process.stdout.write(`::warning::the action's warning ${i}\n`);
    const result = annotateFindings(MANY, { spent: counter.spent() });
    expect(result.annotated).toBe(9 + 1 + 9);
    const shown = seen();
    expect(shown.dropped).toEqual({ error: 0, warning: 0, notice: 0 });
    expect(counter.spent()).toEqual({ error: 9, warning: 8, notice: 10 });
  } finally {
    counter.restore();
  }
});

test('few findings: each annotated, no notice', () => {
  expect(annotateFindings(MANY.slice(0, 3))).toEqual({ annotated: 3, omitted: 0 });
  expect(commands.notices).toHaveLength(3);
});

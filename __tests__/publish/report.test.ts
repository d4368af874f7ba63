import { afterEach, describe, expect, it } from '@jest/globals';
import { COMMENT_MAX_CHARS, DEFAULT_REPORT_MAX_CHARS, renderLiveReport, renderReport } from '../../src/publish/report/markdownReport.js';
import { renderPlainSummary } from '../../src/publish/report/textReport.js';
import type { WorkerState } from '../../src/swarm/types.js';
import { SELF_MARKER } from '../../src/publish/comment/markers.js';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { formatTokens } from '../../src/publish/report/format.js';
import { cleanOutcome, finding, planFor, sampleOutcome, workerResult } from './sampleOutcome.js';

const links = { runUrl: 'https://github.com/o/r/actions/runs/1', artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/9' };
const SECRET = 'sk-test-0123456789abcdef';

afterEach(() => clearSecrets());

/** The cells of a GFM table row, split on unescaped pipes. */
const cellsOf = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('renderReport', () => {
  it('has every section: marker, status, totals, links, workers, problems, findings by severity, patch, timeline', () => {
    const report = renderReport({ outcome: sampleOutcome(), links });
    const lines = report.split('\n');
    expect(lines[0]).toBe(SELF_MARKER);
    expect(report).toContain('### ⚠️ codex-swarm · `review` finished with problems');
    expect(report).toContain(
      '**5 workers** (4 succeeded, 1 failed) · 1m 21s · 61.7k tokens in, 6.2k out (codex) · **5 findings** (1 critical, 1 high, 1 medium, 1 low, 1 info)',
    );
    expect(report).toContain(`[Workflow run](${links.runUrl}) · [Artifact](${links.artifactUrl})`);

    const header = lines.findIndex((l) => l.startsWith('| Worker |'));
    expect(cellsOf(lines[header])).toEqual(['Worker', 'Role', 'Engine', 'Files', 'Status', 'Duration', 'Tokens in / out']);
    const rows = lines.slice(header + 2, header + 7).map(cellsOf);
    expect(rows.map((r) => r[0])).toEqual(['`reviewer-1`', '`reviewer-2`', '`coder-1`', '`coder-2`', '`tester-1`']);
    expect(rows[0]).toEqual([
      '`reviewer-1`',
      'reviewer',
      'codex',
      '4: `src/app.ts`, `src/db.ts`, `src/util/strings.ts`, +1 more',
      '✅ succeeded',
      '42.1s',
      '12.3k / 1.2k',
    ]);
    expect(rows[4][4]).toBe('❌ failed');
    expect(report).toContain('- `tester-1` failed: codex exited with code 1: turn failed');
    expect(report).toContain("- `tester-1`'s answer could not be read: final.json is missing");

    const order = ['#### 🟥 Critical (1)', '#### 🟧 High (1)', '#### 🟨 Medium (1)', '#### 🟦 Low (1)', '#### ⬜ Info (1)'].map((h) => report.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Details wrap like prose (a fence would scroll sideways), escaped as markdown.
    expect(report).toContain(
      '- `src/db.ts:42` — SQL injection in query builder · `reviewer-1`\n  <details><summary>Details</summary>\n\n  User input reaches \\`query()\\` unescaped.\n\n  </details>',
    );
    expect(report).toContain('- `src/util/strings.ts` — Quadratic loop'); // no line number

    expect(report).toContain('### Patch');
    expect(report).toContain('- Merged, in plan order: `coder-1` (2 files: `src/app.ts`, `src/new file.ts`)');
    expect(report).toContain('- Combined patch: `combined.patch`, in the artifact');
    expect(report).toMatch(
      /- ⚠️ Conflict: `coder-2` on 1 file: `src\/db.ts` was left out; its patch is kept at `workers\/coder-2\/patch.diff`\. error: patch failed/,
    );

    const gantt = report.slice(report.indexOf('```mermaid'), report.indexOf('```', report.indexOf('```mermaid') + 3) + 3).split('\n');
    expect(gantt.slice(0, 6)).toEqual(['```mermaid', 'gantt', '  dateFormat HH:mm:ss', '  axisFormat %M:%S', '  tickInterval 10second', '  todayMarker off']);
    expect(gantt).toContain('  section reviewer');
    expect(gantt).toContain('  reviewer-1 (codex) :done, w1, 00:00:01, 42.1s');
    expect(gantt).toContain('  coder-1 (codex) :done, w3, 00:00:02, 65.0s');
    expect(gantt).toContain('  tester-1 (codex) :crit, w5, 00:01:08, 12.0s');
    // Every task line has its `:data` (mermaid fails to parse one without).
    for (const line of gantt.filter((l) => /^ {2}[a-z]+-\d+ /.test(l)))
      expect(line).toMatch(/^ {2}[a-z]+-\d+ \((codex|claude)\) :(done|crit), w\d+, \d\d:\d\d:\d\d, \d+\.\ds$/);

    expect(report).toContain('<details><summary>reviewer-1 · reviewer</summary>');
    expect(report.length).toBeLessThanOrEqual(DEFAULT_REPORT_MAX_CHARS);
  });

  it('says how the run went in the heading', () => {
    expect(renderReport({ outcome: cleanOutcome(), links: {} })).toContain('### ✅ codex-swarm · `review` succeeded');
    const failed = cleanOutcome();
    failed.results = failed.results.map((r) => ({ ...r, status: 'failed' as const, error: 'boom' }));
    expect(renderReport({ outcome: failed, links: {} })).toContain('### ❌ codex-swarm · `review` failed');
    expect(renderReport({ outcome: { ...cleanOutcome(), cancelled: true }, links: {}, title: 'Swarm' })).toContain('### 🛑 Swarm · `review` cancelled');
    // A read-only review has no patch section; findings are said to be none.
    const clean = renderReport({ outcome: cleanOutcome(), links: {} });
    expect(clean).not.toContain('### Patch');
    expect(clean).toContain('No findings.');
  });

  it('reports a patch that could not be applied to the checkout', () => {
    const outcome = sampleOutcome();
    outcome.merge = { ...outcome.merge, applyError: 'the merged changes do not apply to the checkout' };
    expect(renderReport({ outcome, links })).toContain('- ❌ Not applied to the checkout: the merged changes do not apply to the checkout');
  });

  it('redacts a registered secret wherever it appears, even split by an invisible character', () => {
    registerSecret(SECRET);
    const outcome = sampleOutcome();
    outcome.plan.task = `use ${SECRET}`;
    outcome.results[0].answer!.findings.push(
      finding({
        severity: 'high',
        file: `config/${SECRET}.env`,
        title: `Leaked ${SECRET}`,
        detail: `the key is ${SECRET.slice(0, 6)}\u200b${SECRET.slice(6)}`,
      }),
    );
    outcome.results[4].error = `request failed with key ${SECRET}`;
    outcome.results[1].answer!.summary = `I saw ${SECRET}`;
    const report = renderReport({ outcome, links });
    expect(report).not.toContain(SECRET);
    expect(report).toContain('Leaked \\*\\*\\*');
    expect(renderPlainSummary(outcome)).not.toContain(SECRET);
  });

  it('neutralises model output: mentions, references, HTML, markdown and table-breaking text', () => {
    const outcome = cleanOutcome([
      finding({
        severity: 'high',
        file: 'src/a|b\nc.ts',
        title: 'Ping @octocat and @org/team about #12 </details><img src=x onerror=alert(1)> **bold** [link](https://evil.example)',
        detail: '```\n</details>\n@octocat\n```',
      }),
    ]);
    outcome.results[1].error = 'never @admin';
    outcome.results[1].status = 'failed';
    const report = renderReport({ outcome, links: {} });
    expect(report).toContain('Ping @&#8203;octocat and @&#8203;org/team about \\#&#8203;12');
    // Outside code (where GitHub links nothing) no mention is left.
    const outsideCode = report.replace(/^ *(`{3,})text\n[\s\S]*?^ *\1$/gm, '');
    expect(outsideCode).not.toMatch(/@(octocat|org|admin)/);
    expect(report).not.toContain('<img');
    expect(report).toContain('&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\* \\[link\\](https://evil.example)');
    // A newline in a name is quoted, never folded into a space that would read as another name.
    expect(report).toContain('- `"src/a|b\\nc.ts:10"`');
    expect(report).toContain('- `reviewer-2` failed: never @&#8203;admin');
    // A detail cannot close the <details>, open a fence, or ping anyone.
    expect(report).toContain('  \\`\\`\\`<br>\n  &lt;/details&gt;<br>\n  @&#8203;octocat<br>\n  \\`\\`\\`\n');

    // A file name with a pipe and a newline stays in its table cell.
    const withFiles = cleanOutcome();
    withFiles.results[0].files = ['a|b.ts', 'x\ny.ts'];
    const row = renderReport({ outcome: withFiles, links: {} })
      .split('\n')
      .find((l) => l.startsWith('| `reviewer-1`'))!;
    expect(cellsOf(row)).toHaveLength(7);
    expect(cellsOf(row)[3]).toBe('2: `a\\|b.ts`, `"x\\ny.ts"`');
  });

  it('stays under the comment limit by leaving out detail, least useful first, and points to report.md', () => {
    const big = cleanOutcome(
      Array.from({ length: 400 }, (_, i) =>
        finding({
          severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[i % 5],
          file: `src/file${i}.ts`,
          line: i,
          title: `Finding ${i}`,
          detail: 'x'.repeat(400),
        }),
      ),
    );
    const full = renderReport({ outcome: big, links, maxChars: Infinity });
    expect(full.length).toBeGreaterThan(COMMENT_MAX_CHARS);
    expect(full).not.toContain('✂️');

    const report = renderReport({ outcome: big, links });
    expect(report.length).toBeLessThanOrEqual(DEFAULT_REPORT_MAX_CHARS);
    expect(report.split('\n')[0]).toBe(SELF_MARKER);
    expect(report).toContain(
      `> ✂️ Shortened to fit in a comment (worker notes, finding details left out). The full report is \`report.md\` in the [run's artifact](${links.artifactUrl}).`,
    );
    expect(report).not.toContain('<details>');
    expect(report.match(/^- `src\/file\d+\.ts:\d+`/gm)).toHaveLength(400);

    // Many more findings: the low-severity ones go, counted, before the important ones.
    const huge = cleanOutcome(
      Array.from({ length: 2000 }, (_, i) =>
        finding({ severity: i < 10 ? 'critical' : i < 1000 ? 'low' : 'info', file: `src/f${i}.ts`, line: i, title: `Finding number ${i} `.repeat(3) }),
      ),
    );
    const cut = renderReport({ outcome: huge, links: {} });
    expect(cut.length).toBeLessThanOrEqual(DEFAULT_REPORT_MAX_CHARS);
    expect(cut).toContain('#### 🟥 Critical (10)');
    expect(cut).toContain('_Not listed here: 990 low, 1000 info findings._');
    expect(cut).toContain("finding details, 990 low, 1000 info findings left out). The full report is `report.md` in the run's artifact.");
    expect(cut).toContain('**2000 findings** (10 critical, 990 low, 1000 info)');
  });

  it('cuts at a line break as a last resort and never exceeds maxChars', () => {
    const outcome = sampleOutcome();
    for (const limit of [1500, 900]) {
      const report = renderReport({ outcome, links, maxChars: limit });
      expect(report.length).toBeLessThanOrEqual(limit);
      expect(report.startsWith(SELF_MARKER)).toBe(true);
      expect(report).toContain('> ✂️ Cut here to fit in a comment. The rest is `report.md`');
    }
  });
});

describe('renderLiveReport', () => {
  const results = [
    workerResult({ id: 'reviewer-1', role: 'reviewer', files: ['a.ts', 'b.ts'] }),
    workerResult({ id: 'reviewer-2', role: 'reviewer', files: ['c.ts'] }),
    workerResult({ id: 'coder-1', role: 'coder', files: [] }),
    workerResult({ id: 'tester-1', role: 'tester', files: ['t.ts'] }),
  ];
  const plan = planFor(results, { task: 'tidy up' });
  plan.workers[0].engine = 'claude';
  const states: WorkerState[] = [
    { id: 'reviewer-1', role: 'reviewer', state: 'running', startedAt: 1_000, endedAt: null, lastEvent: `$ grep -n "a|b" src @octocat ${SECRET}` },
    { id: 'reviewer-2', role: 'reviewer', state: 'succeeded', startedAt: 1_000, endedAt: 43_100, lastEvent: 'turn done' },
    { id: 'coder-1', role: 'coder', state: 'queued', startedAt: null, endedAt: null, lastEvent: null },
  ];

  it('shows each worker of the plan with its state, elapsed time and last event', () => {
    registerSecret(SECRET);
    const body = renderLiveReport({ plan, states, links: { runUrl: links.runUrl }, now: 13_500 });
    const lines = body.split('\n');
    expect(lines[0]).toBe(SELF_MARKER);
    expect(body).toContain('### 🔄 codex-swarm · `review` running — 1 of 4 workers finished');
    expect(body).toContain('> **Task:** tidy up');
    expect(body).toContain(`[Workflow run](${links.runUrl})`);
    const rows = lines.filter((l) => /^\| `[a-z]+-\d+`/.test(l)).map(cellsOf);
    expect(rows).toEqual([
      ['`reviewer-1`', 'reviewer', 'claude', '2: `a.ts`, `b.ts`', '🔄 running', '12.5s', '`$ grep -n "a\\|b" src @octocat ***`'],
      ['`reviewer-2`', 'reviewer', 'codex', '1: `c.ts`', '✅ succeeded', '42.1s', '`turn done`'],
      ['`coder-1`', 'coder', 'codex', '—', '⏳ queued', '—', '—'],
      // Not in the snapshot yet: queued.
      ['`tester-1`', 'tester', 'codex', '1: `t.ts`', '⏳ queued', '—', '—'],
    ]);
    expect(body).not.toContain(SECRET);
  });

  it('says plainly when max-workers held the fan-out over the budget, in the live and the final comment', () => {
    const sizing = { budget: { maxFiles: 40, maxBytes: 160_000 }, needed: 75, maxWorkers: 64, capped: true };
    const live = renderLiveReport({ plan: { ...plan, sizing }, states, links: {}, now: 13_500 });
    expect(live).toMatch(
      /> ⚠️ over budget: 40 files or 160000 bytes per worker needs 75 workers, but max-workers is 64.*mode: plan would keep the budget with 10 runners/,
    );
    const outcome = sampleOutcome();
    const final = renderReport({ outcome: { ...outcome, plan: { ...outcome.plan, sizing } }, links: {} });
    expect(final).toContain('> ⚠️ over budget');
    expect(renderLiveReport({ plan: { ...plan, sizing: { ...sizing, needed: 6, capped: false } }, states, links: {} })).not.toContain('over budget');
  });
});

describe('engines in the report', () => {
  it("names each worker's engine in the table and the timeline, and totals tokens per engine", () => {
    const outcome = sampleOutcome();
    outcome.results[0].engine = 'claude';
    outcome.results[1].engine = 'claude';
    for (const r of outcome.results.slice(2)) r.engine = 'codex';
    const report = renderReport({ outcome, links: {} });
    const usage = (ids: number[]) =>
      ids.map((i) => outcome.results[i].usage).reduce((t, u) => ({ input: t.input + u.input, output: t.output + u.output }), { input: 0, output: 0 });
    const claude = usage([0, 1]);
    const codex = usage([2, 3, 4]);
    expect(report).toContain(
      `61.7k tokens in, 6.2k out (claude ${formatTokens(claude.input)} / ${formatTokens(claude.output)}; codex ${formatTokens(codex.input)} / ${formatTokens(codex.output)})`,
    );
    const rows = report
      .split('\n')
      .filter((l) => /^\| `[a-z]+-\d+`/.test(l))
      .map(cellsOf);
    expect(rows.map((r) => [r[0], r[2]])).toEqual([
      ['`reviewer-1`', 'claude'],
      ['`reviewer-2`', 'claude'],
      ['`coder-1`', 'codex'],
      ['`coder-2`', 'codex'],
      ['`tester-1`', 'codex'],
    ]);
    expect(report).toContain('  reviewer-1 (claude) :done, w1, 00:00:01, 42.1s');
    expect(report).toContain('  coder-1 (codex) :done, w3, 00:00:02, 65.0s');
    expect(renderPlainSummary(outcome)).toMatch(/reviewer-1 +reviewer +claude +succeeded/);
  });
});

describe('renderPlainSummary', () => {
  it('prints aligned columns, findings by severity, the patch and where results.json is', () => {
    const outcome = sampleOutcome();
    outcome.results[0].answer!.findings[0].title = 'Colour \u001b[31mred\u001b[0m injection';
    const text = renderPlainSummary(outcome);
    expect(text).not.toMatch(/[|*`\u001b]/);
    const lines = text.split('\n');
    expect(lines[0]).toBe('codex-swarm review: finished with problems');
    const header = lines.find((l) => l.startsWith('worker'))!;
    const statusAt = header.indexOf('status');
    const rows = lines.filter((l) => /^(reviewer|coder|tester)-\d/.test(l));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.slice(statusAt)).toMatch(/^(succeeded|failed) /);
    expect(text).toContain('  tester-1: codex exited with code 1: turn failed');

    const findings = lines.slice(lines.indexOf('Findings') + 1, lines.indexOf('Findings') + 6);
    expect(findings.map((l) => l.trim().split(/\s+/)[0])).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(findings[0]).toMatch(/^ {2}critical {2}src\/db\.ts:42 +Colour \[31mred\[0m injection \[reviewer-1\]$/);
    expect(text).toContain('  merged: coder-1 (2 files)');
    expect(text).toContain('  combined patch: /runs/20250101-000000-abcd/combined.patch');
    expect(text).toContain('  conflict: coder-2 on src/db.ts; patch kept at /runs/20250101-000000-abcd/workers/coder-2/patch.diff');
    expect(lines.filter(Boolean).pop()).toBe('Results: /runs/20250101-000000-abcd/results.json');
  });
});

/** Maintainers' verdicts at publishing: the state between runs, what they keep out of the run, the report's part, results.json. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FindingVerdict } from '../../src/github/findingVerdict.js';
import type { FeedbackMatch } from '../../src/memory/feedback.js';
import { countFindings, conclude } from '../../src/publish/report/conclusion.js';
import { findingKey, fingerprintFinding } from '../../src/publish/review/fingerprint.js';
import { renderFeedbackSection } from '../../src/publish/report/feedbackSection.js';
import { likeDismissed, runFeedback, withoutDismissed } from '../../src/publish/review/feedbackFilter.js';
import { describeTaken, MAX_VERDICTS, mergeVerdicts, patternsJudged, withPromptPatterns } from '../../src/publish/review/verdictState.js';
import type { ReviewFinding } from '../../src/publish/review/placeFindings.js';
import { MAX_TRACKED } from '../../src/publish/review/publishReview.js';
import { readStickyState, renderStickyState, emptyState, type OpenFinding } from '../../src/publish/comment/stickyState.js';
import { readResultsFile, writeResultsFile } from '../../src/swarm/results.js';
import { tempDir } from '../workers/gitRepo.js';
import { finding, planFor, workerResult } from './sampleOutcome.js';
import type { SwarmOutcome } from '../../src/swarm/types.js';
import type { Finding, WorkerResult } from '../../src/workers/types.js';

const verdict = (over: Partial<FindingVerdict> = {}): FindingVerdict => {
  const path = over.path ?? 'src/db.ts';
  const title = over.title ?? 'SQL built from input';
  return {
    findingKey: findingKey(path, title),
    fingerprint: fingerprintFinding(path, title, 'x'),
    title,
    severity: 'high',
    path,
    line: 4,
    codeLine: 'const q = `SELECT ${id}`;',
    verdict: 'dismissed',
    reason: 'ids are integers',
    by: 'wendy',
    at: '2026-01-02T00:00:00Z',
    pr: 7,
    commentId: 90,
    via: 'reaction',
    ...over,
  };
};

/** A reviewer's result with these findings. */
const reviewer = (id: string, findings: Finding[]) =>
  workerResult({ id, role: 'reviewer', answer: { status: 'complete', summary: 's', findings, pattern: { approach: 'a', context: 'c' } } });
const outcomeOf = (results: WorkerResult[], resultsFile = '/x'): SwarmOutcome => ({
  runId: 'r',
  plan: planFor(results),
  startedAt: '2026-01-01T00:00:00Z',
  durationMs: 1,
  results,
  merge: { applied: false, merged: [], conflicts: [], combinedPatchPath: null },
  cancelled: false,
  resultsFile,
});

describe('mergeVerdicts', () => {
  it('keeps a verdict when its comment is gone, replaces it only with a later one, and says what is new', () => {
    const dismissed = verdict();
    const first = mergeVerdicts([], [dismissed]);
    expect(first).toEqual({ verdicts: [{ ...dismissed, codeLine: null }], taken: [dismissed] });
    // Nothing read this time (the comment was deleted, or the reaction removed): the dismissal stays, nothing new.
    expect(mergeVerdicts(first.verdicts, [])).toEqual({ verdicts: first.verdicts, taken: [] });
    // Another maintainer's 👎 later: kept as the latest word, but no change of verdict to take in.
    const again = verdict({ by: 'mia', at: '2026-01-03T00:00:00Z' });
    expect(mergeVerdicts(first.verdicts, [again])).toEqual({ verdicts: [{ ...again, codeLine: null }], taken: [] });
    // A 👍 after it: confirmed, taken in; an older read one never replaces a newer kept one.
    const confirmed = verdict({ verdict: 'confirmed', by: 'mia', at: '2026-01-04T00:00:00Z' });
    expect(mergeVerdicts(first.verdicts, [confirmed])).toEqual({ verdicts: [{ ...confirmed, codeLine: null }], taken: [confirmed] });
    expect(mergeVerdicts([confirmed], [dismissed])).toEqual({ verdicts: [confirmed], taken: [] });
    expect(describeTaken([dismissed, verdict({ title: 'b' }), confirmed])).toBe('2 dismissed, 1 confirmed since the last run');
    expect(describeTaken([])).toBeNull();
  });

  it(`keeps at most ${MAX_VERDICTS}, dismissals first, then the newest, and no code line (memory has it)`, () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      verdict({
        path: `src/module-${i}/file.ts`,
        title: `a long finding title ${'with many words '.repeat(6)}`.slice(0, 100),
        verdict: i % 3 ? 'confirmed' : 'dismissed',
        at: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`,
        reason: 'r'.repeat(100),
        codeLine: 'c'.repeat(120),
      }),
    );
    const { verdicts } = mergeVerdicts([], many);
    expect(verdicts).toHaveLength(MAX_VERDICTS);
    expect(verdicts.filter((v) => v.verdict === 'dismissed')).toHaveLength(20);
    expect(verdicts.map((v) => v.at)).toEqual([...verdicts.map((v) => v.at)].sort());
    expect(verdicts.every((v) => v.codeLine === null)).toBe(true);
    expect(readStickyState(renderStickyState({ ...emptyState(), verdicts })).state.verdicts).toEqual(verdicts);
  });
});

describe('patterns behind a finding', () => {
  const open = (over: Partial<OpenFinding>): OpenFinding => ({
    fingerprint: 'f'.repeat(16),
    file: 'src/db.ts',
    line: 4,
    title: 'SQL built from input',
    severity: 'high',
    workers: ['reviewer-1', 'reviewer-2'],
    commentId: 1,
    ...over,
  });

  it('records the patterns each reporting worker was given for findings this run reported, once each in a table; carried ones keep theirs', () => {
    const results = [
      { id: 'reviewer-1', memoryMatches: ['p-a', 'p-b'] },
      { id: 'reviewer-2', memoryMatches: ['p-b', 'p-c'] },
    ];
    const previous = { openFindings: [], promptPatterns: ['p-x', 'p-old'] };
    const carried = open({ fingerprint: 'c'.repeat(16), patterns: [1] });
    const next = withPromptPatterns(
      [open({}), carried, open({ fingerprint: 'd'.repeat(16), workers: ['reviewer-2'] })],
      previous,
      new Set(['f'.repeat(16), 'd'.repeat(16)]),
      results,
    );
    expect(next).toEqual({
      promptPatterns: ['p-a', 'p-b', 'p-c', 'p-old'],
      openFindings: [
        open({ patterns: [0, 1, 2] }),
        { ...carried, patterns: [3] },
        open({ fingerprint: 'd'.repeat(16), workers: ['reviewer-2'], patterns: [1, 2] }),
      ],
    });
    expect(patternsJudged(verdict({ fingerprint: 'c'.repeat(16) }), next)).toEqual(['p-old']);
  });

  it('finds them for a verdict by fingerprint, else by the same title and path (a moved line)', () => {
    const state = { openFindings: [open({ fingerprint: '1'.repeat(16), patterns: [0] })], promptPatterns: ['p-a'] };
    expect(patternsJudged(verdict({ fingerprint: '1'.repeat(16) }), state)).toEqual(['p-a']);
    expect(patternsJudged(verdict(), state)).toEqual(['p-a']);
    expect(patternsJudged(verdict({ title: 'other' }), state)).toEqual([]);
  });

  it('keeps the worst-case state block (every cap reached) well inside a comment', () => {
    const long = (n: number, c: string) => c.repeat(n);
    const verdicts = Array.from({ length: 60 }, (_, i) =>
      verdict({
        path: `src/some/fairly/long/path/module-${i}/file.ts`,
        title: long(80, 't'),
        reason: long(100, 'r'),
        by: long(39, 'm'),
        at: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`,
        pr: 12345,
        commentId: 2_000_000_000,
      }),
    );
    const findings = Array.from({ length: MAX_TRACKED }, (_, i) =>
      open({
        fingerprint: `${i}`.padStart(16, 'f'),
        file: `src/some/fairly/long/path/module-${i}/file.ts`,
        title: long(100, 't'),
        workers: ['reviewer-12', 'reviewer-13'],
      }),
    );
    const results = [
      { id: 'reviewer-12', memoryMatches: Array.from({ length: 50 }, (_, k) => `pattern-reviewer-${long(40, 'k')}-${k}`) },
      { id: 'reviewer-13', memoryMatches: Array.from({ length: 50 }, (_, k) => `pattern-tester-${long(40, 'k')}-${k}`) },
    ];
    const patterns = withPromptPatterns(findings, { openFindings: [], promptPatterns: [] }, new Set(findings.map((f) => f.fingerprint)), results);
    const block = renderStickyState({
      ...emptyState(),
      ...patterns,
      verdicts: mergeVerdicts([], verdicts).verdicts,
      headSha: long(40, 'a'),
      pendingPlan: null,
    });
    expect(block.length).toBeLessThan(42_000);
  });
});

describe('withoutDismissed', () => {
  const outcome = () =>
    outcomeOf([
      reviewer('reviewer-1', [
        finding({ severity: 'medium', file: 'src/db.ts', line: 9, title: 'SQL built from input!' }),
        finding({ severity: 'low', file: 'src/app.ts', line: 1, title: 'Unused import' }),
      ]),
      reviewer('reviewer-2', [finding({ severity: 'high', file: 'src/db.ts', line: 12, title: 'SQL built from input' })]),
    ]);

  it('drops a dismissed finding wherever its line is now, lists it once, and leaves counts and fail-on to open findings', () => {
    const before = outcome();
    expect(conclude(before, 'high').failStep).toBe(true);
    const { outcome: after, dismissed } = withoutDismissed(before, [verdict(), verdict({ title: 'Unused import', path: 'src/app.ts', verdict: 'confirmed' })]);
    expect(dismissed).toEqual([
      {
        findingKey: findingKey('src/db.ts', 'SQL built from input'),
        file: 'src/db.ts',
        line: 9,
        title: 'SQL built from input!',
        severity: 'high',
        workers: ['reviewer-1', 'reviewer-2'],
        verdict: verdict(),
      },
    ]);
    expect(countFindings(after)).toBe(1);
    expect(conclude(after, 'high')).toMatchObject({ failStep: false, conclusion: 'success' });
    expect(after.results[0].answer!.findings.map((f) => f.title)).toEqual(['Unused import']);
    // The outcome given stays as it was (results.json keeps what the workers said).
    expect(countFindings(before)).toBe(3);
    expect(withoutDismissed(before, [])).toEqual({ outcome: before, dismissed: [] });
  });
});

describe('likeDismissed', () => {
  const review = (over: Partial<ReviewFinding>): ReviewFinding => ({
    severity: 'high',
    file: 'lib/orders.js',
    line: 3,
    title: 'SQL built from input',
    detail: '',
    workers: ['reviewer-1'],
    fingerprint: 'a'.repeat(16),
    lineText: '  const q = `SELECT ${id}`;',
    placement: 'inline',
    ...over,
  });
  const past = (over: Partial<FeedbackMatch>): FeedbackMatch => ({
    key: 'feedback-pr12-x',
    score: 0.9,
    title: 'SQL built from input',
    category: 'high',
    path: 'src/db.ts',
    codeLine: 'const q = `SELECT ${id}`;',
    verdict: 'dismissed',
    reason: 'ints',
    by: 'wendy',
    pr: 12,
    at: 't',
    ...over,
  });

  it('holds back the same normalised title on the same path or the same code line; the best score wins', () => {
    const sameCode = review({});
    const samePath = review({ fingerprint: 'b'.repeat(16), file: 'src/db.ts', lineText: 'other()' });
    const otherTitle = review({ fingerprint: 'c'.repeat(16), title: 'Missing await' });
    const neither = review({ fingerprint: 'd'.repeat(16), lineText: 'different()' });
    const best = past({ key: 'feedback-pr30-y', pr: 30, score: 0.95, path: 'src/db.ts', codeLine: null });
    const held = likeDismissed([sameCode, samePath, otherTitle, neither], [past({}), best]);
    expect(held.map((h) => [h.finding.fingerprint[0], h.like.pr])).toEqual([
      ['a', 12],
      ['b', 30],
    ]);
    // A code line cut short in the verdict still matches by its start.
    expect(likeDismissed([sameCode], [past({ path: 'x', codeLine: 'const q = `SEL…' })])).toHaveLength(1);
    expect(likeDismissed([review({ title: 'SQL built from INPUT (2)' })], [past({})])).toHaveLength(1);
    expect(likeDismissed([sameCode], [])).toEqual([]);
  });
});

describe('the feedback section and results.json', () => {
  const dismissed = withoutDismissed(outcomeOf([reviewer('reviewer-1', [finding({ file: 'src/db.ts', line: 4, title: 'SQL built from input' })])]), [
    verdict({ by: 'wendy', reason: 'see <b>#3</b> @team' }),
  ]).dismissed;
  const heldBack = [
    {
      finding: {
        severity: 'high',
        file: 'lib/x.js',
        line: 3,
        title: 'eval of input',
        detail: '',
        workers: ['reviewer-1'],
        fingerprint: 'e'.repeat(16),
        placement: 'inline',
      } as ReviewFinding,
      like: {
        key: 'feedback-pr12-k',
        score: 0.9,
        title: 'eval of input',
        category: 'high',
        path: 'lib/x.js',
        codeLine: null,
        verdict: 'dismissed',
        reason: '',
        by: 'mia',
        pr: 12,
        at: 't',
      } as FeedbackMatch,
    },
  ];
  const pullUrl = (n: number) => `https://github.com/octo-org/hello-world/pull/${n}`;

  it('says what was taken in, folds the dismissed findings once with who and why, and links where a held-back one was dismissed', () => {
    const section = renderFeedbackSection({ taken: '2 dismissed, 1 confirmed since the last run', dismissed, heldBack, pullUrl })!;
    expect(section.markdown).toBe(
      [
        '### Feedback',
        '',
        '🗣️ Feedback taken in: 2 dismissed, 1 confirmed since the last run.',
        '',
        '<details><summary>🙅 1 finding dismissed by maintainers: not posted, not counted</summary>',
        '',
        '- `src/db.ts:4` — SQL built from input — dismissed by @&#8203;wendy: see &lt;b&gt;\\#&#8203;3&lt;/b&gt; @&#8203;team',
        '',
        '</details>',
        '',
        '⏸️ 1 finding held back from the review:',
        '- `lib/x.js:3` — eval of input — held back: like one @&#8203;mia dismissed in [#12](https://github.com/octo-org/hello-world/pull/12)',
      ].join('\n'),
    );
    expect(section.text).toContain('- lib/x.js:3 eval of input: held back, like one @mia dismissed in #12 (https://github.com/octo-org/hello-world/pull/12)');
    expect(renderFeedbackSection({ taken: null, dismissed: [], heldBack: [], pullUrl })).toBeNull();
  });

  it('results.json carries the verdicts, those taken in, and what they kept out; files without it still read', async () => {
    const dir = await tempDir('feedback-results');
    try {
      const base = outcomeOf([workerResult({ id: 'reviewer-1', role: 'reviewer' })], path.join(dir, 'results.json'));
      const feedback = runFeedback({ verdicts: [verdict()], taken: [verdict()], dismissed, heldBack });
      await writeResultsFile({ ...base, feedback });
      const read = await readResultsFile(base.resultsFile);
      expect(read.feedback).toEqual({
        verdicts: [verdict()],
        taken: [findingKey('src/db.ts', 'SQL built from input')],
        dismissed: [
          { findingKey: findingKey('src/db.ts', 'SQL built from input'), file: 'src/db.ts', line: 4, title: 'SQL built from input', workers: ['reviewer-1'] },
        ],
        heldBack: [
          {
            fingerprint: 'e'.repeat(16),
            file: 'lib/x.js',
            line: 3,
            title: 'eval of input',
            like: { key: 'feedback-pr12-k', pr: 12, by: 'mia', reason: '', score: 0.9 },
          },
        ],
      });
      await writeResultsFile(base);
      expect((await readResultsFile(base.resultsFile)).feedback).toBeUndefined();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

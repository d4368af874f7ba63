import type { FindingVerdict } from '../../src/github/findingVerdict.js';
import { emptyState, readStickyState, renderStickyState, type StickyState } from '../../src/publish/comment/stickyState.js';

const state: StickyState = {
  ...emptyState(),
  headSha: 'abc1234def',
  runId: '42',
  runAttempt: 1,
  artifactId: 7,
  artifactName: 'codex-swarm-42-1',
  openFindings: [{ fingerprint: 'f1', file: 'src/a.ts', line: 3, title: 'x --> y', severity: 'high', workers: ['reviewer-1'], commentId: 9 }],
  pendingPlan: { json: '{"subtasks":[]}', sha256: 'deadbeef' },
};

describe('sticky state block', () => {
  it('round-trips inside a rendered comment, whatever the text around it holds', () => {
    const body = `# report\n\ntext with <!-- codex-swarm:state fake --> in it\n\n${renderStickyState(state)}\n`;
    expect(readStickyState(body)).toEqual({ state, note: null });
  });

  it('is a fresh start without a block, and a fresh start with a note when garbled or of another version', () => {
    expect(readStickyState('no block here')).toEqual({ state: emptyState(), note: null });
    expect(readStickyState(undefined)).toEqual({ state: emptyState(), note: null });
    const garbled = readStickyState('<!-- codex-swarm:state %%%not-base64 -->');
    expect(garbled.state).toEqual(emptyState());
    expect(garbled.note).toMatch(/garbled/);
    const future = Buffer.from(JSON.stringify({ ...state, version: 99 })).toString('base64');
    const other = readStickyState(`<!-- codex-swarm:state ${future} -->`);
    expect(other.state).toEqual(emptyState());
    expect(other.note).toMatch(/version 99/);
  });

  it('refuses to render a state that breaks its own schema', () => {
    expect(() => renderStickyState({ ...state, runAttempt: 1.5 })).toThrow();
  });

  it('carries verdicts and the patterns behind each open finding; a block written before them still reads, with no verdicts', () => {
    const verdict: FindingVerdict = {
      findingKey: '0123456789abcdef',
      fingerprint: 'fedcba9876543210',
      title: 'SQL built from input',
      severity: 'high',
      path: 'src/db.js',
      line: 2,
      codeLine: 'const q = `SELECT ${id}`;',
      verdict: 'dismissed',
      reason: 'the id is an integer',
      by: 'wendy',
      at: '2026-01-02T03:04:05Z',
      pr: 7,
      commentId: 99,
      via: 'reaction',
    };
    const withVerdicts: StickyState = {
      ...state,
      verdicts: [verdict],
      openFindings: [{ ...state.openFindings[0], patterns: [0] }],
      promptPatterns: ['pattern-reviewer-review'],
    };
    expect(readStickyState(renderStickyState(withVerdicts)).state).toEqual(withVerdicts);
    // What codex-swarm wrote before verdicts existed (version 1, no `verdicts`, no `patterns`).
    const { verdicts: _, promptPatterns: __, ...older } = state;
    const olderBlock = `<!-- codex-swarm:state ${Buffer.from(JSON.stringify(older)).toString('base64')} -->`;
    expect(readStickyState(olderBlock)).toEqual({ state: { ...state, verdicts: [], promptPatterns: [] }, note: null });
    expect(() => renderStickyState({ ...withVerdicts, verdicts: [{ ...verdict, verdict: 'maybe' as never }] })).toThrow();
  });
});

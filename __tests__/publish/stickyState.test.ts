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
});

import { mergeProgress, progressBlock, readProgress } from '../../src/publish/comment/sharedProgress.js';
import type { WorkerState } from '../../src/swarm/types.js';

const s = (id: string, state: WorkerState['state']): WorkerState => ({ id, role: 'reviewer', state, startedAt: null, endedAt: null, lastEvent: null });

describe('shared progress of a matrix run', () => {
  it('round-trips the states through the hidden block, whatever the text holds', () => {
    const states = [s('reviewer-1', 'running'), { ...s('reviewer-2', 'failed'), lastEvent: '--> `x` "y"\n-->' }];
    expect(readProgress(`body\n${progressBlock(states)}\n`)).toEqual(states);
    expect(readProgress('no block')).toEqual([]);
    expect(readProgress('<!-- codex-swarm:progress !!! -->')).toEqual([]);
  });

  it("merges one job's states into another's without undoing either, a later state winning", () => {
    const theirs = [s('reviewer-1', 'succeeded'), s('reviewer-2', 'queued'), s('reviewer-3', 'running')];
    const mine = [s('reviewer-2', 'running'), s('reviewer-1', 'queued')];
    expect(mergeProgress(theirs, mine)).toEqual([s('reviewer-1', 'succeeded'), s('reviewer-2', 'running'), s('reviewer-3', 'running')]);
  });
});

import { mergeProgress, progressBlock, readProgress, renderSharedProgress } from '../../src/publish/comment/sharedProgress.js';
import { COMMENT_MAX_CHARS } from '../../src/publish/report/markdownReport.js';
import { planJobs } from '../../src/plan/matrix.js';
import type { Plan, WorkerSpec } from '../../src/plan/types.js';
import type { WorkerState } from '../../src/swarm/types.js';

const s = (id: string, state: WorkerState['state'], startedAt: number | null = null, endedAt: number | null = null): WorkerState => ({
  id,
  role: 'reviewer',
  state,
  startedAt,
  endedAt,
  lastEvent: null,
});
const spec = (i: number): WorkerSpec => ({
  id: `reviewer-${i}`,
  role: 'reviewer',
  prompt: 'p',
  sandbox: 'read-only',
  files: [`src/dir-${i}/some-rather-long-file-name-${i}.ts`, `src/dir-${i}/another-file-${i}.ts`],
  dependsOn: [],
  shard: { index: i, total: 1 },
  task: 'task',
});
const planOf = (n: number): Plan => ({
  command: 'review',
  task: 'look',
  fileSource: 'repository',
  fileCount: 2 * n,
  workers: Array.from({ length: n }, (_, i) => spec(i + 1)),
});
const T = Date.UTC(2026, 11, 1, 9);

describe('shared progress of a matrix run', () => {
  it('round-trips the states through the hidden block, to the second, whatever the text holds', () => {
    const plan = planOf(3);
    const states = [s('reviewer-1', 'running', T + 1_400), s('reviewer-2', 'failed', T, T + 65_000)];
    expect(readProgress(`body\n${progressBlock(plan, states)}\n`, plan)).toEqual([
      s('reviewer-1', 'running', T + 1_000),
      s('reviewer-2', 'failed', T, T + 65_000),
      s('reviewer-3', 'queued'),
    ]);
    expect(readProgress('no block', plan)).toEqual([]);
    expect(readProgress('<!-- codex-swarm:progress v2 !!! -->', plan)).toEqual([]);
  });

  it("merges one job's states into another's without undoing either, a later state winning", () => {
    const theirs = [s('reviewer-1', 'succeeded'), s('reviewer-2', 'queued'), s('reviewer-3', 'running')];
    const mine = [s('reviewer-2', 'running'), s('reviewer-1', 'queued')];
    expect(mergeProgress(theirs, mine)).toEqual([s('reviewer-1', 'succeeded'), s('reviewer-2', 'running'), s('reviewer-3', 'running')]);
  });

  it('keeps a row per worker while that fits', () => {
    const plan = planOf(5);
    const body = renderSharedProgress(plan, [s('reviewer-1', 'running', T)], {});
    expect(body).toContain('| `reviewer-5` |');
    expect(body).not.toContain('| job 1 |');
  });

  it('stays under 65,536 characters at max-workers (2,048 workers in 256 jobs): rows fold by job, every state kept', () => {
    const plan = planOf(2048);
    const jobs = planJobs(plan, 8);
    expect(jobs).toHaveLength(256);
    const states = plan.workers.map((w, i) =>
      s(w.id, i % 3 === 0 ? 'succeeded' : i % 3 === 1 ? 'running' : 'queued', T + i * 1000, i % 3 === 0 ? T + i * 2000 : null),
    );
    // The state block of the previous run rides along (up to 50 open findings).
    const after = `<!-- codex-swarm:state ${'x'.repeat(6000)} -->`;
    const body = renderSharedProgress(plan, states, { runUrl: 'https://github.com/o/r/actions/runs/1' }, after, jobs);
    expect(Array.from(body).length).toBeLessThan(COMMENT_MAX_CHARS - 200);
    expect(body).toContain('| job 256 | 8 |');
    expect(body).toMatch(/\| job 1 \| 8 \| 3 ✅ succeeded · 3 🔄 running · 2 ⏳ queued \| \d+/);
    expect(readProgress(body, plan)).toEqual(states.map((x) => ({ ...x, startedAt: x.startedAt, endedAt: x.endedAt })));
    expect(body.endsWith(`${after}`)).toBe(true);
  });
});

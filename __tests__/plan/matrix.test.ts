import { buildPlan } from '../../src/plan/buildPlan.js';
import { matrixOutput, planJobs } from '../../src/plan/matrix.js';
import type { SwarmRequest } from '../../src/plan/types.js';

const files = Array.from({ length: 20 }, (_, i) => ({ path: `f${String(i).padStart(2, '0')}.ts`, size: 100 }));
const plan = (over: Partial<SwarmRequest>) =>
  buildPlan({ request: { command: 'review', task: '', paths: [], maxParallel: 4, ...over }, files, fileSource: 'repository' });

describe('planJobs', () => {
  it('cuts the workers into jobs of at most workers-per-job, in plan order', () => {
    const jobs = planJobs(plan({ workers: 10 }), 4);
    expect(jobs.map((j) => j.length)).toEqual([4, 4, 2]);
    expect(jobs.flat()).toEqual(Array.from({ length: 10 }, (_, i) => `reviewer-${i + 1}`));
  });

  it('keeps a coder and the workers after it in one job', () => {
    expect(planJobs(plan({ command: 'code', task: 'x' }), 1)).toEqual([['coder-1', 'tester-1', 'reviewer-1']]);
  });
});

describe('matrixOutput', () => {
  it('is {"shard":[1..n]}', () => {
    expect(JSON.parse(matrixOutput(3))).toEqual({ shard: [1, 2, 3] });
    expect(JSON.parse(matrixOutput(0))).toEqual({ shard: [] });
  });
});

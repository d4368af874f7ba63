import { describeSkip, schedule, type ScheduledTask, type SkipReason } from '../../src/swarm/scheduler.js';

interface Outcome {
  id: string;
  ok: boolean;
  skipped?: string;
}

const opts = (maxParallel: number, signal?: AbortSignal) => ({
  maxParallel,
  signal,
  isSuccess: (r: Outcome) => r.ok,
  onSkip: (id: string, reason: SkipReason): Outcome => ({ id, ok: false, skipped: describeSkip(reason) }),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const task = (id: string, ...dependsOn: string[]): ScheduledTask => ({ id, dependsOn });

/** Records when each task starts and ends, and how many run at once. */
function instrument(durations: (id: string) => number, fails: Set<string> = new Set()) {
  const log = { started: new Map<string, number>(), ended: new Map<string, number>(), running: 0, peak: 0 };
  const run = async (id: string): Promise<Outcome> => {
    log.started.set(id, performance.now());
    log.peak = Math.max(log.peak, ++log.running);
    await sleep(durations(id));
    log.running--;
    log.ended.set(id, performance.now());
    return { id, ok: !fails.has(id) };
  };
  return { log, run };
}

describe('schedule', () => {
  it('never runs more than maxParallel at once, and reaches it', async () => {
    const tasks = Array.from({ length: 20 }, (_, i) => task(`t${i}`));
    const { log, run } = instrument((id) => 5 + (Number(id.slice(1)) % 4) * 5);
    const results = await schedule(tasks, run, opts(3));
    expect(log.peak).toBe(3);
    expect([...results.values()].every((r) => r.ok)).toBe(true);
  });

  it('starts a task only after all its dependencies ended', async () => {
    const tasks = [task('a'), task('b'), task('c', 'a'), task('d', 'a', 'b'), task('e', 'c', 'd')];
    const { log, run } = instrument((id) => ({ a: 30, b: 10, c: 5, d: 20, e: 1 })[id]!);
    await schedule(tasks, run, opts(4));
    for (const t of tasks) {
      for (const dep of t.dependsOn) expect(log.started.get(t.id)!).toBeGreaterThanOrEqual(log.ended.get(dep)!);
    }
  });

  it('starts a dependent the moment its last dependency settles', async () => {
    // b waits on a and on slow; the other long task keeps a slot busy the whole time.
    const tasks = [task('a'), task('slow'), task('busy'), task('b', 'a', 'slow')];
    const { log, run } = instrument((id) => ({ a: 10, slow: 60, busy: 150, b: 1 })[id]!);
    await schedule(tasks, run, opts(3));
    const gap = log.started.get('b')! - log.ended.get('slow')!;
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(20);
  });

  it('starts a queued task the moment a slot frees', async () => {
    const { log, run } = instrument((id) => (id === 'first' ? 40 : 5));
    await schedule([task('first'), task('second')], run, opts(1));
    expect(log.started.get('second')! - log.ended.get('first')!).toBeLessThan(20);
  });

  it('skips the dependents of a failed task, transitively, and runs the rest', async () => {
    const tasks = [task('coder-1'), task('tester-1', 'coder-1'), task('after-tester', 'tester-1'), task('other')];
    const { log, run } = instrument(() => 5, new Set(['coder-1']));
    const results = await schedule(tasks, run, opts(2));
    expect(results.get('coder-1')).toEqual({ id: 'coder-1', ok: false });
    expect(results.get('tester-1')).toEqual({ id: 'tester-1', ok: false, skipped: 'dependency coder-1 failed' });
    expect(results.get('after-tester')!.skipped).toBe('dependency tester-1 did not run');
    expect(results.get('other')!.ok).toBe(true);
    expect([...log.started.keys()].sort()).toEqual(['coder-1', 'other']);
  });

  it('records a run that throws (even synchronously) as crashed, and carries on', async () => {
    const run = (id: string): Promise<Outcome> => {
      if (id === 'sync') throw new Error('sync boom');
      if (id === 'async') return Promise.reject(new Error('async boom'));
      return Promise.resolve({ id, ok: true });
    };
    const results = await schedule([task('sync'), task('async'), task('dep', 'async'), task('fine')], run, opts(2));
    expect(results.get('sync')!.skipped).toBe('crashed: sync boom');
    expect(results.get('async')!.skipped).toBe('crashed: async boom');
    expect(results.get('dep')!.skipped).toBe('dependency async failed');
    expect(results.get('fine')!.ok).toBe(true);
  });

  it('on abort: starts nothing new, aborts the running tasks, skips the queued ones as cancelled', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const sawAbort: string[] = [];
    const run = (id: string, signal: AbortSignal) =>
      new Promise<Outcome>((resolve) => {
        started.push(id);
        if (started.length === 2) setTimeout(() => controller.abort(new Error('SIGTERM')), 10);
        signal.addEventListener('abort', () => {
          sawAbort.push(id);
          resolve({ id, ok: false, skipped: `stopped: ${(signal.reason as Error).message}` });
        });
      });
    const tasks = [task('a'), task('b'), task('c'), task('d', 'a')];
    const results = await schedule(tasks, run, opts(2, controller.signal));
    expect(started).toEqual(['a', 'b']);
    expect(sawAbort.sort()).toEqual(['a', 'b']);
    expect(results.get('a')!.skipped).toBe('stopped: SIGTERM');
    expect(results.get('c')).toEqual({ id: 'c', ok: false, skipped: 'cancelled' });
    expect(results.get('d')).toEqual({ id: 'd', ok: false, skipped: 'cancelled' });
    expect([...results.keys()]).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives each run its own signal, untouched unless the swarm is aborted', async () => {
    const signals: AbortSignal[] = [];
    const run = async (id: string, signal: AbortSignal) => (signals.push(signal), { id, ok: true });
    await schedule([task('a'), task('b')], run, opts(2, new AbortController().signal));
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals.some((s) => s.aborted)).toBe(false);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const run = async (id: string): Promise<Outcome> => (calls++, { id, ok: true });
    const results = await schedule([task('a'), task('b', 'a')], run, opts(2, controller.signal));
    expect(calls).toBe(0);
    expect([...results.values()].map((r) => r.skipped)).toEqual(['cancelled', 'cancelled']);
  });

  it('finishes 100 tasks with maxParallel 4, dependencies included, in input order', async () => {
    const tasks = Array.from({ length: 100 }, (_, i) => task(`t${i}`, ...(i % 10 ? [`t${i - 1}`] : [])));
    const { log, run } = instrument((id) => Number(id.slice(1)) % 3);
    const results = await schedule(tasks, run, opts(4));
    expect(log.peak).toBeLessThanOrEqual(4);
    expect([...results.keys()]).toEqual(tasks.map((t) => t.id));
    expect([...results.values()].every((r) => r.ok)).toBe(true);
  });

  it('resolves at once for no tasks', async () => {
    expect((await schedule([], async () => ({ id: '', ok: true }), opts(2))).size).toBe(0);
  });

  it('rejects duplicate ids, unknown dependencies, cycles and a bad bound', async () => {
    const run = async (id: string) => ({ id, ok: true });
    await expect(schedule([task('a'), task('a')], run, opts(1))).rejects.toThrow('two tasks share the id a');
    await expect(schedule([task('a', 'x')], run, opts(1))).rejects.toThrow('a depends on unknown task(s): x');
    await expect(schedule([task('a', 'b'), task('b', 'a'), task('c')], run, opts(1))).rejects.toThrow('dependency cycle among a, b');
    await expect(schedule([task('a')], run, opts(0))).rejects.toThrow('maxParallel must be at least 1');
  });
});

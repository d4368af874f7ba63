/**
 * A bounded DAG scheduler, event-driven: a task starts in the same tick its last dependency
 * settles (no polling, no timers). Tasks start in the order given when several are ready.
 */

export interface ScheduledTask {
  id: string;
  dependsOn: string[];
}

/** Why a task has a result without having run to its end. */
export type SkipReason =
  | { kind: 'cancelled' }
  | { kind: 'dependency'; dependency: string; ran: boolean }
  | { kind: 'crashed'; message: string }
  /** The token budget was spent before it started (see workers/modelProxy). */
  | { kind: 'budget'; message: string };

/** The reason in one line, as results and tests show it. */
export function describeSkip(reason: SkipReason): string {
  switch (reason.kind) {
    case 'cancelled':
      return 'cancelled';
    case 'dependency':
      return `dependency ${reason.dependency} ${reason.ran ? 'failed' : 'did not run'}`;
    case 'crashed':
      return `crashed: ${reason.message}`;
    case 'budget':
      return reason.message;
  }
}

export interface ScheduleOptions<T> {
  maxParallel: number;
  /** Aborting starts nothing new, aborts every running task's signal, and skips the queued ones as `cancelled`. */
  signal?: AbortSignal;
  isSuccess(result: T): boolean;
  /** The result of a task that did not run (or crashed). */
  onSkip(id: string, reason: SkipReason): T;
}

/** Runs every task once its dependencies succeeded; resolves with a result for every task, in input order. */
export async function schedule<T>(
  tasks: ScheduledTask[],
  run: (id: string, signal: AbortSignal) => Promise<T>,
  opts: ScheduleOptions<T>,
): Promise<Map<string, T>> {
  const dependents = checkGraph(tasks);
  if (!(opts.maxParallel >= 1)) throw new Error(`maxParallel must be at least 1 (got ${opts.maxParallel})`);

  const results = new Map<string, T>();
  const waitingOn = new Map(tasks.map((t) => [t.id, new Set(t.dependsOn)]));
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  /** Ready to run, kept in input order. */
  const ready: string[] = tasks.filter((t) => t.dependsOn.length === 0).map((t) => t.id);
  const running = new Map<string, AbortController>();
  /** Tasks that got `onSkip` without running, so their dependents can say why. */
  const skipped = new Set<string>();

  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (results.size < tasks.length) return;
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(new Map(tasks.map((t) => [t.id, results.get(t.id)!])));
    };

    const skip = (id: string, reason: SkipReason) => {
      skipped.add(id);
      settle(id, opts.onSkip(id, reason), false);
    };

    const settle = (id: string, result: T, succeeded: boolean) => {
      results.set(id, result);
      for (const next of dependents.get(id)!) {
        if (results.has(next)) continue;
        if (!succeeded) {
          skip(next, { kind: 'dependency', dependency: id, ran: !skipped.has(id) });
          continue;
        }
        const waiting = waitingOn.get(next)!;
        waiting.delete(id);
        if (waiting.size === 0) insertReady(next);
      }
    };

    const insertReady = (id: string) => {
      const at = ready.findIndex((r) => order.get(r)! > order.get(id)!);
      ready.splice(at === -1 ? ready.length : at, 0, id);
    };

    const start = (id: string) => {
      const controller = new AbortController();
      running.set(id, controller);
      const done = (result: T, succeeded: boolean) => {
        running.delete(id);
        settle(id, result, succeeded);
        pump();
      };
      Promise.resolve()
        .then(() => run(id, controller.signal))
        .then(
          (result) => done(result, opts.isSuccess(result)),
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            done(opts.onSkip(id, { kind: 'crashed', message }), false);
          },
        );
    };

    const pump = () => {
      while (!opts.signal?.aborted && running.size < opts.maxParallel && ready.length) start(ready.shift()!);
      finishIfDone();
    };

    function onAbort() {
      for (const controller of running.values()) controller.abort(opts.signal!.reason);
      // Set directly rather than through skip(): every queued task says `cancelled`, not "dependency … did not run".
      for (const t of tasks) {
        if (results.has(t.id) || running.has(t.id)) continue;
        skipped.add(t.id);
        results.set(t.id, opts.onSkip(t.id, { kind: 'cancelled' }));
      }
      ready.length = 0;
      finishIfDone();
    }

    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    pump();
  });
}

/** Throws on duplicate ids, unknown dependencies or a cycle; returns each task's dependents. */
function checkGraph(tasks: ScheduledTask[]): Map<string, string[]> {
  const ids = new Set<string>();
  for (const t of tasks) {
    if (ids.has(t.id)) throw new Error(`schedule: two tasks share the id ${t.id}`);
    ids.add(t.id);
  }
  for (const t of tasks) {
    const unknown = t.dependsOn.filter((d) => !ids.has(d));
    if (unknown.length) throw new Error(`schedule: ${t.id} depends on unknown task(s): ${unknown.join(', ')}`);
  }
  // Kahn's algorithm: whatever never becomes ready sits on a cycle (or behind one).
  const indegree = new Map(tasks.map((t) => [t.id, new Set(t.dependsOn).size]));
  const queue = tasks.filter((t) => indegree.get(t.id) === 0).map((t) => t.id);
  const dependents = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of new Set(t.dependsOn)) dependents.get(d)!.push(t.id);
  let seen = 0;
  while (queue.length) {
    seen++;
    for (const next of dependents.get(queue.pop()!)!) {
      indegree.set(next, indegree.get(next)! - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }
  if (seen < tasks.length) {
    const stuck = tasks.filter((t) => indegree.get(t.id)! > 0).map((t) => t.id);
    throw new Error(`schedule: dependency cycle among ${stuck.join(', ')}`);
  }
  return dependents;
}

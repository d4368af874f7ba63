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
  return new Promise((resolve) => new ScheduleRun(tasks, dependents, run, opts, resolve).begin());
}

/** One call of `schedule`: which tasks wait, run and have settled, moved on by each settlement. */
class ScheduleRun<T> {
  private readonly results = new Map<string, T>();
  private readonly waitingOn: Map<string, Set<string>>;
  private readonly order: Map<string, number>;
  /** Ready to run, kept in input order. */
  private readonly ready: string[];
  private readonly running = new Map<string, AbortController>();
  /** Tasks that got `onSkip` without running, so their dependents can say why. */
  private readonly skipped = new Set<string>();
  private readonly onAbort = () => this.cancel();

  constructor(
    private readonly tasks: ScheduledTask[],
    private readonly dependents: Map<string, string[]>,
    private readonly run: (id: string, signal: AbortSignal) => Promise<T>,
    private readonly opts: ScheduleOptions<T>,
    private readonly resolve: (results: Map<string, T>) => void,
  ) {
    this.waitingOn = new Map(tasks.map((t) => [t.id, new Set(t.dependsOn)]));
    this.order = new Map(tasks.map((t, i) => [t.id, i]));
    this.ready = tasks.filter((t) => t.dependsOn.length === 0).map((t) => t.id);
  }

  begin(): void {
    if (this.opts.signal?.aborted) return this.cancel();
    this.opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.pump();
  }

  /** Starts ready tasks while there is room, then resolves if everything has settled. */
  private pump(): void {
    while (!this.opts.signal?.aborted && this.running.size < this.opts.maxParallel && this.ready.length) this.start(this.ready.shift()!);
    this.finishIfDone();
  }

  private start(id: string): void {
    const controller = new AbortController();
    this.running.set(id, controller);
    const done = (result: T, succeeded: boolean) => {
      this.running.delete(id);
      this.settle(id, result, succeeded);
      this.pump();
    };
    Promise.resolve()
      .then(() => this.run(id, controller.signal))
      .then(
        (result) => done(result, this.opts.isSuccess(result)),
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          done(this.opts.onSkip(id, { kind: 'crashed', message }), false);
        },
      );
  }

  /** Records a result; its dependents become ready (when it succeeded) or are skipped. */
  private settle(id: string, result: T, succeeded: boolean): void {
    this.results.set(id, result);
    for (const next of this.dependents.get(id)!) {
      if (this.results.has(next)) continue;
      if (!succeeded) {
        this.skip(next, { kind: 'dependency', dependency: id, ran: !this.skipped.has(id) });
        continue;
      }
      const waiting = this.waitingOn.get(next)!;
      waiting.delete(id);
      if (waiting.size === 0) this.insertReady(next);
    }
  }

  private skip(id: string, reason: SkipReason): void {
    this.skipped.add(id);
    this.settle(id, this.opts.onSkip(id, reason), false);
  }

  private insertReady(id: string): void {
    const at = this.ready.findIndex((r) => this.order.get(r)! > this.order.get(id)!);
    this.ready.splice(at === -1 ? this.ready.length : at, 0, id);
  }

  private cancel(): void {
    for (const controller of this.running.values()) controller.abort(this.opts.signal!.reason);
    // Set directly rather than through skip(): every queued task says `cancelled`, not "dependency … did not run".
    for (const t of this.tasks) {
      if (this.results.has(t.id) || this.running.has(t.id)) continue;
      this.skipped.add(t.id);
      this.results.set(t.id, this.opts.onSkip(t.id, { kind: 'cancelled' }));
    }
    this.ready.length = 0;
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.results.size < this.tasks.length) return;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.resolve(new Map(this.tasks.map((t) => [t.id, this.results.get(t.id)!])));
  }
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

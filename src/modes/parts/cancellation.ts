/**
 * A cancelled job, as GitHub cancels one: SIGINT, SIGTERM 7.5 s later if the step still runs,
 * SIGKILL 2.5 s after that. The first signal aborts the step's one signal (the workers stop, and
 * what finished is published, the comment first); later ones are logged, not obeyed, so the
 * publishing is not cut short by the SIGTERM. Node's default for either would end the process
 * on the spot and leave the comment saying "running".
 */
import * as core from '@actions/core';

let controller: AbortController | null = null;

/** Aborted when the job is cancelled; the first call installs the handlers, later calls share them. */
export function stepCancellation(): AbortSignal {
  if (controller) return controller.signal;
  const c = new AbortController();
  controller = c;
  const onSignal = (signal: NodeJS.Signals) => {
    if (c.signal.aborted) {
      core.info(`codex-swarm: ${signal} received: still publishing what finished.`);
      return;
    }
    core.warning(`codex-swarm: ${signal} received (the job is being cancelled): stopping every worker; what finished is still reported.`);
    c.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return c.signal;
}

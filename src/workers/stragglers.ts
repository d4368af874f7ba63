/**
 * Processes a worker left behind outside its process group. Codex starts some commands in a new
 * session (so a group kill misses them), and on a runner an orphan keeps the job from ending.
 * Every process a worker starts inherits its unique CODEX_HOME, so that finds them all.
 */
import { promises as fs } from 'node:fs';

/** PIDs (other than this process) whose environment holds `name=value` exactly. Linux only; [] elsewhere. */
export async function processesWithEnv(name: string, value: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`${name}=${value}\0`);
  const pids = (await fs.readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  const found: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      const environ = await fs.readFile(`/proc/${pid}/environ`).catch(() => null);
      if (!environ) return;
      const at = environ.indexOf(needle);
      if (at === 0 || (at > 0 && environ[at - 1] === 0)) found.push(Number(pid));
    }),
  );
  return found;
}

const signal = (pids: number[], sig: NodeJS.Signals) => {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
};

/** Polls until no process carries `name=value` or `ms` pass; returns those still there. */
async function waitGone(name: string, value: string, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = await processesWithEnv(name, value);
  while (left.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = await processesWithEnv(name, value);
  }
  return left;
}

/**
 * Ends every process carrying `name=value`: SIGTERM first, so shells run their exit traps (a login
 * shell killed outright in the middle of `pyenv rehash` leaves a lock that stalls every later
 * login shell on the machine for a minute), then SIGKILL for what is left after `graceMs`. Waits
 * (up to `waitMs` more) until they are gone; returns how many there were.
 */
export async function killStragglers(name: string, value: string, { graceMs = 1000, waitMs = 3000 } = {}): Promise<number> {
  const pids = await processesWithEnv(name, value);
  if (!pids.length) return 0;
  signal(pids, 'SIGTERM');
  const left = await waitGone(name, value, graceMs);
  if (left.length) {
    signal(left, 'SIGKILL');
    await waitGone(name, value, waitMs);
  }
  return pids.length;
}

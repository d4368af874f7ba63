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

interface Sweep {
  sig: NodeJS.Signals;
  ms: number;
  /** Signal each process only the first time it is seen (SIGTERM: a second one could cut short a shell's exit trap). */
  once: boolean;
  pauseMs: number;
}

/**
 * Sends the signal to every process carrying `name=value`, scan after scan, until none is left or
 * `ms` pass: a straggler may fork while it is being killed. None left means a scan found none
 * twice in a row once any was seen (a process in the middle of exec can be missed once). Records
 * every process it found in `seen`; true when none is left.
 */
async function sweep(name: string, value: string, { sig, ms, once, pauseMs }: Sweep, seen: Set<number>): Promise<boolean> {
  const deadline = Date.now() + ms;
  let emptyScans = 0;
  for (;;) {
    const pids = await processesWithEnv(name, value);
    signal(once ? pids.filter((pid) => !seen.has(pid)) : pids, sig);
    for (const pid of pids) seen.add(pid);
    emptyScans = pids.length ? 0 : emptyScans + 1;
    if (emptyScans === 2 || (emptyScans === 1 && seen.size === 0)) return true;
    if (Date.now() >= deadline) return false;
    if (pids.length) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/**
 * Ends every process carrying `name=value`: SIGTERM first, once to each, so shells run their exit
 * traps (a login shell killed outright in the middle of `pyenv rehash` leaves a lock that stalls
 * every later login shell on the machine for a minute); then, for what is left after `graceMs`,
 * SIGKILL until none is left, for up to `waitMs` more. Either way what appears meanwhile (a dying
 * straggler's last fork) gets the same. Returns how many processes it found.
 */
export async function killStragglers(name: string, value: string, { graceMs = 1000, waitMs = 3000 } = {}): Promise<number> {
  const seen = new Set<number>();
  const ended = await sweep(name, value, { sig: 'SIGTERM', ms: graceMs, once: true, pauseMs: 50 }, seen);
  if (!ended) await sweep(name, value, { sig: 'SIGKILL', ms: waitMs, once: false, pauseMs: 10 }, seen);
  return seen.size;
}

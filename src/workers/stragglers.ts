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

/** SIGKILLs every process carrying `name=value` and waits (up to `waitMs`) until they are gone. */
export async function killStragglers(name: string, value: string, waitMs = 3000): Promise<number> {
  const pids = await processesWithEnv(name, value);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + waitMs;
  while (pids.length && Date.now() < deadline && (await processesWithEnv(name, value)).length) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pids.length;
}

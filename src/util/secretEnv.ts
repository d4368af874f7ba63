/**
 * This process's secrets and the processes it starts itself: the names secrets arrive under, the
 * environment for git and npm without them, and hiding them from `/proc/<pid>/environ`, which any
 * process of the same user (a worker's shell) can read.
 */
import fs from 'node:fs';

/** Where the action and the CLI receive secrets: inputs, the runner's service tokens, the usual variables. */
export const SECRET_ENV_NAMES = [
  'INPUT_OPENAI-API-KEY',
  'INPUT_ANTHROPIC-API-KEY',
  'INPUT_GITHUB-TOKEN',
  'INPUT_APPLY-TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
];

/**
 * The environment for the tools this process runs itself (git, npm): its own, less the secrets,
 * plus `extra`. They may run while workers do, and a worker's shell can read their
 * /proc/<pid>/environ as well as ours.
 */
export function toolEnv(extra: Record<string, string> = {}, source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && !SECRET_ENV_NAMES.includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Overwrites the values of `names` in this process's initial environment block (what
 * `/proc/<pid>/environ` shows) with `*`, keeping them usable through `process.env`.
 * Linux only; returns false, changing nothing, where it cannot.
 */
export function scrubOwnEnviron(names: string[]): boolean {
  if (process.platform !== 'linux') return false;
  let fd: number;
  let start: number;
  let end: number;
  try {
    // proc(5): fields 50 and 51 of /proc/self/stat, counted after the parenthesised command name.
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    start = Number(fields[50 - 3]);
    end = Number(fields[51 - 3]);
    // User-space addresses fit in 53 bits (fs positions as bigint fail on /proc/self/mem).
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start) return false;
    fd = fs.openSync('/proc/self/mem', 'r+');
  } catch {
    return false;
  }
  try {
    const block = Buffer.alloc(end - start);
    if (fs.readSync(fd, block, 0, block.length, start) !== block.length) return false;
    const targets = new Set(names.filter((n) => process.env[n] !== undefined));
    // setenv() copies each value to the heap and repoints environ there, so process.env keeps
    // working after the original bytes are gone.
    for (const name of targets) process.env[name] = String(process.env[name]);
    let offset = 0;
    while (offset < block.length) {
      let next = block.indexOf(0, offset);
      if (next === -1) next = block.length;
      const eq = block.indexOf(0x3d, offset);
      if (eq > offset && eq < next && targets.has(block.toString('utf8', offset, eq))) {
        const stars = Buffer.alloc(next - eq - 1, '*');
        fs.writeSync(fd, stars, 0, stars.length, start + eq + 1);
      }
      offset = next + 1;
    }
    return true;
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The engine is shared with the action and logs through @actions/core (as do the toolkit libraries
 * under it), which writes GitHub workflow commands to stdout: `::debug::…`, `::add-mask::<secret>`,
 * `::warning::…`. Outside a runner they are noise, and `add-mask` would print the secret itself.
 * The CLI routes them: warnings, errors and notices become plain lines on stderr, the rest is
 * dropped (`CODEX_SWARM_DEBUG=1` shows debug lines on stderr).
 */
const COMMAND = /^::([a-z-]+)(?: [^:]*)?::(.*)$/s;
const SHOWN: Record<string, string> = { warning: 'warning', error: 'error', notice: 'note' };

const unescape = (data: string) => data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

/** Wraps `stdout.write` so workflow commands go to `stderr` as plain lines, or nowhere; returns the undo. */
export function routeWorkflowCommands(stdout: NodeJS.WriteStream, stderr: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): () => void {
  const write = stdout.write.bind(stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const debug = env.CODEX_SWARM_DEBUG === '1';
  stdout.write = (chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'string' || !chunk.startsWith('::')) return write(chunk, ...rest);
    const kept: string[] = [];
    for (const line of chunk.split(/(?<=\n)/)) {
      const command = COMMAND.exec(line.replace(/\r?\n$/, ''));
      if (!command) kept.push(line);
      else if (SHOWN[command[1]]) stderr.write(`codex-swarm: ${SHOWN[command[1]]}: ${unescape(command[2])}\n`);
      else if (debug && command[1] === 'debug') stderr.write(`debug: ${unescape(command[2])}\n`);
    }
    if (kept.length) return write(kept.join(''), ...rest);
    // The caller's callback still runs, as a write would have called it.
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  };
  return () => void (stdout.write = write as typeof stdout.write);
}

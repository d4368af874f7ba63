/** The local CLI's entry point (dist/cli/index.js, the `codex-swarm` bin). */
import { routeWorkflowCommands } from './cli/workflowCommands.js';
import { runCli } from './cli/runCli.js';
import { redact, registerSecret } from './util/redact.js';
import { redactWrites } from './util/redactOutput.js';
import { SECRET_ENV_NAMES, scrubOwnEnviron } from './util/secretEnv.js';

// Workers' shells run as the same user and could read /proc/<pid>/environ of this process.
scrubOwnEnviron(SECRET_ENV_NAMES);
routeWorkflowCommands(process.stdout, process.stderr);

// A closed stdout (`codex-swarm review | head`) ends the run like Ctrl-C, without a stack trace:
// the workers are stopped and the results written; what is still printed goes nowhere.
const stdoutClosed = new AbortController();
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  if (!stdoutClosed.signal.aborted) stdoutClosed.abort('stdout closed');
});
// A worker's answer, events and errors reach the terminal and CI logs: nothing secret may go with them.
redactWrites(process.stdout);
redactWrites(process.stderr);
for (const name of SECRET_ENV_NAMES) registerSecret(process.env[name]);

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: stdoutClosed.signal,
  });
} catch (err) {
  process.stderr.write(`codex-swarm: ${redact(err instanceof Error ? err.message : String(err))}\n`);
  process.exitCode = 1;
}

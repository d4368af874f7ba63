/** The local CLI's entry point (dist/cli/index.js, `npx codex-swarm`). */
import { runCli } from './cli/runCli.js';
import { redact, registerSecret } from './util/redact.js';
import { redactWrites } from './util/redactOutput.js';
import { SECRET_ENV_NAMES, scrubOwnEnviron } from './util/secretEnv.js';

// Workers' shells run as the same user and could read /proc/<pid>/environ of this process.
scrubOwnEnviron(SECRET_ENV_NAMES);
// A worker's answer, events and errors reach the terminal and CI logs: nothing secret may go with them.
redactWrites(process.stdout);
redactWrites(process.stderr);
for (const name of SECRET_ENV_NAMES) registerSecret(process.env[name]);

try {
  process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
} catch (err) {
  process.stderr.write(`codex-swarm: ${redact(err instanceof Error ? err.message : String(err))}\n`);
  process.exitCode = 1;
}

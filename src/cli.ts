/** The local CLI's entry point (dist/cli/index.js, `npx codex-swarm`). */
import { runCli } from './cli/runCli.js';
import { redact } from './util/redact.js';
import { SECRET_ENV_NAMES, scrubOwnEnviron } from './util/secretEnv.js';

// Workers' shells run as the same user and could read /proc/<pid>/environ of this process.
scrubOwnEnviron(SECRET_ENV_NAMES);

try {
  process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
} catch (err) {
  process.stderr.write(`codex-swarm: ${redact(err instanceof Error ? err.message : String(err))}\n`);
  process.exitCode = 1;
}

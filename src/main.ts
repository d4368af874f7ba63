/**
 * The action's entry point (dist/index.js). Hides its secrets from other processes first, then
 * hands over to runAction; any error ends the step with a message a user can act on.
 */
import * as core from '@actions/core';
import { runAction } from './action/run.js';
import { redact } from './util/redact.js';
import { scrubOwnEnviron } from './workers/workerEnv.js';

// Workers' shells run as the same user and could read /proc/<pid>/environ of this process.
scrubOwnEnviron(['INPUT_OPENAI-API-KEY', 'INPUT_GITHUB-TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'OPENAI_API_KEY', 'GITHUB_TOKEN']);

try {
  await runAction();
} catch (err) {
  core.setOutput('conclusion', 'failure');
  core.setFailed(redact(err instanceof Error ? err.message : String(err)));
}

/**
 * The action's entry point (dist/index.js). Hides its secrets from other processes, reads the
 * inputs and the event, and decides; only an event that needs an answer or a run loads the rest
 * (GitHub client, engine, artifact and cache clients), so ignored comments end in milliseconds.
 */
import * as core from '@actions/core';
import { readRunContext } from './github/runContext.js';
import { setOutputs } from './publish/outputs/stepOutputs.js';
import { parseInputs } from './config/inputs.js';
import { routeEvent } from './trigger/route.js';
import { redact, registerSecret } from './util/redact.js';
import { redactWrites } from './util/redactOutput.js';
import { SECRET_ENV_NAMES, scrubOwnEnviron } from './util/secretEnv.js';

// Workers' shells run as the same user and could read /proc/<pid>/environ of this process.
scrubOwnEnviron(SECRET_ENV_NAMES);
// A worker's answer, events and errors reach the log: nothing secret may go with them.
redactWrites(process.stdout);
redactWrites(process.stderr);
for (const name of SECRET_ENV_NAMES) registerSecret(process.env[name]);

try {
  const inputs = parseInputs((name) => core.getInput(name));
  registerSecret(inputs['openai-api-key']);
  registerSecret(inputs['anthropic-api-key']);
  registerSecret(inputs['github-token']);
  registerSecret(inputs['apply-token']);
  const ctx = await readRunContext();
  const decision = routeEvent({ eventName: ctx.eventName, payload: ctx.payload, inputs });
  if (decision.action === 'ignore') {
    // A thread command on a fork's PR: said once where the run's reader looks, not only as info.
    if (decision.notice) core.notice(decision.notice);
    core.info(`codex-swarm: nothing to do: ${decision.reason}.`);
    setOutputs({ conclusion: 'skipped' });
  } else {
    const { handleDecision } = await import('./action/run.js');
    await handleDecision({ inputs, ctx, decision });
  }
} catch (err) {
  setOutputs({ conclusion: 'failure' });
  core.setFailed(redact(err instanceof Error ? err.message : String(err)));
}

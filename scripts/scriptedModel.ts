/**
 * `npm run scripted-model [-- --port N] [--delay-ms N]`: the scripted Responses API server the
 * tests and the demo use, on its own, so a newcomer can try the CLI on their own repository with
 * no key and no network: `codex-swarm review --endpoint <the URL it prints>`. Every worker runs
 * one shell command (`git log --oneline -3`) and then answers with the smallest reply its output
 * schema allows. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { startScriptedModel } from '../__tests__/fixtures/scriptedModel.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'delay-ms': { type: 'string', default: '0' } } });
const port = Number(values.port);
const delayMs = Number(values['delay-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number from 0 to 65535 (got "${values.port}")`);
if (!Number.isInteger(delayMs) || delayMs < 0) throw new Error(`--delay-ms must be a whole number of milliseconds (got "${values['delay-ms']}")`);

const model = await startScriptedModel({
  port,
  delayMs,
  scripts: [{ match: /[\s\S]*/, steps: [{ shell: 'git log --oneline -3' }, {}] }],
});
process.stdout.write(`scripted Responses API listening on ${model.url}\n  try: codex-swarm review --endpoint ${model.url}\n  Ctrl-C stops it.\n`);
const stop = () => void model.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

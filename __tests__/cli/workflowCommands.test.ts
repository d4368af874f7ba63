import { PassThrough } from 'node:stream';
import * as core from '@actions/core';
import { routeWorkflowCommands } from '../../src/cli/workflowCommands.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

test("@actions/core's workflow commands: warnings and errors as plain stderr lines, debug and masks nowhere, other output untouched", async () => {
  const err = capture();
  let out = '';
  const stdout = { write: (chunk: string) => ((out += chunk), true) } as unknown as NodeJS.WriteStream;
  const realStdout = process.stdout;
  // core writes to process.stdout: stand ours in for it.
  Object.defineProperty(process, 'stdout', { value: stdout, configurable: true });
  const undo = routeWorkflowCommands(stdout, err.stream, {});
  try {
    core.debug('tool-cache: checking');
    core.setSecret('sk-the-key');
    core.warning('the cache is down\nsecond line');
    core.error('it broke 100%');
    core.info('a plain line');
    stdout.write('::not a command\n');
  } finally {
    undo();
    Object.defineProperty(process, 'stdout', { value: realStdout, configurable: true });
  }
  await new Promise((r) => setImmediate(r));
  expect(out).toBe('a plain line\n::not a command\n');
  expect(err.text()).toBe('codex-swarm: warning: the cache is down\nsecond line\ncodex-swarm: error: it broke 100%\n');
  expect(out + err.text()).not.toContain('sk-the-key');
});

test('CODEX_SWARM_DEBUG=1 shows debug lines on stderr', async () => {
  const err = capture();
  const stdout = { write: () => true } as unknown as NodeJS.WriteStream;
  const undo = routeWorkflowCommands(stdout, err.stream, { CODEX_SWARM_DEBUG: '1' });
  stdout.write('::debug::looking in the cache\n');
  undo();
  await new Promise((r) => setImmediate(r));
  expect(err.text()).toBe('debug: looking in the cache\n');
});

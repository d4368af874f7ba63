import { InputError } from '../../src/config/inputs.js';
import { parseCodexArgs } from '../../src/workers/codexArgs.js';

test('splits like a shell, keeping quoted values whole and variables literal', () => {
  expect(parseCodexArgs(`-c 'model_providers.x={name="x", base_url="http://h/v1"}' --profile ci -c sandbox_workspace_write.network_access=true`)).toEqual([
    '-c',
    'model_providers.x={name="x", base_url="http://h/v1"}',
    '--profile',
    'ci',
    '-c',
    'sandbox_workspace_write.network_access=true',
  ]);
  expect(parseCodexArgs('-c note=$HOME')).toEqual(['-c', 'note=$HOME']);
  expect(parseCodexArgs('   ')).toEqual([]);
});

test('refuses shell operators instead of passing them on', () => {
  expect(() => parseCodexArgs('--profile ci; rm -rf /')).toThrow(InputError);
  expect(() => parseCodexArgs('--profile ci | tee x')).toThrow(/shell syntax/);
});

test('refuses flags the engine sets per worker, saying why', () => {
  expect(() => parseCodexArgs('--sandbox danger-full-access')).toThrow(/--sandbox is set by codex-swarm itself \(each role gets its sandbox/);
  expect(() => parseCodexArgs('--dangerously-bypass-approvals-and-sandbox')).toThrow(InputError);
  expect(() => parseCodexArgs('--output-schema=/tmp/x.json')).toThrow(/--output-schema/);
  expect(() => parseCodexArgs('-o out.json')).toThrow(/-o is set/);
});

/** action.yml is the action's public contract: it must document exactly what the code reads and writes. */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { INPUT_DEFAULTS, parseInputs } from '../../src/config/inputs.js';

const action = yaml.load(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
};

test('documents every input the code reads, with the same defaults', () => {
  expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort());
  for (const [name, input] of Object.entries(action.inputs)) {
    expect(input.description.length).toBeGreaterThan(10);
    if (name === 'github-token') expect(input.default).toBe('${{ github.token }}');
    else expect(String(input.default ?? '')).toBe(INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS]);
  }
});

test('its defaults are valid inputs', () => {
  expect(() => parseInputs((name) => (name === 'github-token' ? 'x' : String(action.inputs[name].default ?? '')))).not.toThrow();
});

test('documents every output and runs the bundle on a supported node', () => {
  expect(Object.keys(action.outputs).sort()).toEqual([
    'artifact-id',
    'comment-id',
    'comment-url',
    'conclusion',
    'findings-count',
    'jobs',
    'matrix',
    'patch-file',
    'report-file',
    'results-file',
  ]);
  expect(['node20', 'node24']).toContain(action.runs.using);
  expect(action.runs.main).toBe('dist/index.js');
  expect(action.branding.icon).toBeTruthy();
});

test('the CLI reports the package version', async () => {
  const { VERSION } = await import('../../src/version.js');
  expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
});

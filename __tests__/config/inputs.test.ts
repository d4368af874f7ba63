import { InputError, INPUT_DEFAULTS, parseInputs, type InputName } from '../../src/config/inputs.js';
import { DEFAULT_RATE_LIMIT_WAIT_MINUTES } from '../../src/github/client.js';

const withInputs = (given: Partial<Record<InputName, string>>) => parseInputs((name) => given[name] ?? '');

test('empty inputs take the documented defaults', () => {
  const inputs = withInputs({});
  expect(inputs).toMatchObject({ 'max-parallel': 4, workers: undefined, comment: 'sticky', apply: 'none', 'fail-on': 'error', 'memory-threshold': 0.7 });
  expect(inputs.paths).toEqual([]);
  expect(Object.keys(INPUT_DEFAULTS)).toContain('memory-max-entries');
});

test('lists split on commas and newlines; numbers and enums are checked', () => {
  const inputs = withInputs({ paths: 'src/**, !src/gen/**\ndocs/*.md', workers: '3', 'allowed-bots': 'dependabot[bot]', 'fail-on': 'HIGH' });
  expect(inputs.paths).toEqual(['src/**', '!src/gen/**', 'docs/*.md']);
  expect(inputs.workers).toBe(3);
  expect(inputs['fail-on']).toBe('high');
});

test('a bad input names the input, says what it accepts, and never echoes a secret', () => {
  const bad = () => withInputs({ 'max-parallel': 'lots', apply: 'force-push', 'responses-api-endpoint': 'ftp://x', 'openai-api-key': 'sk-secret' });
  expect(bad).toThrow(InputError);
  try {
    bad();
  } catch (err) {
    const message = (err as Error).message;
    expect(message).toMatch(/input "max-parallel": max-parallel must be a whole number \(got "lots"\)/);
    expect(message).toMatch(/input "apply":/);
    expect(message).toMatch(/input "responses-api-endpoint": responses-api-endpoint must be an http\(s\) URL/);
    expect(message).not.toContain('sk-secret');
  }
});

test('engine inputs: a mode, per-role overrides, Claude Code settings; a bad override says what is accepted', () => {
  expect(withInputs({})).toMatchObject({ engine: 'codex', engines: {}, 'claude-max-turns': 50, 'claude-model': '', 'anthropic-base-url': '' });
  expect(withInputs({ engine: 'Mixed', engines: 'reviewer=codex,planner=claude', 'claude-max-turns': '12' })).toMatchObject({
    engine: 'mixed',
    engines: { reviewer: 'codex', planner: 'claude' },
    'claude-max-turns': 12,
  });
  expect(() => withInputs({ engine: 'gemini' })).toThrow(/input "engine"/);
  expect(() => withInputs({ engines: 'reviewer=gpt' })).toThrow(/input "engines": engines: "gpt" is not an engine/);
  expect(() => withInputs({ 'anthropic-base-url': 'file:///x' })).toThrow(/anthropic-base-url must be an http\(s\) URL/);
  expect(() => withInputs({ 'anthropic-api-key': 'sk-ant-x', 'claude-max-turns': '0' })).not.toThrow(/sk-ant-x/);
});

test('token budgets are optional whole numbers; project-instructions defaults to base', () => {
  expect(withInputs({})).toMatchObject({ 'max-tokens': undefined, 'max-tokens-per-worker': undefined, 'project-instructions': 'base' });
  expect(withInputs({ 'max-tokens': '200000', 'max-tokens-per-worker': '50000', 'project-instructions': 'HEAD' })).toMatchObject({
    'max-tokens': 200_000,
    'max-tokens-per-worker': 50_000,
    'project-instructions': 'head',
  });
  expect(() => withInputs({ 'max-tokens': '1e6' })).toThrow(/input "max-tokens": max-tokens must be a whole number \(got "1e6"\)/);
  expect(() => withInputs({ 'project-instructions': 'pr' })).toThrow(/input "project-instructions"/);
});

test('feedback is learn by default, or off; anything else names the input', () => {
  expect(withInputs({}).feedback).toBe('learn');
  expect(withInputs({ feedback: ' OFF ' }).feedback).toBe('off');
  expect(() => withInputs({ feedback: 'ignore' })).toThrow(/input "feedback":[^\n]*\(got "ignore"\)/);
});

test('rate-limit-wait-minutes: whole minutes, 10 by default, 0 to never wait', () => {
  expect(withInputs({})['rate-limit-wait-minutes']).toBe(10);
  // The client's own default (the CLI's, and a caller's that passes none) is the same.
  expect(DEFAULT_RATE_LIMIT_WAIT_MINUTES).toBe(10);
  expect(withInputs({ 'rate-limit-wait-minutes': '0' })['rate-limit-wait-minutes']).toBe(0);
  expect(() => withInputs({ 'rate-limit-wait-minutes': '1.5' })).toThrow(/input "rate-limit-wait-minutes": rate-limit-wait-minutes must be a whole number/);
  expect(() => withInputs({ 'rate-limit-wait-minutes': '999' })).toThrow(/at most 360/);
});

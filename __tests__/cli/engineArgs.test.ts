import { parseCliArgs, UsageError } from '../../src/cli/args.js';

test('--engine and --engines choose the engine per role; codex by default', () => {
  const run = (argv: string[]) => {
    const c = parseCliArgs(argv);
    if (c.kind !== 'run') throw new Error('not a run');
    return c;
  };
  expect(run(['review']).request.engine).toEqual({ mode: 'codex', overrides: {} });
  const mixed = run(['code', 'add a cache', '--engine', 'mixed', '--engines', 'tester=claude', '--claude-model', 'claude-sonnet-4-5']);
  expect(mixed.request.engine).toEqual({ mode: 'mixed', overrides: { tester: 'claude' } });
  expect(mixed.claudeModel).toBe('claude-sonnet-4-5');
  expect(() => parseCliArgs(['review', '--engine', 'gemini'])).toThrow(UsageError);
  expect(() => parseCliArgs(['review', '--engines', 'boss=claude'])).toThrow(/--engines: "boss" is not a role/);
});

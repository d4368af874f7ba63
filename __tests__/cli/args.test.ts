import { parseCliArgs, UsageError } from '../../src/cli/args.js';

test('--max-tokens and --max-tokens-per-worker set the budget; bad values are usage errors', () => {
  expect(parseCliArgs(['review'])).toMatchObject({ kind: 'run', budget: {} });
  expect(parseCliArgs(['review', '--max-tokens', '200000', '--max-tokens-per-worker', '40000'])).toMatchObject({
    budget: { maxTokens: 200_000, maxTokensPerWorker: 40_000 },
  });
  expect(() => parseCliArgs(['review', '--max-tokens', 'lots'])).toThrow(UsageError);
  expect(() => parseCliArgs(['review', '--max-tokens-per-worker', '0'])).toThrow(/--max-tokens-per-worker must be a whole number/);
});

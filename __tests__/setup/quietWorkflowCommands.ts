/**
 * Jest setup (every test file): @actions/core's `::debug::`, `::add-mask::` and group lines go
 * nowhere, as on a runner, which consumes them. `::warning::` and `::error::` stay visible: a test
 * that expects one captures it (fixtures/workflowCommands.ts), so any left in the output is news.
 */
const NOISE = /^::(debug|add-mask|group|endgroup)(?: [^:]*)?::.*(?:\r?\n|$)/gm;
const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;

process.stdout.write = (chunk: unknown, ...rest: unknown[]) => {
  if (typeof chunk !== 'string' || !chunk.startsWith('::')) return write(chunk, ...rest);
  const kept = chunk.replace(NOISE, '');
  return kept ? write(kept, ...rest) : true;
};

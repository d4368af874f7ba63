import { UsageReader } from '../../src/workers/modelUsage.js';
import type { TokenUsage } from '../../src/workers/types.js';

function read(chunks: string[]): TokenUsage[] {
  const seen: TokenUsage[] = [];
  const reader = new UsageReader((u) => seen.push(u));
  for (const c of chunks) reader.push(Buffer.from(c));
  reader.end();
  return seen;
}

test('reads the Responses API usage from response.completed, even split across chunks', () => {
  const completed = JSON.stringify({
    type: 'response.completed',
    response: {
      usage: { input_tokens: 1200, input_tokens_details: { cached_tokens: 200 }, output_tokens: 80, output_tokens_details: { reasoning_tokens: 40 } },
    },
  });
  const stream = `event: response.created\ndata: {"type":"response.created"}\n\nevent: response.completed\ndata: ${completed}\n\n`;
  const cut = stream.length - 30;
  expect(read([stream.slice(0, cut), stream.slice(cut)])).toEqual([{ input: 1200, cachedInput: 200, output: 80, reasoningOutput: 40 }]);
});

test('reads a non-streamed response object, and the Anthropic Messages stream', () => {
  expect(read([JSON.stringify({ object: 'response', usage: { input_tokens: 5, output_tokens: 7 } })])).toEqual([
    { input: 5, cachedInput: 0, output: 7, reasoningOutput: 0 },
  ]);
  const start = JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 1 } } });
  const delta = JSON.stringify({ type: 'message_delta', usage: { output_tokens: 50 } });
  expect(read([`event: message_start\r\ndata: ${start}\r\n\r\nevent: message_delta\r\ndata: ${delta}\r\n\r\n`])).toEqual([
    { input: 100, cachedInput: 90, output: 0, reasoningOutput: 0 },
    { input: 0, cachedInput: 0, output: 50, reasoningOutput: 0 },
  ]);
});

test('ignores what carries no usage or is not JSON', () => {
  expect(read(['data: [DONE]\n\n', 'event: x\ndata: {"type":"response.output_text.delta"}\n\n', 'garbage'])).toEqual([]);
});

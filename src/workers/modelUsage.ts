/**
 * Token usage read from a model response as it streams through the proxy, one extractor per wire
 * format, so the budget and the per-worker figures do not depend on what the engine reports.
 */
import type { TokenUsage } from './types.js';

export const NO_USAGE: TokenUsage = { input: 0, cachedInput: 0, output: 0, reasoningOutput: 0 };

export const totalTokens = (u: TokenUsage) => u.input + u.output;

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    cachedInput: a.cachedInput + b.cachedInput,
    output: a.output + b.output,
    reasoningOutput: a.reasoningOutput + b.reasoningOutput,
  };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** OpenAI Responses: `response.completed` (streamed) or the response object itself carries `usage`. */
function responsesUsage(event: Json): TokenUsage | null {
  const response = event.type === 'response.completed' || event.type === 'response.incomplete' ? event.response : event.object === 'response' ? event : null;
  const usage = isObj(response) ? response.usage : null;
  if (!isObj(usage)) return null;
  const inDetails = isObj(usage.input_tokens_details) ? usage.input_tokens_details : {};
  const outDetails = isObj(usage.output_tokens_details) ? usage.output_tokens_details : {};
  return {
    input: num(usage.input_tokens),
    cachedInput: num(inDetails.cached_tokens),
    output: num(usage.output_tokens),
    reasoningOutput: num(outDetails.reasoning_tokens),
  };
}

/** Anthropic Messages: input in `message_start`, the (cumulative) output count in `message_delta`. */
function messagesUsage(event: Json): TokenUsage | null {
  const usage = event.type === 'message_start' && isObj(event.message) ? event.message.usage : event.type === 'message_delta' ? event.usage : null;
  if (!isObj(usage)) return null;
  const cached = num(usage.cache_read_input_tokens);
  if (event.type === 'message_delta') return { ...NO_USAGE, output: num(usage.output_tokens) };
  return { input: num(usage.input_tokens) + cached + num(usage.cache_creation_input_tokens), cachedInput: cached, output: 0, reasoningOutput: 0 };
}

const EXTRACTORS = [responsesUsage, messagesUsage];

/**
 * Feeds a response body chunk by chunk (server-sent events or one JSON document) and reports the
 * usage of each event that has one. Bodies that are neither are ignored.
 */
export class UsageReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly onUsage: (usage: TokenUsage) => void) {}

  push(chunk: Buffer): void {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = this.buffer.search(/\r?\n\r?\n/)) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      this.event(block);
    }
    // A JSON body is not cut into events: keep at most what one response can hold.
    if (this.buffer.length > 4_000_000) this.buffer = '';
  }

  end(): void {
    const rest = this.buffer.trim();
    this.buffer = '';
    if (rest.startsWith('{')) this.parse(rest);
    else if (rest) this.event(rest);
  }

  private event(block: string): void {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (data) this.parse(data);
  }

  private parse(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    if (!isObj(json)) return;
    for (const extract of EXTRACTORS) {
      const usage = extract(json);
      if (usage) return this.onUsage(usage);
    }
  }
}

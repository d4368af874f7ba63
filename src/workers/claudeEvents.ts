/**
 * The stream-json lines `claude -p --output-format stream-json --verbose` prints, checked at run
 * time. Known shapes are validated (extra fields pass through); types this version does not know
 * become `{ type: 'unknown', originalType, data }`, so a newer CLI never breaks a run.
 */
import { z } from 'zod';
import { clipLine as clip, parseEventLine, type ParsedEventLine } from './eventLine.js';

const tokens = z.number().int().nonnegative();

export const claudeUsageSchema = z.looseObject({
  input_tokens: tokens.default(0),
  cache_creation_input_tokens: tokens.nullable().default(0),
  cache_read_input_tokens: tokens.nullable().default(0),
  output_tokens: tokens.default(0),
  output_tokens_details: z.looseObject({ thinking_tokens: tokens.default(0) }).optional(),
});
export type ClaudeUsage = z.output<typeof claudeUsageSchema>;

const block = z.union([
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({ type: z.literal('thinking'), thinking: z.string().default('') }),
  z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()).default({}) }),
  z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z.unknown().optional(),
    is_error: z.boolean().optional(),
  }),
  z.looseObject({ type: z.string() }),
]);
export type ClaudeBlock = z.output<typeof block>;

const content = z.union([z.string().transform((text) => [{ type: 'text' as const, text }]), z.array(block)]);

const KNOWN = ['system', 'assistant', 'user', 'result'] as const;

const knownEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('system'),
    subtype: z.string(),
    model: z.string().optional(),
    tools: z.array(z.string()).optional(),
    mcp_servers: z.array(z.looseObject({ name: z.string(), status: z.string() })).optional(),
    tool_name: z.string().optional(),
    message: z.string().optional(),
  }),
  z.looseObject({ type: z.literal('assistant'), message: z.looseObject({ content, usage: claudeUsageSchema.optional() }) }),
  z.looseObject({ type: z.literal('user'), message: z.looseObject({ content }) }),
  z.looseObject({
    type: z.literal('result'),
    subtype: z.string(),
    is_error: z.boolean().default(false),
    result: z.string().optional(),
    structured_output: z.unknown().optional(),
    num_turns: z.number().int().optional(),
    usage: claudeUsageSchema.optional(),
    errors: z.array(z.unknown()).optional(),
    permission_denials: z.array(z.looseObject({ tool_name: z.string() })).optional(),
  }),
]);

const unknownEventSchema = z
  .looseObject({ type: z.string().refine((t) => !(KNOWN as readonly string[]).includes(t), 'a known type with an unexpected shape') })
  .transform(({ type, ...data }) => ({ type: 'unknown' as const, originalType: type, data }));

export const claudeEventSchema = z.union([knownEventSchema, unknownEventSchema]);
export type ClaudeEvent = z.output<typeof claudeEventSchema>;

export type ParsedClaudeLine = ParsedEventLine<ClaudeEvent>;

export function parseClaudeLine(line: string): ParsedClaudeLine {
  return parseEventLine(line, claudeEventSchema, 'claude');
}

/** The tool Claude Code offers for `--json-schema`: the final answer, not a tool use of the worker's. */
export const STRUCTURED_OUTPUT_TOOL = 'StructuredOutput';

/** A short one-line summary for live progress, or null for lines not worth one. */
export function describeClaudeEvent(event: ClaudeEvent): string | null {
  switch (event.type) {
    case 'system':
      if (event.subtype === 'init') {
        const failed = (event.mcp_servers ?? []).filter((s) => s.status !== 'connected').map((s) => `${s.name} ${s.status}`);
        return `session started (${event.model ?? 'default model'}, ${event.tools?.length ?? 0} tools${failed.length ? `; MCP ${failed.join(', ')}` : ''})`;
      }
      if (event.subtype === 'permission_denied') return `refused: ${event.tool_name ?? 'a tool'} (not permitted for this role)`;
      return null;
    case 'assistant':
      return joined(event.message.content.map(describeBlock));
    case 'user':
      return joined(
        event.message.content.map((b) => (b.type === 'tool_result' && 'is_error' in b && b.is_error ? `tool failed: ${clip(resultText(b.content))}` : null)),
      );
    case 'result': {
      const turns = event.num_turns !== undefined ? `${event.num_turns} turns` : null;
      const usage = event.usage ? `${totalInput(event.usage)} in, ${event.usage.output_tokens} out tokens` : null;
      const detail = [turns, usage].filter(Boolean).join(', ');
      return event.is_error ? `failed: ${clip(resultError(event))}` : `done${detail ? ` (${detail})` : ''}`;
    }
    default:
      return null;
  }
}

function describeBlock(b: ClaudeBlock): string | null {
  if (b.type === 'text' && 'text' in b && typeof b.text === 'string') return b.text.trim() ? `said: ${clip(b.text)}` : null;
  if (b.type === 'thinking' && 'thinking' in b && typeof b.thinking === 'string') return b.thinking.trim() ? `thinking: ${clip(b.thinking)}` : null;
  if (b.type !== 'tool_use' || !('name' in b) || typeof b.name !== 'string') return null;
  const input = ('input' in b ? b.input : {}) as Record<string, unknown>;
  const arg = (k: string) => (typeof input[k] === 'string' ? input[k] : '');
  const mcp = /^mcp__([^_]+(?:_[^_]+)*)__(.+)$/.exec(b.name);
  if (mcp) return `mcp ${mcp[1]}.${mcp[2]}`;
  switch (b.name) {
    case 'Bash':
      return `$ ${clip(arg('command'))}`;
    case 'Read':
      return `read ${clip(arg('file_path'))}`;
    case 'Write':
      return `write ${clip(arg('file_path'))}`;
    case 'Edit':
    case 'MultiEdit':
      return `edit ${clip(arg('file_path'))}`;
    case 'Grep':
      return `grep ${clip(arg('pattern'))}`;
    case 'Glob':
      return `glob ${clip(arg('pattern'))}`;
    case STRUCTURED_OUTPUT_TOOL:
      return 'final answer';
    default:
      return `tool ${b.name}`;
  }
}

/** Anthropic counts cached tokens apart from `input_tokens`; the swarm's input is all of them. */
export function totalInput(u: ClaudeUsage): number {
  return u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
}

export function resultError(event: Extract<ClaudeEvent, { type: 'result' }>): string {
  const errors = (event.errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  return event.result?.trim() || errors.join('; ') || event.subtype;
}

export function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v && 'text' in v ? String((v as { text: unknown }).text) : '')).join(' ');
  return '';
}

const joined = (parts: (string | null)[]) => parts.filter(Boolean).join('; ') || null;

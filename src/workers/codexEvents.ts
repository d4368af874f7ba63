/**
 * The JSONL events `codex exec --json` prints, checked at run time. Known shapes are validated
 * (extra fields pass through); event and item types this version does not know become
 * `{ type: 'unknown', originalType, data }` instead of failing, so a newer CLI never breaks a run.
 */
import { z } from 'zod';
import { clipLine as clip, parseEventLine, type ParsedEventLine } from './eventLine.js';

const unknownOf = <K extends readonly string[]>(known: K) =>
  z
    .looseObject({ type: z.string().refine((t) => !known.includes(t), 'a known type with an unexpected shape') })
    .transform(({ type, ...data }) => ({ type: 'unknown' as const, originalType: type, data: data }));

const itemBase = { id: z.string().optional() };
const status = z.string();

const KNOWN_ITEM_TYPES = ['agent_message', 'reasoning', 'command_execution', 'file_change', 'todo_list', 'mcp_tool_call', 'web_search', 'error'] as const;

const knownItemSchema = z.discriminatedUnion('type', [
  z.looseObject({ ...itemBase, type: z.literal('agent_message'), text: z.string() }),
  z.looseObject({ ...itemBase, type: z.literal('reasoning'), text: z.string() }),
  z.looseObject({
    ...itemBase,
    type: z.literal('command_execution'),
    command: z.string(),
    aggregated_output: z.string().default(''),
    exit_code: z.number().int().nullable().optional(),
    status,
  }),
  z.looseObject({
    ...itemBase,
    type: z.literal('file_change'),
    changes: z.array(z.looseObject({ path: z.string(), kind: z.string() })),
    status,
  }),
  z.looseObject({
    ...itemBase,
    type: z.literal('todo_list'),
    items: z.array(z.looseObject({ text: z.string(), completed: z.boolean() })),
  }),
  z.looseObject({
    ...itemBase,
    type: z.literal('mcp_tool_call'),
    server: z.string(),
    tool: z.string(),
    arguments: z.unknown().optional(),
    result: z.unknown().optional(),
    error: z.looseObject({ message: z.string() }).nullable().optional(),
    status,
  }),
  z.looseObject({ ...itemBase, type: z.literal('web_search'), query: z.string().optional() }),
  z.looseObject({ ...itemBase, type: z.literal('error'), message: z.string() }),
]);

export const codexItemSchema = z.union([knownItemSchema, unknownOf(KNOWN_ITEM_TYPES)]);
export type CodexItem = z.output<typeof codexItemSchema>;

const KNOWN_EVENT_TYPES = [
  'thread.started',
  'turn.started',
  'turn.completed',
  'turn.failed',
  'item.started',
  'item.updated',
  'item.completed',
  'error',
] as const;

const tokens = z.number().int().nonnegative();

const knownEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('thread.started'), thread_id: z.string() }),
  z.looseObject({ type: z.literal('turn.started') }),
  z.looseObject({
    type: z.literal('turn.completed'),
    usage: z.looseObject({
      input_tokens: tokens,
      cached_input_tokens: tokens.default(0),
      output_tokens: tokens,
      reasoning_output_tokens: tokens.default(0),
    }),
  }),
  z.looseObject({ type: z.literal('turn.failed'), error: z.looseObject({ message: z.string() }) }),
  z.looseObject({ type: z.literal('item.started'), item: codexItemSchema }),
  z.looseObject({ type: z.literal('item.updated'), item: codexItemSchema }),
  z.looseObject({ type: z.literal('item.completed'), item: codexItemSchema }),
  z.looseObject({ type: z.literal('error'), message: z.string() }),
]);

export const codexEventSchema = z.union([knownEventSchema, unknownOf(KNOWN_EVENT_TYPES)]);
export type CodexEvent = z.output<typeof codexEventSchema>;

export type ParsedLine = ParsedEventLine<CodexEvent>;

/** One stdout line of `codex exec --json`; anything that is not an event says why. */
export function parseCodexLine(line: string): ParsedLine {
  return parseEventLine(line, codexEventSchema, 'codex');
}

/** A short one-line summary for live progress, or null for events not worth a line. */
export function describeEvent(event: CodexEvent): string | null {
  switch (event.type) {
    case 'turn.completed':
      return `turn done (${event.usage.input_tokens} in, ${event.usage.output_tokens} out tokens)`;
    case 'turn.failed':
      return `turn failed: ${clip(event.error.message)}`;
    case 'error':
      return `error: ${clip(event.message)}`;
    case 'item.started':
    case 'item.updated':
    case 'item.completed':
      return describeItem(event.item, event.type);
    default:
      return null;
  }
}

function describeItem(item: CodexItem, phase: 'item.started' | 'item.updated' | 'item.completed'): string | null {
  const done = phase === 'item.completed';
  switch (item.type) {
    case 'command_execution':
      if (phase === 'item.updated') return null;
      return done ? `$ ${clip(shellCommand(item.command))} (exit ${item.exit_code ?? '?'})` : `$ ${clip(shellCommand(item.command))}`;
    case 'file_change': {
      if (!done) return null;
      const list = item.changes.map((c) => `${FILE_VERBS[c.kind] ?? c.kind} ${c.path}`).join(', ');
      return item.status === 'failed' ? `file change failed: ${clip(list)}` : clip(list || 'no file changes');
    }
    case 'mcp_tool_call': {
      const name = `mcp ${item.server}.${item.tool}`;
      if (!done) return phase === 'item.started' ? name : null;
      return item.status === 'failed' ? `${name} failed: ${clip(item.error?.message ?? 'no message')}` : `${name} (ok)`;
    }
    case 'todo_list': {
      const next = item.items.find((i) => !i.completed);
      const count = `${item.items.filter((i) => i.completed).length}/${item.items.length}`;
      return next ? `plan ${count}: ${clip(next.text)}` : `plan ${count} done`;
    }
    case 'web_search':
      return done ? null : `search: ${clip(item.query ?? '')}`;
    case 'agent_message':
      return done ? `said: ${clip(item.text)}` : null;
    case 'reasoning':
      return done ? `thinking: ${clip(item.text.replace(/\*\*/g, ''))}` : null;
    case 'error':
      return `error: ${clip(item.message)}`;
    default:
      return null;
  }
}

const FILE_VERBS: Record<string, string> = { add: 'added', delete: 'deleted', update: 'edited' };

/** Codex runs commands as `/bin/bash -lc '<cmd>'`: show the command the model wrote. */
function shellCommand(command: string): string {
  const m = /^\S*\/(?:ba|z)?sh -l?c '([\s\S]*)'$/.exec(command);
  return m ? m[1].replace(/'\\''/g, "'") : command;
}

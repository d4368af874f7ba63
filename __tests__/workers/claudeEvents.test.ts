import { claudeArgs, claudeStream, READ_ONLY_BASH } from '../../src/workers/claudeEngine.js';
import { describeClaudeEvent, parseClaudeLine, type ClaudeEvent } from '../../src/workers/claudeEvents.js';
import { finalAnswerJsonSchema } from '../../src/workers/outputSchema.js';

function parse(line: unknown): ClaudeEvent {
  const r = parseClaudeLine(JSON.stringify(line));
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

const usage = { input_tokens: 70, cache_creation_input_tokens: 10, cache_read_input_tokens: 20, output_tokens: 30 };

describe('Claude Code stream-json', () => {
  it('describes system, assistant, user and result lines as progress', () => {
    expect(
      describeClaudeEvent(
        parse({ type: 'system', subtype: 'init', model: 'claude-x', tools: ['Read', 'Bash'], mcp_servers: [{ name: 'ruflo', status: 'failed' }] }),
      ),
    ).toBe('session started (claude-x, 2 tools; MCP ruflo failed)');
    expect(describeClaudeEvent(parse({ type: 'system', subtype: 'permission_denied', tool_name: 'Write' }))).toBe(
      'refused: Write (not permitted for this role)',
    );
    const assistant = parse({
      type: 'assistant',
      message: {
        content: [
          { type: 'text', text: 'Looking at the file' },
          { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'git diff' } },
          { type: 'tool_use', id: 't2', name: 'mcp__ruflo__memory_search', input: {} },
          { type: 'tool_use', id: 't3', name: 'Edit', input: { file_path: 'src/a.ts' } },
        ],
        usage,
      },
    });
    expect(describeClaudeEvent(assistant)).toBe('said: Looking at the file; $ git diff; mcp ruflo.memory_search; edit src/a.ts');
    expect(
      describeClaudeEvent(parse({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', content: 'denied', is_error: true }] } })),
    ).toBe('tool failed: denied');
    expect(describeClaudeEvent(parse({ type: 'result', subtype: 'success', is_error: false, num_turns: 3, usage }))).toBe(
      'done (3 turns, 100 in, 30 out tokens)',
    );
    expect(describeClaudeEvent(parse({ type: 'result', subtype: 'error_during_execution', is_error: true, result: 'API Error: 500' }))).toBe(
      'failed: API Error: 500',
    );
  });

  it('passes unknown types through and says why a line is not an event', () => {
    expect(parse({ type: 'stream_event', event: {} })).toMatchObject({ type: 'unknown', originalType: 'stream_event' });
    expect(parseClaudeLine('not json')).toEqual({ ok: false, error: 'not JSON: not json' });
    expect(parseClaudeLine('{"type":"result"}')).toMatchObject({ ok: false });
  });

  it('counts tool uses but not the final answer, and takes usage (cache included) from the result', () => {
    const stream = claudeStream();
    stream.onLine(
      JSON.stringify({
        type: 'assistant',
        message: {
          content: [
            { type: 'tool_use', id: 'a', name: 'Read', input: {} },
            { type: 'tool_use', id: 'b', name: 'StructuredOutput', input: {} },
          ],
        },
      }),
    );
    const event = stream.onLine(
      JSON.stringify({ type: 'result', subtype: 'success', is_error: false, usage: { ...usage, output_tokens_details: { thinking_tokens: 4 } } }),
    );
    expect(event).toMatchObject({ engine: 'claude', type: 'result' });
    expect(stream.toolUses).toBe(1);
    expect(stream.usage).toEqual({ input: 100, cachedInput: 20, output: 30, reasoningOutput: 4 });
    expect(stream.onLine('garbage')).toBeNull();
  });
});

describe('claudeArgs', () => {
  const value = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

  it('readers: no edit tools offered, only read tools and read-only Bash allowed, never a prompt', () => {
    const args = claudeArgs({
      sandbox: 'read-only',
      role: 'reviewer',
      model: 'claude-sonnet-4-5',
      maxTurns: 7,
      memory: { name: 'ruflo', url: 'http://127.0.0.1:1/mcp/t/reviewer-1' },
    });
    expect(args.slice(0, 4)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']);
    expect(value(args, '--model')).toBe('claude-sonnet-4-5');
    expect(value(args, '--max-turns')).toBe('7');
    expect(JSON.parse(value(args, '--json-schema'))).toEqual(finalAnswerJsonSchema);
    expect(value(args, '--tools')).toBe('Read,Grep,Glob,Bash');
    expect(value(args, '--allowedTools').split(',')).toEqual(['Read', 'Grep', 'Glob', ...READ_ONLY_BASH, 'mcp__ruflo']);
    expect(value(args, '--permission-mode')).toBe('dontAsk');
    expect(value(args, '--permission-prompts')).toBe('none');
    expect(value(args, '--setting-sources')).toBe('user');
    expect(args).toContain('--strict-mcp-config');
    expect(JSON.parse(value(args, '--mcp-config'))).toEqual({ mcpServers: { ruflo: { type: 'http', url: 'http://127.0.0.1:1/mcp/t/reviewer-1' } } });
    expect(args).not.toContain('--add-dir');
  });

  it('writers: edit tools accepted inside the working folder only; no MCP config without memory', () => {
    const args = claudeArgs({ sandbox: 'workspace-write', role: 'coder', maxTurns: 50 });
    expect(args).not.toContain('--model');
    expect(value(args, '--tools')).toBe('Read,Grep,Glob,Bash,Edit,Write');
    expect(value(args, '--permission-mode')).toBe('acceptEdits');
    expect(args).not.toContain('--mcp-config');
    expect(args).not.toContain('--add-dir');
  });
});

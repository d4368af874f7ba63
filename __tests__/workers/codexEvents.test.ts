import { describeEvent, parseCodexLine, type CodexEvent } from '../../src/workers/codexEvents.js';

/** Lines printed by codex-cli 0.169.0 (`codex exec --json`) against the scripted server. */
const REAL = {
  threadStarted: '{"type":"thread.started","thread_id":"01a2120a-d5bb-7a22-b834-5c7b80482b0f"}',
  turnStarted: '{"type":"turn.started"}',
  commandStarted:
    '{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc \'echo hi > y.txt; ls\'","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
  commandCompleted:
    '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc \'echo hi > y.txt; ls\'","aggregated_output":"/bin/bash: line 1: y.txt: Read-only file system\\na.txt\\n","exit_code":0,"status":"completed"}}',
  commandFailed:
    '{"type":"item.completed","item":{"id":"item_2","type":"command_execution","command":"/bin/bash -lc \'exit 3\'","aggregated_output":"","exit_code":3,"status":"failed"}}',
  mcpStarted:
    '{"type":"item.started","item":{"id":"item_0","type":"mcp_tool_call","server":"ruflo","tool":"memory_search","arguments":{"query":"auth"},"result":null,"error":null,"status":"in_progress"}}',
  mcpCompleted:
    '{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"ruflo","tool":"memory_search","arguments":{"query":"auth"},"result":{"content":[{"type":"text","text":"found auth"}],"structured_content":null},"error":null,"status":"completed"}}',
  agentMessage: '{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"{\\"status\\":\\"scripted\\",\\"summary\\":\\"scripted\\"}"}}',
  turnCompleted:
    '{"type":"turn.completed","usage":{"input_tokens":600,"cached_input_tokens":120,"cache_write_input_tokens":0,"output_tokens":180,"reasoning_output_tokens":30}}',
  error: '{"type":"error","message":"stream disconnected before completion: boom"}',
  turnFailed: '{"type":"turn.failed","error":{"message":"stream disconnected before completion: boom"}}',
};

function parse(line: string): CodexEvent {
  const r = parseCodexLine(line);
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

describe('parseCodexLine', () => {
  it('parses every line of a real run', () => {
    for (const line of Object.values(REAL)) expect(parseCodexLine(line).ok).toBe(true);
    expect(parse(REAL.threadStarted)).toEqual({ type: 'thread.started', thread_id: '01a2120a-d5bb-7a22-b834-5c7b80482b0f' });
  });

  it('reads token usage and keeps fields it does not model', () => {
    const e = parse(REAL.turnCompleted);
    if (e.type !== 'turn.completed') throw new Error(e.type);
    expect(e.usage).toMatchObject({
      input_tokens: 600,
      cached_input_tokens: 120,
      output_tokens: 180,
      reasoning_output_tokens: 30,
      cache_write_input_tokens: 0,
    });
  });

  it('defaults usage fields older CLIs do not print', () => {
    const e = parse('{"type":"turn.completed","usage":{"input_tokens":5,"output_tokens":2}}');
    if (e.type !== 'turn.completed') throw new Error(e.type);
    expect(e.usage.cached_input_tokens).toBe(0);
    expect(e.usage.reasoning_output_tokens).toBe(0);
  });

  it('parses the documented item types', () => {
    const items = [
      { type: 'reasoning', text: '**Looking** at the code' },
      { type: 'file_change', changes: [{ path: 'src/a.ts', kind: 'update' }], status: 'completed' },
      {
        type: 'todo_list',
        items: [
          { text: 'read', completed: true },
          { text: 'fix', completed: false },
        ],
      },
      { type: 'web_search', query: 'zod discriminated union' },
      { type: 'error', message: 'command timed out' },
    ];
    for (const item of items) {
      const e = parse(JSON.stringify({ type: 'item.completed', item: { id: 'item_9', ...item } }));
      expect(e).toMatchObject({ type: 'item.completed', item });
    }
  });

  it('lets unknown event and item types through instead of failing', () => {
    expect(parse('{"type":"thread.compacted","x":1}')).toEqual({ type: 'unknown', originalType: 'thread.compacted', data: { x: 1 } });
    expect(parse('{"type":"item.started","item":{"id":"i1","type":"collab_tool_call","receiver":"a"}}')).toEqual({
      type: 'item.started',
      item: { type: 'unknown', originalType: 'collab_tool_call', data: { id: 'i1', receiver: 'a' } },
    });
  });

  it('rejects garbage and known events of the wrong shape, saying why', () => {
    expect(parseCodexLine('Reading prompt from stdin...')).toEqual({ ok: false, error: expect.stringContaining('not JSON') });
    expect(parseCodexLine('')).toEqual({ ok: false, error: 'empty line' });
    expect(parseCodexLine('[1,2]')).toEqual({ ok: false, error: expect.stringContaining('expected object') });
    expect(parseCodexLine('{"type":"turn.completed","usage":{"input_tokens":"many"}}')).toEqual({
      ok: false,
      error: expect.stringContaining('usage.input_tokens'),
    });
    expect(parseCodexLine('{"type":"item.completed","item":{"type":"command_execution"}}')).toEqual({
      ok: false,
      error: expect.stringContaining('item.command'),
    });
  });
});

describe('describeEvent', () => {
  const d = (line: string) => describeEvent(parse(line));
  const item = (phase: string, it: Record<string, unknown>) => d(JSON.stringify({ type: phase, item: { id: 'x', ...it } }));

  it('shows commands as the model wrote them, with their exit code when done', () => {
    expect(d(REAL.commandStarted)).toBe('$ echo hi > y.txt; ls');
    expect(d(REAL.commandCompleted)).toBe('$ echo hi > y.txt; ls (exit 0)');
    expect(d(REAL.commandFailed)).toBe('$ exit 3 (exit 3)');
    expect(
      item('item.completed', {
        type: 'command_execution',
        command: "/bin/bash -lc 'echo '\\''q'\\'''",
        aggregated_output: '',
        exit_code: 0,
        status: 'completed',
      }),
    ).toBe("$ echo 'q' (exit 0)");
  });

  it('summarises file changes, MCP calls, plans, searches and failures', () => {
    expect(item('item.completed', { type: 'file_change', changes: [{ path: 'src/a.ts', kind: 'update' }], status: 'completed' })).toBe('edited src/a.ts');
    expect(
      item('item.completed', {
        type: 'file_change',
        changes: [
          { path: 'b.ts', kind: 'add' },
          { path: 'c.ts', kind: 'delete' },
        ],
        status: 'completed',
      }),
    ).toBe('added b.ts, deleted c.ts');
    expect(d(REAL.mcpStarted)).toBe('mcp ruflo.memory_search');
    expect(d(REAL.mcpCompleted)).toBe('mcp ruflo.memory_search (ok)');
    expect(item('item.completed', { type: 'mcp_tool_call', server: 'ruflo', tool: 'memory_store', status: 'failed', error: { message: 'denied' } })).toBe(
      'mcp ruflo.memory_store failed: denied',
    );
    expect(
      item('item.updated', {
        type: 'todo_list',
        items: [
          { text: 'read', completed: true },
          { text: 'fix it', completed: false },
        ],
      }),
    ).toBe('plan 1/2: fix it');
    expect(item('item.started', { type: 'web_search', query: 'node streams' })).toBe('search: node streams');
    expect(d(REAL.turnFailed)).toBe('turn failed: stream disconnected before completion: boom');
    expect(d(REAL.error)).toBe('error: stream disconnected before completion: boom');
    expect(d(REAL.turnCompleted)).toBe('turn done (600 in, 180 out tokens)');
  });

  it('returns null for noise and keeps lines short and single-line', () => {
    expect(d(REAL.threadStarted)).toBeNull();
    expect(d(REAL.turnStarted)).toBeNull();
    expect(d('{"type":"something.new"}')).toBeNull();
    const long = item('item.completed', { type: 'agent_message', text: `line one\nline two ${'x'.repeat(300)}` });
    expect(long).not.toContain('\n');
    expect(long!.length).toBeLessThanOrEqual(110);
  });
});

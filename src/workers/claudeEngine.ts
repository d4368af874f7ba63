/**
 * The Claude Code engine: `claude -p --output-format stream-json --verbose` with the prompt on
 * stdin, the role's JSON Schema as `--json-schema` (answered through the StructuredOutput tool and
 * checked again here), tools and permissions per role, a fresh CLAUDE_CONFIG_DIR and TMPDIR per
 * worker, the Messages API reached through the key-holding loopback proxy, and the live memory
 * server registered with `--mcp-config`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Role, Sandbox } from '../plan/types.js';
import { parseClaudeLine, describeClaudeEvent, resultError, STRUCTURED_OUTPUT_TOOL, totalInput, type ClaudeEvent } from './claudeEvents.js';
import { type EngineStream, type McpServerRef, type WorkerEngine } from './engine.js';
import { checkFinalAnswer, parseFinalAnswerText, type AnswerRead } from './finalAnswer.js';
import { outputJsonSchemaFor } from './outputSchema.js';
import { emptyUsage } from './types.js';

export interface ClaudeEngineOptions {
  claudePath: string;
  /** ANTHROPIC_BASE_URL for the workers: the proxy, without `/v1` (the CLI appends `/v1/messages`). */
  baseUrl: string;
  model?: string;
  maxTurns: number;
}

/** Claude Code needs a key to send a request at all; the proxy replaces this one with the real key. */
export const PROXY_HOLDS_THE_KEY = 'held-by-the-codex-swarm-proxy';

const READ_TOOLS = ['Read', 'Grep', 'Glob'];
/** Bash for readers: commands that only look. Claude Code checks each part of a compound command. */
export const READ_ONLY_BASH = ['git diff', 'git log', 'git show', 'git status', 'git blame', 'ls', 'wc'].map((c) => `Bash(${c}:*)`);

export interface ClaudeArgsInput {
  sandbox: Sandbox;
  /** Whose answer schema goes to --json-schema. */
  role: Role;
  model?: string;
  maxTurns: number;
  memory?: McpServerRef;
}

export function claudeArgs(o: ClaudeArgsInput): string[] {
  const writes = o.sandbox === 'workspace-write';
  const mcp = o.memory ? [`mcp__${o.memory.name}`] : [];
  // Readers: edit tools are not even offered, and only reading commands are allowed; anything else
  // is refused without a prompt. Writers: edits are accepted inside the working folder only (no
  // --add-dir), and whatever would need a person's approval is refused.
  const offered = writes ? [...READ_TOOLS, 'Bash', 'Edit', 'Write'] : [...READ_TOOLS, 'Bash'];
  const allowed = writes ? [...READ_TOOLS, 'Bash', ...mcp] : [...READ_TOOLS, ...READ_ONLY_BASH, ...mcp];
  return [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    ...(o.model ? ['--model', o.model] : []),
    '--max-turns',
    String(o.maxTurns),
    '--json-schema',
    JSON.stringify(outputJsonSchemaFor(o.role)),
    '--tools',
    offered.join(','),
    '--allowedTools',
    allowed.join(','),
    '--permission-mode',
    writes ? 'acceptEdits' : 'dontAsk',
    '--permission-prompts',
    'none',
    // Only our own (empty) user settings: no hooks or permissions from the checkout's .claude/.
    '--setting-sources',
    'user',
    '--strict-mcp-config',
    ...(o.memory ? ['--mcp-config', JSON.stringify({ mcpServers: { [o.memory.name]: { type: 'http', url: o.memory.url } } })] : []),
    '--no-session-persistence',
  ];
}

type ResultEvent = Extract<ClaudeEvent, { type: 'result' }>;

/** Claude's stream: usage from the final `result`, a tool use per tool_use block but the answer's. */
export function claudeStream(): EngineStream & { result: ResultEvent | null } {
  const stream: EngineStream & { result: ResultEvent | null } = {
    usage: emptyUsage(),
    toolUses: 0,
    result: null,
    onLine(line) {
      const parsed = parseClaudeLine(line);
      if (!parsed.ok) return null;
      const event = parsed.event;
      if (event.type === 'assistant') {
        stream.toolUses += event.message.content.filter((b) => b.type === 'tool_use' && 'name' in b && b.name !== STRUCTURED_OUTPUT_TOOL).length;
      } else if (event.type === 'result') {
        stream.result = event;
        if (event.usage) {
          stream.usage = {
            input: totalInput(event.usage),
            cachedInput: event.usage.cache_read_input_tokens ?? 0,
            output: event.usage.output_tokens,
            reasoningOutput: event.usage.output_tokens_details?.thinking_tokens ?? 0,
          };
        }
        if (event.is_error) stream.lastError = resultError(event);
      }
      const type = event.type === 'unknown' ? event.originalType : event.type;
      return { engine: 'claude', type, summary: describeClaudeEvent(event), raw: event };
    },
  };
  return stream;
}

/** The answer as the model gave it (a planner's subtasks included), and as the swarm reads it. */
function answerOf(result: ResultEvent | null, role: Role): AnswerRead & { raw?: unknown } {
  if (!result) return { answer: null, answerError: 'claude ended without a result' };
  if (result.structured_output !== undefined && result.structured_output !== null) {
    return { ...checkFinalAnswer(result.structured_output, role), raw: result.structured_output };
  }
  if (result.is_error) return { answer: null, answerError: `claude gave no final answer: ${resultError(result)}` };
  // A version without --json-schema answers in text: validated after the fact.
  if (!result.result?.trim()) return { answer: null, answerError: 'claude gave no final answer' };
  const read = parseFinalAnswerText(result.result, role);
  return read.answer ? { ...read, raw: JSON.parse(result.result) as unknown } : read;
}

export function claudeEngine(options: ClaudeEngineOptions): WorkerEngine {
  return {
    name: 'claude',
    label: 'claude',
    async prepare(input) {
      const configDir = path.join(input.home, 'claude-config');
      const tmpDir = path.join(input.home, 'tmp');
      await Promise.all([fs.mkdir(configDir, { recursive: true }), fs.mkdir(tmpDir, { recursive: true })]);
      const stream = claudeStream();
      return {
        file: options.claudePath,
        args: claudeArgs({ sandbox: input.spec.sandbox, role: input.spec.role, model: options.model, maxTurns: options.maxTurns, memory: input.memory }),
        env: {
          ...input.env,
          ANTHROPIC_BASE_URL: options.baseUrl,
          ANTHROPIC_API_KEY: PROXY_HOLDS_THE_KEY,
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_AUTOUPDATER: '1',
          // The checkout's CLAUDE.md files are data, never instructions: a pull request could add
          // one. Trusted instructions (the base commit's AGENTS.md) come in the prompt instead.
          CLAUDE_CODE_DISABLE_CLAUDE_MDS: '1',
          // Else .claude.json lands in $HOME, and sockets and scratch files in the shared /tmp.
          CLAUDE_CONFIG_DIR: configDir,
          TMPDIR: tmpDir,
        },
        stdin: input.prompt,
        stream,
        marker: { name: 'CLAUDE_CONFIG_DIR', value: configDir },
        async readAnswer() {
          const { raw, ...read } = answerOf(stream.result, input.spec.role);
          // Kept as codex's -o file is, whole: the orchestrator reads a planner's subtasks from it.
          if (read.answer) await fs.writeFile(input.finalPath, `${JSON.stringify(raw, null, 2)}\n`);
          return read;
        },
      };
    },
  };
}

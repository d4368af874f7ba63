/**
 * The Codex engine: `codex exec --json --sandbox <mode> --output-schema <schema> -o <final.json> -`
 * with a fresh CODEX_HOME per worker, the model provider pointed at the loopback proxy, the live
 * memory server registered as an MCP server, and the answer read from `-o`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '../plan/types.js';
import { describeEvent, parseCodexLine } from './codexEvents.js';
import { checkoutSkillFiles, skillsOffArgs } from './checkoutSkills.js';
import { type EngineStream, type McpServerRef, type WorkerEngine } from './engine.js';
import { parseFinalAnswerText } from './finalAnswer.js';
import { writeOutputSchema } from './outputSchema.js';
import { emptyUsage } from './types.js';

export interface CodexEngineOptions {
  codexPath: string;
  /** Complete argv fragments (`-c`, `key=value`, …) for the model provider (providerConfigArgs). */
  providerArgs?: string[];
  /** The user's own extra `codex exec` arguments. */
  codexArgs?: string[];
  /** Copied into every worker's fresh CODEX_HOME (the CLI user's auth.json). */
  codexHomeFiles?: string[];
  /** The working tree's own skills are data, not instructions (a pull request's head): Codex lists none. */
  ignoreCheckoutSkills?: boolean;
}

export interface CodexExecArgs {
  sandbox: Sandbox;
  outputSchemaPath: string;
  finalPath: string;
  model?: string;
  effort?: string;
  providerArgs?: string[];
  /** Further complete argv fragments, e.g. an MCP server. */
  extraConfigArgs?: string[];
  codexArgs?: string[];
}

/**
 * What every worker's Codex leaves out (checked in the source and behaviour of codex-cli 0.169.0):
 * - `features.plugins=false`: no curated plugin sync (`git ls-remote https://github.com/openai/plugins.git`
 *   and a clone into each worker's CODEX_HOME at every start) and no third-party plugin in a worker's tools;
 * - `skills.bundled.enabled=false`: no bundled skills (image generation, docs lookup, skill installer)
 *   copied into each CODEX_HOME and listed to the model under that worker's own path, which made
 *   every worker's first request differ from the others' a third of the way in, defeating the
 *   model API's prompt cache.
 * The user's own `codex-args` come later and may turn either back on.
 */
export const WORKER_CONFIG_ARGS = ['-c', 'features.plugins=false', '-c', 'skills.bundled.enabled=false'];

export function codexExecArgs(o: CodexExecArgs): string[] {
  return [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--sandbox',
    o.sandbox,
    '--output-schema',
    o.outputSchemaPath,
    '-o',
    o.finalPath,
    ...WORKER_CONFIG_ARGS,
    ...(o.model ? ['-m', o.model] : []),
    ...(o.effort ? ['-c', `model_reasoning_effort=${o.effort}`] : []),
    ...(o.providerArgs ?? []),
    ...(o.extraConfigArgs ?? []),
    ...(o.codexArgs ?? []),
    '-',
  ];
}

/** `-c` arguments that register the live memory server; codex refuses unapproved MCP calls in `exec`. */
export function codexMemoryArgs(server: McpServerRef): string[] {
  return ['-c', `mcp_servers.${server.name}={url=${JSON.stringify(server.url)},default_tools_approval_mode="approve"}`];
}

const TOOL_ITEMS = new Set(['command_execution', 'file_change', 'mcp_tool_call', 'web_search']);

/** codex's JSONL: usage from `turn.completed`, a tool use per finished command, edit, MCP call or search. */
export function codexStream(): EngineStream {
  const stream: EngineStream = {
    usage: emptyUsage(),
    toolUses: 0,
    onLine(line) {
      const parsed = parseCodexLine(line);
      if (!parsed.ok) return null;
      const event = parsed.event;
      if (event.type === 'turn.completed') {
        stream.usage.input += event.usage.input_tokens;
        stream.usage.cachedInput += event.usage.cached_input_tokens;
        stream.usage.output += event.usage.output_tokens;
        stream.usage.reasoningOutput += event.usage.reasoning_output_tokens;
      } else if (event.type === 'turn.failed') stream.lastError = event.error.message;
      else if (event.type === 'error') stream.lastError = event.message;
      else if (event.type === 'item.completed' && TOOL_ITEMS.has(event.item.type)) stream.toolUses++;
      const type = event.type === 'unknown' ? event.originalType : event.type;
      return { engine: 'codex', type, summary: describeEvent(event), raw: event };
    },
  };
  return stream;
}

export function codexEngine(options: CodexEngineOptions): WorkerEngine {
  return {
    name: 'codex',
    label: 'codex',
    async prepare(input) {
      const codexHome = path.join(input.home, 'codex-home');
      await fs.mkdir(codexHome, { recursive: true });
      for (const file of options.codexHomeFiles ?? []) await fs.copyFile(file, path.join(codexHome, path.basename(file)));
      const schemaPath = await writeOutputSchema(path.join(input.home, 'output-schema.json'), input.spec.role);
      const { spec } = input;
      return {
        file: options.codexPath,
        args: codexExecArgs({
          sandbox: spec.sandbox,
          outputSchemaPath: schemaPath,
          finalPath: input.finalPath,
          model: spec.model,
          effort: spec.effort,
          providerArgs: options.providerArgs,
          extraConfigArgs: [
            ...(input.memory ? codexMemoryArgs(input.memory) : []),
            ...(options.ignoreCheckoutSkills ? skillsOffArgs(await checkoutSkillFiles(input.cwd)) : []),
          ],
          codexArgs: options.codexArgs,
        }),
        env: { ...input.env, CODEX_HOME: codexHome },
        stdin: input.prompt,
        stream: codexStream(),
        marker: { name: 'CODEX_HOME', value: codexHome },
        async readAnswer() {
          const text = await fs.readFile(input.finalPath, 'utf8').catch(() => null);
          return text === null ? { answer: null, answerError: 'codex wrote no final answer' } : parseFinalAnswerText(text, spec.role);
        },
      };
    },
  };
}

/** How the CLI's workers reach their models: a key or endpoint for Codex (or `codex login`), Claude Code for Claude workers. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plan } from '../plan/types.js';
import type { ModelEndpoint } from '../swarm/types.js';
import { registerSecret } from '../util/redact.js';
import { claudeSetup, type ClaudeConfig } from '../workers/claudeSetup.js';
import { parseCodexArgs } from '../workers/codexArgs.js';
import { engineOf } from '../workers/engine.js';
import { normalizeResponsesEndpoint } from '../workers/modelProxy.js';
import { UsageError, type CliRun } from './args.js';
import type { CliIO } from './io.js';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** The action's `claude-max-turns` default. */
const CLAUDE_MAX_TURNS = 50;

export interface ModelAccess {
  codexArgs: string[];
  model?: ModelEndpoint;
  /** Files copied into each worker's CODEX_HOME: the user's `codex login` when there is no key. */
  codexHomeFiles: string[];
  claude: ClaudeConfig | null;
  usesCodex: boolean;
}

/** Throws UsageError (or a Claude setup error) when a worker could not reach its model. */
export async function resolveModelAccess(command: CliRun, io: CliIO, plan: Plan): Promise<ModelAccess> {
  const codexArgs = parseCodexArgs(command.codexArgs);
  const apiKey = io.env.OPENAI_API_KEY?.trim();
  if (apiKey) registerSecret(apiKey);
  const anthropicKey = io.env.ANTHROPIC_API_KEY?.trim() ?? '';
  if (anthropicKey) registerSecret(anthropicKey);
  const claude = await claudeSetup({
    specs: plan.workers,
    apiKey: anthropicKey,
    baseUrl: io.env.ANTHROPIC_BASE_URL?.trim() ?? '',
    model: command.claudeModel,
    version: command.claudeCodeVersion,
    maxTurns: CLAUDE_MAX_TURNS,
    ...(io.claudePath ? { claudePath: io.claudePath } : {}),
  });
  const usesCodex = plan.workers.some((w) => engineOf(w) === 'codex');
  if (!usesCodex) return { codexArgs, codexHomeFiles: [], claude, usesCodex };
  if (command.endpoint || apiKey) {
    const model = { baseUrl: command.endpoint ? normalizeResponsesEndpoint(command.endpoint) : OPENAI_BASE_URL, ...(apiKey ? { apiKey } : {}) };
    return { codexArgs, model, codexHomeFiles: [], claude, usesCodex };
  }
  const auth = path.join(io.env.CODEX_HOME || path.join(os.homedir(), '.codex'), 'auth.json');
  if (!existsSync(auth)) throw new UsageError('no model access: set OPENAI_API_KEY, sign in with `codex login`, or pass --endpoint <url>.');
  return { codexArgs, codexHomeFiles: [auth], claude, usesCodex };
}

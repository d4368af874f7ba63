/**
 * What Claude Code workers need before a run: the CLI (PATH, tool cache or an npm install) and the
 * Messages API endpoint with its key, which stays in the action's loopback proxy. Asked for only
 * when a worker of the plan runs on Claude.
 */
import { engineOf } from './engine.js';
import type { WorkerSpec } from '../plan/types.js';
import { resolveClaude } from './resolveClaude.js';
import type { ResolvedTool } from './resolveTool.js';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com/v1';

/** Claude Code workers: the CLI and the Messages API it reaches through the loopback proxy. */
export interface ClaudeConfig {
  claudePath: string;
  /** `baseUrl` is the Messages API base ending in `/v1` (e.g. https://api.anthropic.com/v1). */
  endpoint: { baseUrl: string; apiKey?: string };
  model?: string;
  maxTurns: number;
}

export interface ClaudeSetupOptions {
  specs: WorkerSpec[];
  apiKey: string;
  /** Empty for api.anthropic.com. */
  baseUrl: string;
  model: string;
  version: string;
  maxTurns: number;
  /** The CLI to use instead of resolving one (tests, the demo). */
  claudePath?: string;
  /** Told which CLI was found. */
  onResolved?: (tool: ResolvedTool) => void;
}

/** `https://gw.example/anthropic`, `…/v1` or `…/v1/messages` → the base ending in `/v1`. */
export function normalizeMessagesEndpoint(endpoint: string): string {
  const url = new URL(endpoint.trim());
  const p = url.pathname.replace(/\/+$/, '').replace(/\/messages$/, '');
  url.pathname = p.endsWith('/v1') ? p : `${p}/v1`;
  return url.toString().replace(/\/+(\?|$)/, '$1');
}

export class ClaudeSetupError extends Error {}

/** Why Claude Code workers of the plan could not reach a model, with the fix; null when they can (or there are none). */
export function claudeAccessProblem(specs: WorkerSpec[], access: { apiKey: string; baseUrl: string }): string | null {
  const claudeWorkers = specs.filter((s) => engineOf(s) === 'claude').map((s) => s.id);
  if (claudeWorkers.length === 0 || access.apiKey || access.baseUrl) return null;
  return `${claudeWorkers.join(', ')} run on Claude Code, but anthropic-api-key (ANTHROPIC_API_KEY for the CLI) is empty: pass \`anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}\`, set anthropic-base-url to a gateway that needs no key, or choose engine: codex.`;
}

/** Null when no worker runs on Claude; throws with the fix when one does and nothing reaches a model. */
export async function claudeSetup(o: ClaudeSetupOptions): Promise<ClaudeConfig | null> {
  if (!o.specs.some((s) => engineOf(s) === 'claude')) return null;
  const problem = claudeAccessProblem(o.specs, o);
  if (problem) throw new ClaudeSetupError(problem);
  let claudePath = o.claudePath;
  if (!claudePath) {
    const tool = await resolveClaude({ version: o.version });
    o.onResolved?.(tool);
    claudePath = tool.path;
  }
  return {
    claudePath,
    endpoint: { baseUrl: o.baseUrl ? normalizeMessagesEndpoint(o.baseUrl) : ANTHROPIC_BASE_URL, ...(o.apiKey ? { apiKey: o.apiKey } : {}) },
    ...(o.model ? { model: o.model } : {}),
    maxTurns: o.maxTurns,
  };
}

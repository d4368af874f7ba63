/** The Codex CLI to run: `codex` on PATH, the tool cache, or an npm install of `@openai/codex`. */
import { resolveTool, type ResolvedTool, type ResolveToolOptions } from './resolveTool.js';

export type ResolvedCodex = ResolvedTool;
export type ResolveCodexOptions = ResolveToolOptions;

const CODEX = {
  command: 'codex',
  npmPackage: '@openai/codex',
  fix: 'Set the codex-version input to a published @openai/codex version (e.g. 0.169.0), or put `codex` on PATH and leave codex-version empty.',
};

export function resolveCodex(options: ResolveCodexOptions): Promise<ResolvedCodex> {
  return resolveTool(CODEX, options);
}

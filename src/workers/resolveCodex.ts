/** The Codex CLI to run: `codex` on PATH, the cache, or an npm install of `@openai/codex` (the tested version unless asked). */
import { CODEX_VERSION } from '../version.js';
import { resolveTool, type ResolvedTool, type ResolveToolOptions } from './resolveTool.js';

export { codexSwarmCacheDir } from './resolveTool.js';
export type ResolvedCodex = ResolvedTool;
export type ResolveCodexOptions = ResolveToolOptions;

const CODEX = {
  pinned: CODEX_VERSION,
  label: 'The Codex CLI',
  command: 'codex',
  npmPackage: '@openai/codex',
  fix: 'Set the codex-version input to a published @openai/codex version (e.g. 0.169.0), or put `codex` on PATH and leave codex-version empty.',
};

export function resolveCodex(options: ResolveCodexOptions): Promise<ResolvedCodex> {
  return resolveTool(CODEX, options);
}

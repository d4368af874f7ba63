/** The Claude Code CLI to run: `claude` on PATH, the cache, or an npm install of `@anthropic-ai/claude-code`. */
import { CLAUDE_CODE_VERSION } from '../version.js';
import { resolveTool, type ResolvedTool, type ResolveToolOptions } from './resolveTool.js';

const CLAUDE = {
  pinned: CLAUDE_CODE_VERSION,
  label: 'Claude Code',
  command: 'claude',
  npmPackage: '@anthropic-ai/claude-code',
  fix: 'Set the claude-code-version input to a published @anthropic-ai/claude-code version (e.g. 2.1.332), or put `claude` on PATH and leave claude-code-version empty.',
};

export function resolveClaude(options: ResolveToolOptions): Promise<ResolvedTool> {
  return resolveTool(CLAUDE, options);
}

/** The Claude Code CLI to run: `claude` on PATH, the tool cache, or an npm install of `@anthropic-ai/claude-code`. */
import { resolveTool, type ResolvedTool, type ResolveToolOptions } from './resolveTool.js';

const CLAUDE = {
  // The version the action is tested with, installed when none is on PATH and none is asked for.
  pinned: '2.1.332',
  command: 'claude',
  npmPackage: '@anthropic-ai/claude-code',
  fix: 'Set the claude-code-version input to a published @anthropic-ai/claude-code version (e.g. 2.1.332), or put `claude` on PATH and leave claude-code-version empty.',
};

export function resolveClaude(options: ResolveToolOptions): Promise<ResolvedTool> {
  return resolveTool(CLAUDE, options);
}

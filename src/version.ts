import pkg from '../package.json' with { type: 'json' };

/** The release; a test keeps it equal to package.json's version. */
export const VERSION = '0.1.0';

/**
 * The Codex CLI version the project is tested with: the `@openai/codex` dev dependency, read from
 * package.json so it is pinned in one place. Used when no `codex` is on PATH.
 */
export const CODEX_VERSION: string = pkg.devDependencies['@openai/codex'];

/** The Claude Code CLI version the project is tested with, pinned the same way. */
export const CLAUDE_CODE_VERSION: string = pkg.devDependencies['@anthropic-ai/claude-code'];

/**
 * The `codex-args` input: extra `codex exec` arguments, split like a shell would split them
 * (quotes, backslashes) but never run through one. Arguments that would undo what the engine
 * relies on are refused with the reason, instead of silently changing every worker.
 */
import { parse } from 'shell-quote';
import { InputError } from '../util/inputError.js';

/** Flags the engine sets per worker: the sandbox per role, and where answers and events go. */
const ENGINE_FLAGS: Record<string, string> = {
  '--sandbox': 'each role gets its sandbox from the plan (reviewers read-only, writers workspace-write)',
  '-s': 'each role gets its sandbox from the plan (reviewers read-only, writers workspace-write)',
  '--dangerously-bypass-approvals-and-sandbox': 'workers always run sandboxed',
  '--yolo': 'workers always run sandboxed',
  '--full-auto': 'the sandbox is set per role',
  '--output-schema': 'the engine passes its own answer schema',
  '-o': 'the engine reads each worker’s answer from its own file',
  '--output-last-message': 'the engine reads each worker’s answer from its own file',
  '--json': 'the engine already asks for JSON events',
  '-C': 'each worker runs in its own workspace',
  '--cd': 'each worker runs in its own workspace',
};

export function parseCodexArgs(raw: string): string[] {
  const args: string[] = [];
  for (const token of parse(raw.trim(), (name) => `$${name}`)) {
    if (typeof token !== 'string') {
      const what = 'op' in token ? token.op : 'comment' in token ? `#${token.comment}` : JSON.stringify(token);
      throw new InputError(
        `input "codex-args": "${what}" is shell syntax; codex-args is a list of arguments, not a shell command. Quote it if it is meant literally.`,
      );
    }
    args.push(token);
  }
  for (const arg of args) {
    const flag = arg.split('=')[0];
    const why = ENGINE_FLAGS[flag];
    if (why) throw new InputError(`input "codex-args": ${flag} is set by codex-swarm itself (${why}); remove it.`);
  }
  return args;
}

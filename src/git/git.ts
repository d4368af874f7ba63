/** The one way the engine runs git: quiet about names (core.quotePath=false), secrets left out of its environment. */
import { execa } from 'execa';
import { toolEnv } from '../util/secretEnv.js';

/** Runs git in `cwd` (with `env` added to this process's, less its secrets); a failure throws with git's own message. */
export async function git(cwd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const r = await execa('git', ['-c', 'core.quotePath=false', ...args], { cwd, env: toolEnv(env), extendEnv: false, reject: false, stripFinalNewline: false });
  if (r.failed) {
    const why = (r.stderr || r.stdout || (r.shortMessage ?? '')).trim();
    throw new Error(`git ${subcommand(args)} failed: ${why}`);
  }
  return r.stdout;
}

/** What a message names the call by: the first argument that is neither an option nor the value of a `-c`. */
const subcommand = (args: string[]) => args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? args[0];

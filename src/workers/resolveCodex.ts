/**
 * Finds the Codex CLI to run. With no version asked for: `codex` on PATH, else the version the
 * project is tested with (CODEX_VERSION). An asked-for version (or "latest", the newest release)
 * comes from the cache, or is installed with npm once into the cache and reused from then on.
 * The cache has the tool cache's layout (`codex/<version>/<arch>` beside a `.complete` marker), so
 * on a runner it is the runner's tool cache; the CLI's is `~/.cache/codex-swarm`.
 */
import { accessSync, constants, existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { toolEnv } from '../util/secretEnv.js';
import { CODEX_VERSION } from '../version.js';

export interface ResolvedCodex {
  path: string;
  version: string;
  source: 'path' | 'cache' | 'installed';
}

export interface ResolveCodexOptions {
  /** `codex-version`: empty means `codex` on PATH, else CODEX_VERSION; "latest" the newest release. */
  version: string;
  /** Defaults to RUNNER_TOOL_CACHE, else the user's cache folder (`codexSwarmCacheDir`). */
  cacheDir?: string;
  /** Defaults to process.env.PATH. */
  searchPath?: string;
}

const FIX = 'Set the codex-version input to a published @openai/codex version (e.g. 0.169.0), or put `codex` on PATH and leave codex-version empty.';

/** `$XDG_CACHE_HOME/codex-swarm`, else `~/.cache/codex-swarm`. */
export function codexSwarmCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'codex-swarm');
}

export async function resolveCodex(options: ResolveCodexOptions): Promise<ResolvedCodex> {
  const asked = options.version.trim();
  if (!asked) {
    const onPath = findOnPath('codex', options.searchPath ?? process.env.PATH ?? '');
    if (onPath) return { path: onPath, version: await codexVersion(onPath), source: 'path' };
  }
  const version = asked === 'latest' ? await latestVersion() : asked || CODEX_VERSION;
  const cacheRoot = options.cacheDir ?? process.env.RUNNER_TOOL_CACHE ?? codexSwarmCacheDir();
  const dir = path.join(cacheRoot, 'codex', version, os.arch());
  if (existsSync(`${dir}.complete`)) {
    const bin = binIn(dir);
    return { path: bin, version: await codexVersion(bin), source: 'cache' };
  }
  return { path: binIn(await install(version, dir)), version, source: 'installed' };
}

/** Installs beside its final place, then renames, so a half-done install is never taken for a whole one. */
async function install(version: string, dir: string): Promise<string> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const partial = await fs.mkdtemp(`${dir}.partial-`);
  try {
    const spec = `@openai/codex@${version}`;
    const npm = await execa('npm', ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec], {
      env: toolEnv(),
      extendEnv: false,
      reject: false,
    });
    if (npm.failed) throw new Error(`Installing ${spec} with npm failed: ${tail(npm.stderr || (npm.shortMessage ?? ''))}. ${FIX}`);
    const installed = await codexVersion(binIn(partial));
    if (installed !== version) throw new Error(`npm installed codex ${installed} for ${spec}. ${FIX}`);
    await fs.rm(dir, { recursive: true, force: true });
    try {
      await fs.rename(partial, dir);
    } catch (err) {
      // Another run installed the same version at the same moment: use theirs.
      if (!existsSync(`${dir}.complete`)) throw err;
      return dir;
    }
    await fs.writeFile(`${dir}.complete`, '');
    return dir;
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
  }
}

/** The newest published version (asked only when "latest" is). */
async function latestVersion(): Promise<string> {
  const r = await execa('npm', ['view', '@openai/codex@latest', 'version', '--loglevel=error'], {
    env: toolEnv(),
    extendEnv: false,
    reject: false,
    timeout: 60_000,
  });
  const version = r.stdout?.trim();
  if (r.failed || !version || !/^\d+\.\d+\.\d+[\w.+-]*$/.test(version)) {
    throw new Error(`Could not look up the latest @openai/codex: ${tail(r.stderr || r.shortMessage || r.stdout || 'no answer')}. ${FIX}`);
  }
  return version;
}

function binIn(dir: string): string {
  return path.join(dir, 'node_modules', '.bin', 'codex');
}

function findOnPath(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs `codex --version`, which also proves the binary works on this machine. */
async function codexVersion(bin: string): Promise<string> {
  const r = await execa(bin, ['--version'], { env: toolEnv(), extendEnv: false, reject: false, timeout: 30_000 });
  const version = /\d+\.\d+\.\d+[\w.+-]*/.exec(r.stdout ?? '')?.[0];
  if (r.failed || !version) {
    throw new Error(`The Codex CLI at ${bin} does not run (\`codex --version\`: ${tail(r.stderr || r.shortMessage || r.stdout)}). ${FIX}`);
  }
  return version;
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').slice(-400);
}

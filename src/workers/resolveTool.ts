/**
 * Finds a worker CLI to run (Codex, Claude Code), one mechanism for every engine. With no version
 * asked for: the command on PATH, else the version the project is tested with (`pinned`). An
 * asked-for version (or "latest", the newest release) comes from the cache, or is installed with
 * npm once into the cache and reused from then on. The cache has the tool cache's layout
 * (`<command>/<version>/<arch>` beside a `.complete` marker), so on a runner it is the runner's
 * tool cache; the CLI's is `~/.cache/codex-swarm`.
 */
import { accessSync, constants, existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { toolEnv } from '../util/secretEnv.js';

export interface ToolPackage {
  /** The command (`codex`, `claude`), also its folder in the cache. */
  command: string;
  /** What messages call it (`The Codex CLI`). */
  label: string;
  /** The npm package that brings it. */
  npmPackage: string;
  /** Said after an error: how to fix it. */
  fix: string;
  /** The version the project is tested with: installed when none is on PATH and none is asked for. */
  pinned: string;
}

export interface ResolvedTool {
  path: string;
  version: string;
  source: 'path' | 'cache' | 'installed';
}

export interface ResolveToolOptions {
  /** Empty means the command on PATH, else `pinned`; "latest" the newest release; else that version. */
  version: string;
  /** Defaults to RUNNER_TOOL_CACHE, else the user's cache folder (`codexSwarmCacheDir`). */
  cacheDir?: string;
  /** Defaults to process.env.PATH. */
  searchPath?: string;
}

/** `$XDG_CACHE_HOME/codex-swarm`, else `~/.cache/codex-swarm`. */
export function codexSwarmCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'codex-swarm');
}

export async function resolveTool(tool: ToolPackage, options: ResolveToolOptions): Promise<ResolvedTool> {
  const asked = options.version.trim();
  if (!asked) {
    const onPath = findOnPath(tool.command, options.searchPath ?? process.env.PATH ?? '');
    if (onPath) return { path: onPath, version: await toolVersion(tool, onPath), source: 'path' };
  }
  const version = asked === 'latest' ? await latestVersion(tool) : asked || tool.pinned;
  const cacheRoot = options.cacheDir ?? process.env.RUNNER_TOOL_CACHE ?? codexSwarmCacheDir();
  const dir = path.join(cacheRoot, tool.command, version, os.arch());
  if (existsSync(`${dir}.complete`)) {
    const bin = binIn(dir, tool);
    return { path: bin, version: await toolVersion(tool, bin), source: 'cache' };
  }
  return { path: binIn(await install(tool, version, dir), tool), version, source: 'installed' };
}

/** Installs beside its final place, then renames, so a half-done install is never taken for a whole one. */
async function install(tool: ToolPackage, version: string, dir: string): Promise<string> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const partial = await fs.mkdtemp(`${dir}.partial-`);
  try {
    const spec = `${tool.npmPackage}@${version}`;
    const npm = await execa('npm', ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec], {
      env: toolEnv(),
      extendEnv: false,
      reject: false,
    });
    if (npm.failed) throw new Error(`Installing ${spec} with npm failed: ${tail(npm.stderr || (npm.shortMessage ?? ''))}. ${tool.fix}`);
    const installed = await toolVersion(tool, binIn(partial, tool));
    if (installed !== version) throw new Error(`npm installed ${tool.command} ${installed} for ${spec}. ${tool.fix}`);
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
async function latestVersion(tool: ToolPackage): Promise<string> {
  const r = await execa('npm', ['view', `${tool.npmPackage}@latest`, 'version', '--loglevel=error'], {
    env: toolEnv(),
    extendEnv: false,
    reject: false,
    timeout: 60_000,
  });
  const version = r.stdout?.trim();
  if (r.failed || !version || !/^\d+\.\d+\.\d+[\w.+-]*$/.test(version)) {
    throw new Error(`Could not look up the latest ${tool.npmPackage}: ${tail(r.stderr || r.shortMessage || r.stdout || 'no answer')}. ${tool.fix}`);
  }
  return version;
}

function binIn(dir: string, tool: ToolPackage): string {
  return path.join(dir, 'node_modules', '.bin', tool.command);
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

/** Runs `<command> --version`, which also proves the binary works on this machine. */
async function toolVersion(tool: ToolPackage, bin: string): Promise<string> {
  const r = await execa(bin, ['--version'], { env: toolEnv(), extendEnv: false, reject: false, timeout: 30_000 });
  const version = /\d+\.\d+\.\d+[\w.+-]*/.exec(r.stdout ?? '')?.[0];
  if (r.failed || !version) {
    throw new Error(`${tool.label} at ${bin} does not run (\`${tool.command} --version\`: ${tail(r.stderr || r.shortMessage || r.stdout)}). ${tool.fix}`);
  }
  return version;
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').slice(-400);
}

/**
 * Finds a worker CLI to run (Codex, Claude Code): the command on PATH when no version is asked
 * for, else the runner's tool cache, else an npm install of `<package>@<version>` that is then
 * cached — one mechanism for every engine.
 */
import { accessSync, constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tc from '@actions/tool-cache';
import { execa } from 'execa';
import { toolEnv } from '../util/secretEnv.js';

export interface ToolPackage {
  /** The command (`codex`, `claude`), also its name in the tool cache. */
  command: string;
  /** The npm package that brings it. */
  npmPackage: string;
  /** Said after an error: how to fix it. */
  fix: string;
  /** Installed when none is on PATH and no version is asked for; else the newest release. */
  pinned?: string;
}

export interface ResolvedTool {
  path: string;
  version: string;
  source: 'path' | 'tool-cache' | 'installed';
}

export interface ResolveToolOptions {
  /** Empty (or "latest") means whatever is on PATH, else the newest release. */
  version: string;
  /** Defaults to RUNNER_TOOL_CACHE, else a folder in the user's cache. */
  toolCacheDir?: string;
  /** Defaults to process.env.PATH. */
  searchPath?: string;
}

export async function resolveTool(tool: ToolPackage, options: ResolveToolOptions): Promise<ResolvedTool> {
  const wanted = options.version.trim() === 'latest' ? '' : options.version.trim();
  if (!wanted) {
    const onPath = findOnPath(tool.command, options.searchPath ?? process.env.PATH ?? '');
    if (onPath) return { path: onPath, version: await toolVersion(tool, onPath), source: 'path' };
  }
  const cacheRoot = options.toolCacheDir ?? process.env.RUNNER_TOOL_CACHE ?? path.join(os.homedir(), '.cache', 'codex-swarm', 'tool-cache');
  const install = wanted || tool.pinned || '';
  if (install) {
    const cached = withToolCache(cacheRoot, () => tc.find(tool.command, install));
    if (cached) {
      const bin = binIn(cached, tool);
      return { path: bin, version: await toolVersion(tool, bin), source: 'tool-cache' };
    }
  }
  const installDir = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), `${tool.command}-install-`));
  try {
    const spec = `${tool.npmPackage}@${install || 'latest'}`;
    const npm = await execa('npm', ['install', '--prefix', installDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec], {
      env: toolEnv(),
      extendEnv: false,
      reject: false,
    });
    if (npm.failed) throw new Error(`Installing ${spec} with npm failed: ${tail(npm.stderr || (npm.shortMessage ?? ''))}. ${tool.fix}`);
    const version = await toolVersion(tool, binIn(installDir, tool));
    const cached = await withToolCache(cacheRoot, () => tc.cacheDir(installDir, tool.command, version));
    return { path: binIn(cached, tool), version, source: 'installed' };
  } finally {
    await fs.rm(installDir, { recursive: true, force: true });
  }
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
    throw new Error(
      `The ${tool.command} CLI at ${bin} does not run (\`${tool.command} --version\`: ${tail(r.stderr || r.shortMessage || r.stdout)}). ${tool.fix}`,
    );
  }
  return version;
}

/** @actions/tool-cache reads its folder from RUNNER_TOOL_CACHE only. */
function withToolCache<T>(dir: string, fn: () => T): T {
  const before = process.env.RUNNER_TOOL_CACHE;
  process.env.RUNNER_TOOL_CACHE = dir;
  const restore = () => {
    if (before === undefined) delete process.env.RUNNER_TOOL_CACHE;
    else process.env.RUNNER_TOOL_CACHE = before;
  };
  try {
    const out = fn();
    if (out instanceof Promise) return out.finally(restore) as T;
    restore();
    return out;
  } catch (err) {
    restore();
    throw err;
  }
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').slice(-400);
}

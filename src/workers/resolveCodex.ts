/**
 * Finds the Codex CLI to run: `codex` on PATH when no version is asked for, else the runner's
 * tool cache, else an npm install of `@openai/codex@<version>` that is then cached.
 */
import { accessSync, constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tc from '@actions/tool-cache';
import { execa } from 'execa';
import { toolEnv } from '../util/secretEnv.js';

export interface ResolvedCodex {
  path: string;
  version: string;
  source: 'path' | 'tool-cache' | 'installed';
}

export interface ResolveCodexOptions {
  /** `codex-version`: empty (or "latest") means whatever is on PATH, else the newest release. */
  version: string;
  /** Defaults to RUNNER_TOOL_CACHE, else a folder in the user's cache. */
  toolCacheDir?: string;
  /** Defaults to process.env.PATH. */
  searchPath?: string;
}

const FIX = 'Set the codex-version input to a published @openai/codex version (e.g. 0.169.0), or put `codex` on PATH and leave codex-version empty.';

export async function resolveCodex(options: ResolveCodexOptions): Promise<ResolvedCodex> {
  const wanted = options.version.trim() === 'latest' ? '' : options.version.trim();
  if (!wanted) {
    const onPath = findOnPath('codex', options.searchPath ?? process.env.PATH ?? '');
    if (onPath) return { path: onPath, version: await codexVersion(onPath), source: 'path' };
  }
  const cacheRoot = options.toolCacheDir ?? process.env.RUNNER_TOOL_CACHE ?? path.join(os.homedir(), '.cache', 'codex-swarm', 'tool-cache');
  if (wanted) {
    const cached = withToolCache(cacheRoot, () => tc.find('codex', wanted));
    if (cached) {
      const bin = binIn(cached);
      return { path: bin, version: await codexVersion(bin), source: 'tool-cache' };
    }
  }
  const installDir = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'codex-install-'));
  try {
    const spec = `@openai/codex@${wanted || 'latest'}`;
    const npm = await execa('npm', ['install', '--prefix', installDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec], {
      env: toolEnv(),
      extendEnv: false,
      reject: false,
    });
    if (npm.failed) throw new Error(`Installing ${spec} with npm failed: ${tail(npm.stderr || (npm.shortMessage ?? ''))}. ${FIX}`);
    const version = await codexVersion(binIn(installDir));
    const cached = await withToolCache(cacheRoot, () => tc.cacheDir(installDir, 'codex', version));
    return { path: binIn(cached), version, source: 'installed' };
  } finally {
    await fs.rm(installDir, { recursive: true, force: true });
  }
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

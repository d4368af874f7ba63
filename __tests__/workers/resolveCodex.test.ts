import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveClaude } from '../../src/workers/resolveClaude.js';
import { resolveCodex } from '../../src/workers/resolveCodex.js';
import { tempDir } from './gitRepo.js';

async function fakeCodexAt(file: string, script: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

/** What tc.cacheDir leaves behind: <root>/codex/<version>/<arch>/ plus a `.complete` marker. */
async function seedToolCache(root: string, version: string, script: string): Promise<string> {
  const dir = path.join(root, 'codex', version, os.arch());
  await fakeCodexAt(path.join(dir, 'node_modules', '.bin', 'codex'), script);
  await fs.writeFile(`${dir}.complete`, '');
  return path.join(dir, 'node_modules', '.bin', 'codex');
}

describe('resolveCodex', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('resolve');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('uses codex from PATH when no version is asked for', async () => {
    const bin = await fakeCodexAt(path.join(dir, 'bin', 'codex'), 'echo "codex-cli 7.8.9"');
    const searchPath = [path.join(dir, 'empty'), path.join(dir, 'bin')].join(path.delimiter);
    for (const version of ['', 'latest']) {
      expect(await resolveCodex({ version, searchPath, toolCacheDir: path.join(dir, 'tc') })).toEqual({ path: bin, version: '7.8.9', source: 'path' });
    }
  });

  it('takes an asked-for version from the tool cache, not from PATH', async () => {
    await fakeCodexAt(path.join(dir, 'bin', 'codex'), 'echo "codex-cli 7.8.9"');
    const cached = await seedToolCache(path.join(dir, 'tc'), '0.169.0', 'echo "codex-cli 0.169.0"');
    const before = process.env.RUNNER_TOOL_CACHE;
    const r = await resolveCodex({ version: '0.169.0', searchPath: path.join(dir, 'bin'), toolCacheDir: path.join(dir, 'tc') });
    expect(r).toEqual({ path: cached, version: '0.169.0', source: 'tool-cache' });
    expect(process.env.RUNNER_TOOL_CACHE).toBe(before);
  });

  it('says what failed and how to fix it when the codex found does not run', async () => {
    await seedToolCache(path.join(dir, 'tc'), '0.169.0', 'echo "cannot execute binary file" >&2; exit 126');
    await expect(resolveCodex({ version: '0.169.0', toolCacheDir: path.join(dir, 'tc') })).rejects.toThrow(
      /does not run .*cannot execute binary file.*Set the codex-version input/,
    );
  });
});

describe('resolveClaude', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('resolve-claude');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('uses claude from PATH, else the pinned version from the tool cache (same mechanism as codex)', async () => {
    const bin = await fakeCodexAt(path.join(dir, 'bin', 'claude'), 'echo "9.9.9 (Claude Code)"');
    expect(await resolveClaude({ version: '', searchPath: path.join(dir, 'bin'), toolCacheDir: path.join(dir, 'tc') })).toEqual({
      path: bin,
      version: '9.9.9',
      source: 'path',
    });
    const cachedDir = path.join(dir, 'tc', 'claude', '2.1.332', os.arch());
    const cached = await fakeCodexAt(path.join(cachedDir, 'node_modules', '.bin', 'claude'), 'echo "2.1.332 (Claude Code)"');
    await fs.writeFile(`${cachedDir}.complete`, '');
    expect(await resolveClaude({ version: '', searchPath: path.join(dir, 'empty'), toolCacheDir: path.join(dir, 'tc') })).toEqual({
      path: cached,
      version: '2.1.332',
      source: 'tool-cache',
    });
  });
});

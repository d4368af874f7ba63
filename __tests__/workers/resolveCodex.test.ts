import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveClaude } from '../../src/workers/resolveClaude.js';
import { codexSwarmCacheDir, resolveCodex } from '../../src/workers/resolveCodex.js';
import { CODEX_VERSION } from '../../src/version.js';
import { tempDir } from './gitRepo.js';

async function fakeCodexAt(file: string, script: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

/** An installed version in the cache: <root>/codex/<version>/<arch>/ plus a `.complete` marker. */
async function seedCache(root: string, version: string, script: string): Promise<string> {
  const dir = path.join(root, 'codex', version, os.arch());
  await fakeCodexAt(path.join(dir, 'node_modules', '.bin', 'codex'), script);
  await fs.writeFile(`${dir}.complete`, '');
  return path.join(dir, 'node_modules', '.bin', 'codex');
}

/**
 * A stand-in `npm` first on PATH: `npm install --prefix <dir> … @openai/codex@<v>` puts a codex
 * printing <v> into <dir>, and each call is counted in <log>; `npm view` answers 9.9.9.
 */
async function fakeNpm(dir: string): Promise<{ log: string; restore: () => void }> {
  const log = path.join(dir, 'npm-calls.log');
  await fakeCodexAt(
    path.join(dir, 'npm-bin', 'npm'),
    [
      `echo "$*" >> '${log}'`,
      'if [ "$1" = view ]; then echo 9.9.9; exit 0; fi',
      'prefix=$3; for a in "$@"; do spec=$a; done; v=${spec##*@}',
      'mkdir -p "$prefix/node_modules/.bin"',
      `printf '#!/bin/sh\\necho "codex-cli %s"\\n' "$v" > "$prefix/node_modules/.bin/codex"`,
      'chmod +x "$prefix/node_modules/.bin/codex"',
    ].join('\n'),
  );
  const before = process.env.PATH;
  process.env.PATH = `${path.join(dir, 'npm-bin')}${path.delimiter}${before}`;
  return { log, restore: () => void (process.env.PATH = before) };
}

describe('resolveCodex', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('resolve');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('pins the version the project is tested with: the @openai/codex dev dependency', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
    expect(CODEX_VERSION).toBe(pkg.devDependencies['@openai/codex']);
  });

  it('uses codex from PATH when no version is asked for', async () => {
    const bin = await fakeCodexAt(path.join(dir, 'bin', 'codex'), 'echo "codex-cli 7.8.9"');
    const searchPath = [path.join(dir, 'empty'), path.join(dir, 'bin')].join(path.delimiter);
    expect(await resolveCodex({ version: '', searchPath, cacheDir: path.join(dir, 'tc') })).toEqual({ path: bin, version: '7.8.9', source: 'path' });
  });

  it('takes an asked-for version from the cache, not from PATH', async () => {
    await fakeCodexAt(path.join(dir, 'bin', 'codex'), 'echo "codex-cli 7.8.9"');
    const cached = await seedCache(path.join(dir, 'tc'), '0.169.0', 'echo "codex-cli 0.169.0"');
    const r = await resolveCodex({ version: '0.169.0', searchPath: path.join(dir, 'bin'), cacheDir: path.join(dir, 'tc') });
    expect(r).toEqual({ path: cached, version: '0.169.0', source: 'cache' });
  });

  it('without codex on PATH installs the pinned version once into the cache, then reuses it', async () => {
    const npm = await fakeNpm(dir);
    try {
      const options = { version: '', searchPath: path.join(dir, 'empty'), cacheDir: path.join(dir, 'cache') };
      const first = await resolveCodex(options);
      const second = await resolveCodex(options);
      const expected = path.join(dir, 'cache', 'codex', CODEX_VERSION, os.arch(), 'node_modules', '.bin', 'codex');
      expect(first).toEqual({ path: expected, version: CODEX_VERSION, source: 'installed' });
      expect(second).toEqual({ path: expected, version: CODEX_VERSION, source: 'cache' });
      const calls = (await fs.readFile(npm.log, 'utf8')).trim().split('\n');
      expect(calls).toEqual([expect.stringMatching(new RegExp(`^install .*@openai/codex@${CODEX_VERSION.replace(/\./g, '\\.')}$`))]);
      // Nothing half-installed is left beside it.
      expect((await fs.readdir(path.join(dir, 'cache', 'codex', CODEX_VERSION))).sort()).toEqual([os.arch(), `${os.arch()}.complete`]);
    } finally {
      npm.restore();
    }
  });

  it('"latest" opts in to the newest release, even with codex on PATH', async () => {
    await fakeCodexAt(path.join(dir, 'bin', 'codex'), 'echo "codex-cli 7.8.9"');
    const npm = await fakeNpm(dir);
    try {
      const r = await resolveCodex({ version: 'latest', searchPath: path.join(dir, 'bin'), cacheDir: path.join(dir, 'cache') });
      expect(r).toMatchObject({ version: '9.9.9', source: 'installed' });
    } finally {
      npm.restore();
    }
  });

  it('says what failed and how to fix it when the codex found does not run', async () => {
    await seedCache(path.join(dir, 'tc'), '0.169.0', 'echo "cannot execute binary file" >&2; exit 126');
    await expect(resolveCodex({ version: '0.169.0', cacheDir: path.join(dir, 'tc') })).rejects.toThrow(
      /does not run .*cannot execute binary file.*Set the codex-version input/,
    );
  });

  it("keeps the CLI's cache in XDG_CACHE_HOME when it is set, else ~/.cache", () => {
    expect(codexSwarmCacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/codex-swarm');
    expect(codexSwarmCacheDir({ XDG_CACHE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.cache', 'codex-swarm'));
    expect(codexSwarmCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'codex-swarm'));
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
    expect(await resolveClaude({ version: '', searchPath: path.join(dir, 'bin'), cacheDir: path.join(dir, 'tc') })).toEqual({
      path: bin,
      version: '9.9.9',
      source: 'path',
    });
    const cachedDir = path.join(dir, 'tc', 'claude', '2.1.332', os.arch());
    const cached = await fakeCodexAt(path.join(cachedDir, 'node_modules', '.bin', 'claude'), 'echo "2.1.332 (Claude Code)"');
    await fs.writeFile(`${cachedDir}.complete`, '');
    expect(await resolveClaude({ version: '', searchPath: path.join(dir, 'empty'), cacheDir: path.join(dir, 'tc') })).toEqual({
      path: cached,
      version: '2.1.332',
      source: 'cache',
    });
  });
});

/** Temporary git repositories for the workers' tests. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export async function tempDir(prefix: string): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `codex-swarm-${prefix}-`)));
}

/**
 * Temp folders of one test file, removed together:
 * `const temp = tempDirs(); afterEach(temp.removeAll); … await temp.make('run')`.
 */
export function tempDirs(): { make: (prefix: string) => Promise<string>; track: (dir: string) => string; removeAll: () => Promise<void> } {
  const made: string[] = [];
  const track = (dir: string) => (made.push(dir), dir);
  return {
    make: async (prefix) => track(await tempDir(prefix)),
    track,
    removeAll: async () => void (await Promise.all(made.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })))),
  };
}

export async function sh(cwd: string, cmd: string, args: string[]): Promise<string> {
  return (await execa(cmd, args, { cwd })).stdout;
}

/** A repository with one commit holding `files`. */
export async function makeRepo(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await tempDir('repo');
  await sh(dir, 'git', ['init', '-q', '-b', 'main']);
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  await sh(dir, 'git', ['add', '-A']);
  await sh(dir, 'git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'init']);
  return dir;
}

export const status = (dir: string) => sh(dir, 'git', ['status', '--porcelain']);
export const head = (dir: string) => sh(dir, 'git', ['rev-parse', 'HEAD']);
export const worktrees = async (dir: string) =>
  (await sh(dir, 'git', ['worktree', 'list', '--porcelain'])).split('\n').filter((l) => l.startsWith('worktree ')).length;

/** A push to a pull request of the test world: a commit on the checkout, and the PR as GitHub then shows it (head SHA, each file's real patch). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GitHubServer } from '../fixtures/githubServer.js';
import { head, sh } from '../workers/gitRepo.js';

export async function pushToPull(
  o: { gh: GitHubServer; workspace: string; baseSha: string; pr: number },
  files: Record<string, string>,
  message = 'push',
): Promise<string> {
  const { gh, workspace, baseSha } = o;
  for (const [f, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(workspace, f)), { recursive: true });
    await fs.writeFile(path.join(workspace, f), text);
  }
  await sh(workspace, 'git', ['add', '-A']);
  await sh(workspace, 'git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', message]);
  const sha = (await head(workspace)).trim();
  const names = (await sh(workspace, 'git', ['diff', '--name-only', baseSha, sha])).split('\n').filter(Boolean);
  const pull = gh.state.pulls.find((p) => p.number === o.pr)!;
  pull.head.sha = sha;
  pull.files = [];
  for (const name of names) {
    const diff = await sh(workspace, 'git', ['diff', '--unified=3', baseSha, sha, '--', name]);
    const patch = diff.slice(diff.indexOf('@@'));
    const lines = patch.split('\n');
    const added = diff.includes('\nnew file mode');
    pull.files.push({
      path: name,
      status: added ? 'added' : 'modified',
      additions: lines.filter((l) => l.startsWith('+')).length,
      deletions: lines.filter((l) => l.startsWith('-')).length,
      patch,
    });
  }
  return sha;
}

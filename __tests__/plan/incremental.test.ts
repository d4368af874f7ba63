import { promises as fs } from 'node:fs';
import path from 'node:path';
import { selectReviewScope } from '../../src/plan/incremental.js';
import { head, makeRepo, sh } from '../workers/gitRepo.js';

let repo: string;
const commit = async (files: Record<string, string>, message: string) => {
  for (const [f, text] of Object.entries(files)) await fs.writeFile(path.join(repo, f), text);
  await sh(repo, 'git', ['add', '-A']);
  await sh(repo, 'git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', message]);
  return (await head(repo)).trim();
};

beforeAll(async () => {
  repo = await makeRepo({ 'a.js': 'a\n', 'b.js': 'b\n', 'c.js': 'c\n' });
});
afterAll(() => fs.rm(repo, { recursive: true, force: true }));

test('a new push: the files changed since the last reviewed head, plus those with open findings', async () => {
  const first = (await head(repo)).trim();
  const second = await commit({ 'a.js': 'a2\n' }, 'two');
  const scope = await selectReviewScope({
    repoDir: repo,
    lastSha: first,
    headSha: second,
    prFiles: ['a.js', 'b.js', 'c.js'],
    openFindingFiles: ['c.js', 'gone.js'],
  });
  expect(scope).toEqual({
    mode: 'incremental',
    files: ['a.js', 'c.js'],
    description: `incremental: 1 file changed since ${first.slice(0, 7)}, 1 more with open findings`,
  });
});

test('no earlier review, an unknown SHA, or rewritten history: the whole PR, saying which', async () => {
  const now = (await head(repo)).trim();
  const base = { repoDir: repo, headSha: now, prFiles: ['a.js'], openFindingFiles: [] };
  expect(await selectReviewScope({ ...base, lastSha: null })).toEqual({ mode: 'full', description: 'full review: no earlier review on record' });
  expect(await selectReviewScope({ ...base, lastSha: 'f'.repeat(40) })).toEqual({
    mode: 'full',
    description: 'full review: the last reviewed commit fffffff is not in the checkout',
  });
  // A force-push: the old head is still in the object store but no longer an ancestor.
  await sh(repo, 'git', ['reset', '-q', '--hard', 'HEAD~1']);
  const rewritten = await commit({ 'b.js': 'b2\n' }, 'rewritten');
  expect(await selectReviewScope({ ...base, headSha: rewritten, lastSha: now })).toEqual({ mode: 'full', description: 'full review: history was rewritten' });
});

/**
 * Which of a pull request's files a review on a new push looks at: those changed between the
 * last reviewed head and the new one, plus those with findings still open. When the last head is
 * unknown, not in the checkout (a shallow fetch), or not an ancestor of the new head (history was
 * rewritten), the whole PR is reviewed, and the scope says which happened.
 */
import { git } from '../git/git.js';

export type ReviewScope = { mode: 'incremental'; files: string[]; description: string } | { mode: 'full'; description: string };

export interface IncrementalOptions {
  repoDir: string;
  /** The head the last run reviewed, from the sticky comment's state block. */
  lastSha: string | null;
  headSha: string;
  /** The PR's files (head paths). */
  prFiles: string[];
  /** Files with open findings from the last run. */
  openFindingFiles: string[];
}

const SHA = /^[0-9a-f]{7,64}$/i;

export async function selectReviewScope({ repoDir, lastSha, headSha, prFiles, openFindingFiles }: IncrementalOptions): Promise<ReviewScope> {
  if (!lastSha || !SHA.test(lastSha)) return { mode: 'full', description: 'full review: no earlier review on record' };
  const short = lastSha.slice(0, 7);
  if (lastSha === headSha) return { mode: 'full', description: `full review: ${short} was reviewed before and is still the head` };
  const known = await git(repoDir, ['cat-file', '-e', `${lastSha}^{commit}`]).then(
    () => true,
    () => false,
  );
  if (!known) return { mode: 'full', description: `full review: the last reviewed commit ${short} is not in the checkout` };
  const ancestor = await git(repoDir, ['merge-base', '--is-ancestor', lastSha, headSha]).then(
    () => true,
    () => false,
  );
  if (!ancestor) return { mode: 'full', description: 'full review: history was rewritten' };
  const changed = new Set((await git(repoDir, ['diff', '--name-only', '--no-renames', '-z', lastSha, headSha, '--'])).split('\0').filter(Boolean));
  const open = new Set(openFindingFiles);
  const files = prFiles.filter((f) => changed.has(f) || open.has(f));
  if (files.length === 0) return { mode: 'full', description: `full review: none of the PR's files changed since ${short}` };
  const count = prFiles.filter((f) => changed.has(f)).length;
  const reopened = files.length - count;
  return {
    mode: 'incremental',
    files,
    description: `incremental: ${count} file${count === 1 ? '' : 's'} changed since ${short}${reopened ? `, ${reopened} more with open findings` : ''}`,
  };
}

/**
 * The feedback e2e tests' world: a scripted reviewer that reports the same two findings in
 * src/db.js on every run (a doubtful one a maintainer will dismiss, and a real one), and a pull
 * request of its own checkout for each test PR.
 */
import type { GitHubServer } from '../fixtures/githubServer.js';
import type { ScriptStep } from '../fixtures/scriptedModel.js';
import { head, makeRepo } from '../workers/gitRepo.js';
import { pushToPull } from './pullRequestPush.js';

export const DOUBTFUL = 'SQL built from request input';
export const REAL = 'Missing await on query';

/** src/db.js with the doubtful line reading `table` (its text is part of the finding's fingerprint; the finding's title and path are not). */
export const dbFile = (table: string) =>
  `export async function find(db, id) {\n  const q = \`SELECT * FROM ${table} WHERE id = \${id}\`;\n  return db.query(q);\n}\n`;

/** What the model says on every run: the doubtful finding on line 2 (high), the real one on line 3 (medium). */
export function reviewer(): ScriptStep {
  const findings = [
    { severity: 'high', file: 'src/db.js', line: 2, title: DOUBTFUL, detail: 'id is interpolated into the SQL' },
    { severity: 'medium', file: 'src/db.js', line: 3, title: REAL, detail: 'the query returns a promise' },
  ];
  return {
    message: { status: 'complete', summary: 'reviewed', findings, pattern: { approach: 'trace request input into queries', context: 'js data access' } },
  };
}

/** PR `pr` on a checkout of its own (the base holds a README; `dirs` gets the folder to remove), and how to push to it. */
export async function openPull(gh: GitHubServer, pr: number, dirs: string[]) {
  const workspace = await makeRepo({ 'README.md': '# hello\n' });
  dirs.push(workspace);
  const baseSha = (await head(workspace)).trim();
  gh.state.pulls.find((p) => p.number === pr)!.base.sha = baseSha;
  return { workspace, push: (files: Record<string, string>) => pushToPull({ gh, workspace, baseSha, pr }, files) };
}

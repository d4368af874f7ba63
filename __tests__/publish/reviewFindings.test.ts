import { promises as fs } from 'node:fs';
import path from 'node:path';
import { dedupeFindings, diffRanges, placeFindings, type WorkerFinding } from '../../src/publish/review/placeFindings.js';
import { tempDir } from '../workers/gitRepo.js';

const f = (over: Partial<WorkerFinding>): WorkerFinding => ({
  severity: 'medium',
  file: 'src/a.js',
  line: 3,
  title: 'SQL injection',
  detail: '',
  workerId: 'reviewer-1',
  ...over,
});

test('the same issue from several workers is one finding naming them all, at the highest severity', () => {
  const merged = dedupeFindings([
    f({ workerId: 'reviewer-1', severity: 'medium' }),
    f({ workerId: 'reviewer-2', line: 5, title: 'SQL injection!', severity: 'high', detail: 'why' }),
    f({ workerId: 'reviewer-3', line: 6 }),
    f({ workerId: 'reviewer-2', title: 'XSS' }),
    f({ workerId: 'reviewer-3', file: 'src/b.js' }),
    // One worker's two findings stay two.
    f({ workerId: 'reviewer-1', line: 2 }),
  ]);
  expect(merged).toHaveLength(5);
  expect(merged[0]).toMatchObject({ workers: ['reviewer-1', 'reviewer-2'], severity: 'high', detail: 'why', line: 3 });
  expect(merged[1]).toMatchObject({ line: 6, workers: ['reviewer-3'] });
});

describe('placement', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await tempDir('place');
    await fs.mkdir(path.join(repo, 'src'));
    await fs.writeFile(path.join(repo, 'src/a.js'), 'one\ntwo\nthree\nfour\n');
    await fs.writeFile(path.join(repo, 'src/old.js'), 'old\n');
    await fs.symlink('/etc/hostname', path.join(repo, 'src/link.js'));
  });
  afterAll(() => fs.rm(repo, { recursive: true, force: true }));

  test('on the diff → inline; elsewhere → sticky; missing file, past the end or outside the repository → unplaced', async () => {
    const diff = diffRanges([{ path: 'src/a.js', patch: '@@ -1,2 +1,3 @@\n one\n+two\n three' }]);
    const placed = await placeFindings({
      repoDir: repo,
      diff,
      findings: [
        f({ line: 2 }),
        f({ line: 4, title: 'late' }),
        f({ file: 'src/old.js', line: 1 }),
        f({ file: 'src/missing.js', line: 1 }),
        f({ line: 9, title: 'past' }),
        f({ file: '../outside.js', line: 1 }),
        f({ file: 'src/link.js', line: 1 }),
        f({ file: '', line: null, title: 'general' }),
      ],
    });
    expect(placed.map((p) => p.placement)).toEqual(['inline', 'sticky', 'sticky', 'unplaced', 'unplaced', 'unplaced', 'unplaced', 'sticky']);
    expect(placed[3].reason).toBe('the file is not in the checkout');
    expect(placed[4].reason).toBe('line 9 is past the end of the file (4 lines)');
    expect(new Set(placed.map((p) => p.fingerprint)).size).toBe(placed.length);
  });
});

/**
 * A repository no one here wrote: ajv's published package (several hundred files) committed into a
 * temporary git repository. Every tracked file must be named in exactly one worker's prompt, and
 * the plan's lists must be what the prompts say.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildPlan, describePlanFiles } from '../../src/plan/buildPlan.js';
import { listRepositoryFiles } from '../../src/plan/files.js';
import type { Plan } from '../../src/plan/types.js';
import { unquotePath } from '../../src/util/quotePath.js';
import { sh, tempDir } from '../workers/gitRepo.js';

let repo: string;
let tracked: string[];

beforeAll(async () => {
  repo = await tempDir('ajv');
  await fs.cp(path.resolve('node_modules/ajv'), repo, { recursive: true, dereference: true });
  await sh(repo, 'git', ['init', '-q', '-b', 'main']);
  await sh(repo, 'git', ['add', '-A']);
  await sh(repo, 'git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'ajv']);
  tracked = (await sh(repo, 'git', ['ls-files', '-z'])).split('\0').filter(Boolean);
}, 60_000);

afterAll(() => fs.rm(repo, { recursive: true, force: true }));

/** The names a prompt's "Your files" list holds, read back as a worker would. */
function namedIn(prompt: string): string[] {
  const section = prompt.slice(prompt.indexOf('## Your files'));
  const open = /^(`{3,})text$/m.exec(section)!;
  const body = section.slice(open.index + open[0].length + 1);
  return body
    .slice(0, body.indexOf(`\n${open[1]}\n`))
    .split('\n')
    .map(unquotePath);
}

async function auditPlan(workers?: number): Promise<Plan> {
  const files = await listRepositoryFiles(repo);
  return buildPlan({ request: { command: 'audit', task: '', paths: [], maxParallel: 4, ...(workers ? { workers } : {}) }, files, fileSource: 'repository' });
}

function expectEveryFileInExactlyOnePrompt(plan: Plan): void {
  const named = plan.workers.flatMap((w) => {
    const inPrompt = namedIn(w.prompt);
    expect(inPrompt).toEqual(w.files);
    return inPrompt;
  });
  expect(named).toHaveLength(tracked.length);
  expect([...named].sort()).toEqual([...tracked].sort());
  // The logged lists say the same, file for file.
  const logged = describePlanFiles(plan)
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => unquotePath(l.slice(2)));
  expect(logged).toEqual(named);
}

it('has several hundred files to work on', () => {
  expect(tracked.length).toBeGreaterThan(300);
});

it('at workers auto: shards within the budget, balanced by bytes, every file in exactly one prompt', async () => {
  const plan = await auditPlan();
  expectEveryFileInExactlyOnePrompt(plan);
  const sizes = new Map((await listRepositoryFiles(repo)).map((f) => [f.path, f.size]));
  const bytes = plan.workers.map((w) => w.files.reduce((s, f) => s + sizes.get(f)!, 0));
  for (const [i, w] of plan.workers.entries()) {
    expect(w.files.length).toBeLessThanOrEqual(40);
    if (w.files.length > 1) expect(bytes[i]).toBeLessThanOrEqual(160_000);
  }
  expect(plan.sizing).toMatchObject({ needed: plan.workers.length, capped: false });
  // The heaviest shard at most twice the lightest (before: 4.25 here, a 26,668-byte shard beside 113,306).
  const ratio = Math.max(...bytes) / Math.min(...bytes);
  expect(ratio).toBeLessThanOrEqual(2);
  process.stdout.write(
    `ajv audit, workers auto: ${plan.workers.length} workers, ${plan.workers.flatMap((w) => w.files).length} of ${tracked.length} files named, ` +
      `shards ${Math.min(...bytes)}–${Math.max(...bytes)} bytes (×${ratio.toFixed(2)})\n`,
  );
});

it('at --workers 4: four shards, every file in exactly one prompt', async () => {
  const plan = await auditPlan(4);
  expect(plan.workers).toHaveLength(4);
  expectEveryFileInExactlyOnePrompt(plan);
});

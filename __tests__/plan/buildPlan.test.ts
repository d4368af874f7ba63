import { PlanError, buildPlan, describePlan, describePlanFiles, validatePlan } from '../../src/plan/buildPlan.js';
import { quotePath, unquotePath } from '../../src/util/quotePath.js';
import type { FileEntry } from '../../src/plan/files.js';
import type { Plan, SwarmRequest } from '../../src/plan/types.js';

const request = (over: Partial<SwarmRequest>): SwarmRequest => ({
  command: 'review',
  task: '',
  paths: [],
  maxParallel: 4,
  ...over,
});

/** 60 files over 6 folders, 1 KB each. */
const repoFiles: FileEntry[] = Array.from({ length: 60 }, (_, i) => ({ path: `pkg${i % 6}/file${i}.ts`, size: 1000 }));

const plan = (over: Partial<SwarmRequest>, files = repoFiles) => buildPlan({ request: request(over), files, fileSource: 'repository' });

describe('buildPlan', () => {
  it.each([
    ['review', 'reviewer', 'read-only'],
    ['audit', 'reviewer', 'read-only'],
    ['test', 'tester', 'workspace-write'],
    ['docs', 'documenter', 'workspace-write'],
  ] as const)('%s fans out %ss in %s over the shards, with no dependencies', (command, role, sandbox) => {
    const p = plan({ command, workers: 3 });
    expect(p.command).toBe(command);
    expect(p.workers.map((w) => w.id)).toEqual([`${role}-1`, `${role}-2`, `${role}-3`]);
    for (const [i, w] of p.workers.entries()) {
      expect(w.role).toBe(role);
      expect(w.sandbox).toBe(sandbox);
      expect(w.dependsOn).toEqual([]);
      expect(w.shard).toEqual({ index: i + 1, total: 3 });
      expect(w.prompt).toContain(`You are ${w.id}`);
    }
    // Every file in exactly one shard.
    expect(p.workers.flatMap((w) => w.files).sort()).toEqual(repoFiles.map((f) => f.path).sort());
    expect(p.fileCount).toBe(60);
  });

  it('code runs a coder, then a tester and a reviewer of its change over every file in scope', () => {
    const p = plan({ command: 'code', task: 'add input validation to src/api.ts', workers: 5, paths: ['pkg1'] });
    expect(p.workers.map((w) => [w.id, w.role, w.sandbox, w.dependsOn])).toEqual([
      ['coder-1', 'coder', 'workspace-write', []],
      ['tester-1', 'tester', 'workspace-write', ['coder-1']],
      ['reviewer-1', 'reviewer', 'read-only', ['coder-1']],
    ]);
    for (const w of p.workers) {
      expect(w.files).toHaveLength(10);
      expect(w.files.every((f) => f.startsWith('pkg1/'))).toBe(true);
      expect(w.task).toBe('add input validation to src/api.ts');
    }
    expect(p.workers[1].prompt).toContain('The change of coder-1 is already applied in your workspace');
  });

  it('passes model and effort from the request, and the task each worker files its pattern under', () => {
    const p = plan({ workers: 2, model: 'gpt-5.3-codex', effort: 'high', task: 'look at auth' });
    for (const w of p.workers) {
      expect(w.model).toBe('gpt-5.3-codex');
      expect(w.effort).toBe('high');
      expect(w.task).toBe('look at auth');
    }
    const plain = plan({ workers: 1 });
    expect(plain.workers[0]).not.toHaveProperty('model');
    expect(plain.workers[0].task).toMatch(/^Review your files/);
  });

  it('sizes an automatic fan-out by the per-worker budget, not by maxParallel; an explicit count is N shards', () => {
    expect(plan({ maxParallel: 8 }).workers).toHaveLength(2); // 60 files / 40
    expect(plan({ maxParallel: 1 }).workers).toHaveLength(2);
    expect(plan({ budget: { maxFiles: 10, maxBytes: 160_000 } }).workers).toHaveLength(6);
    expect(plan({ budget: { maxFiles: 40, maxBytes: 5_000 } }).workers).toHaveLength(12);
    expect(plan({ maxParallel: 2, workers: 6 }).workers).toHaveLength(6);
    expect(plan({ maxParallel: 2, workers: 6 }).sizing).toBeUndefined();
    expect(plan({}).sizing).toEqual({ budget: { maxFiles: 40, maxBytes: 160_000 }, needed: 2, maxWorkers: 64, capped: false });
    expect(plan({ workers: 10 }, repoFiles.slice(0, 4)).workers).toHaveLength(4);
  });

  it('filters the file set by paths', () => {
    const p = plan({ paths: ['pkg2', 'pkg3/**', '!**/file9.ts'], workers: 2 });
    const files = p.workers.flatMap((w) => w.files);
    expect(files.every((f) => /^pkg[23]\//.test(f))).toBe(true);
    expect(files).toHaveLength(19);
    expect(files).not.toContain('pkg3/file9.ts');
    expect(p.fileCount).toBe(19);
  });

  it('says which paths matched nothing when the file set is empty', () => {
    const prFiles = [{ path: 'src/api.ts', size: 3 }];
    const call = () => buildPlan({ request: request({ paths: ['lib/**', 'docs'] }), files: prFiles, fileSource: 'pull-request' });
    expect(call).toThrow(PlanError);
    expect(call).toThrow('review: no files to work on: of the 1 file(s) the pull request changes, these paths matched none of them: lib/**, docs.');
    expect(() => plan({ paths: ['pkg1', '!pkg1'] })).toThrow('the excluding paths (!pkg1) removed every match');
    expect(() => buildPlan({ request: request({}), files: [], fileSource: 'repository' })).toThrow(
      'review: nothing to work on: the repository tracks no files.',
    );
  });

  it('refuses code without instructions, with an example', () => {
    expect(() => plan({ command: 'code', task: '  ' })).toThrow(new PlanError('code needs instructions, e.g. /swarm code add input validation to src/api.ts'));
  });
});

describe('validatePlan', () => {
  const valid = () => plan({ command: 'code', task: 'do it' });

  it('accepts a built plan', () => {
    expect(() => validatePlan(valid())).not.toThrow();
  });

  it('rejects an invalid spec, a duplicate id, an unknown dependency and a cycle', () => {
    const badId: Plan = valid();
    badId.workers[0].id = 'Coder 1';
    expect(() => validatePlan(badId)).toThrow(/invalid worker Coder 1: id:/);

    const dup = valid();
    dup.workers[2].id = 'tester-1';
    expect(() => validatePlan(dup)).toThrow('two workers share the id tester-1');

    const unknown = valid();
    unknown.workers[1].dependsOn = ['coder-9'];
    expect(() => validatePlan(unknown)).toThrow('tester-1 depends on unknown worker(s): coder-9');

    const cycle = valid();
    cycle.workers[0].dependsOn = ['reviewer-1'];
    expect(() => validatePlan(cycle)).toThrow('workers depend on each other in a cycle: coder-1 → reviewer-1 → coder-1');
  });
});

describe('describePlan', () => {
  it('gives one line with each worker and its file count', () => {
    const files = [
      ...Array.from({ length: 12 }, (_, i) => ({ path: `a/f${i}`, size: 10 })),
      ...Array.from({ length: 12 }, (_, i) => ({ path: `b/f${i}`, size: 10 })),
      { path: 'c/one', size: 10 },
    ];
    expect(describePlan(plan({ workers: 2 }, files))).toBe('plan: review → 2 workers (reviewer-1: 13 files, reviewer-2: 12 files)');
    expect(describePlan(plan({ command: 'code', task: 'x', paths: ['a'] }, files.slice(0, 1)))).toBe(
      'plan: code → 3 workers (coder-1: 1 file, tester-1: 1 file after coder-1, reviewer-1: 1 file after coder-1)',
    );
    expect(describePlan(plan({ command: 'code', task: 'x' }, files))).toBe(
      'plan: code → 3 workers (coder-1: whole repository, tester-1: whole repository after coder-1, reviewer-1: whole repository after coder-1)',
    );
  });

  it('says how the budget sized the fan-out, and plainly when max-workers held it back', () => {
    expect(describePlan(plan({}))).toBe(
      'plan: review → 2 workers (reviewer-1: 30 files, reviewer-2: 30 files)\nsizing: 40 files or 160000 bytes per worker → 2 workers.',
    );
    const capped = plan({ maxWorkers: 2, budget: { maxFiles: 5, maxBytes: 160_000 } });
    expect(capped.workers).toHaveLength(2);
    expect(describePlan(capped).split('\n')[1]).toBe(
      'sizing: over budget: 5 files or 160000 bytes per worker needs 12 workers, but max-workers is 2, so each of the 2 workers gets more than the budget. ' +
        'mode: plan would keep the budget with 2 runners of 8 workers each.',
    );
  });

  it("lists every worker's files, quoted as in its prompt, and the files agree with the prompts", () => {
    const odd: FileEntry[] = [...repoFiles, { path: 'pkg0/new\nline.ts', size: 10 }, { path: '-rf', size: 10 }];
    const p = plan({}, odd);
    const listed = describePlanFiles(p);
    expect(listed).toContain('  "pkg0/new\\nline.ts"');
    expect(listed).toContain('  "-rf"');
    const named = listed
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => unquotePath(l.slice(2)));
    expect(named.sort()).toEqual(odd.map((f) => f.path).sort());
    for (const w of p.workers) for (const f of w.files) expect(w.prompt.split('\n')).toContain(quotePath(f));
  });
});

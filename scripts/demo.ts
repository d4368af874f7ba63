/**
 * `npm run demo`: the whole pipeline offline, for a newcomer. It generates a small sample
 * repository, starts the project's scripted Responses API server on 127.0.0.1, and runs the CLI
 * twice with the real Codex CLI: `review` (three reviewers in parallel, findings) and `code` (a
 * planner splits the task into two subtasks on disjoint files, two coders do them in parallel,
 * each in its own worktree, then a tester and a reviewer of the merged change).
 * The model is scripted: canned answers, no API key, no network.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { startScriptedModel, type ScriptContext, type ScriptStep } from '../__tests__/fixtures/scriptedModel.js';
import { runCli } from '../src/cli/runCli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const codexPath = path.join(root, 'node_modules', '.bin', 'codex');

const SAMPLE: Record<string, string> = {
  'README.md': '# sample-shop\n\nA tiny shop backend used by the codex-swarm demo.\n',
  'package.json': '{ "name": "sample-shop", "type": "module", "scripts": { "test": "node --test" } }\n',
  'src/math.js': 'export function average(values) {\n  return values.reduce((a, b) => a + b) / values.length;\n}\n',
  'src/cart.js':
    "import { average } from './math.js';\n\nexport function cartTotal(items) {\n  return items.map((i) => i.price * i.qty).reduce((a, b) => a + b, 0);\n}\n\nexport const averagePrice = (items) => average(items.map((i) => i.price));\n",
  'src/server/orders.js': "export function findOrders(db, customer) {\n  return db.query(`SELECT * FROM orders WHERE customer = '${customer}'`);\n}\n",
  'src/server/render.js': 'export function render(template, data) {\n  return eval("`" + template + "`");\n}\n',
  'docs/usage.md': '# Usage\n\nImport `cartTotal` from `src/cart.js`.\n',
};

/** What each scripted reviewer "finds", by the files in its prompt. */
const FINDINGS: Record<string, { severity: string; line: number; title: string; detail: string }> = {
  'src/server/orders.js': {
    severity: 'critical',
    line: 2,
    title: 'SQL injection in findOrders',
    detail: 'customer is pasted into the SQL text. Use a parameterised query: db.query("… WHERE customer = ?", [customer]).',
  },
  'src/server/render.js': {
    severity: 'high',
    line: 2,
    title: 'eval of a template',
    detail: 'render() evaluates the template as code; a template from a user runs arbitrary JavaScript. Use a template engine or replace placeholders.',
  },
  'src/math.js': {
    severity: 'medium',
    line: 2,
    title: 'average([]) throws',
    detail: 'reduce without an initial value throws on an empty array, and 0/0 would be NaN. Return 0 (or throw a clear error) for an empty list.',
  },
};

function reviewerSteps(ctx: ScriptContext): ScriptStep {
  const files = Object.keys(SAMPLE).filter((f) => ctx.prompt.includes(f));
  if (ctx.step === 0) return { shell: `wc -l ${files.join(' ')}` };
  const findings = files.filter((f) => FINDINGS[f]).map((f) => ({ file: f, ...FINDINGS[f] }));
  return {
    message: {
      status: 'complete',
      summary: `Read ${files.length} file(s); ${findings.length ? `found ${findings.length} problem(s).` : 'nothing to report.'}`,
      findings,
      pattern: { approach: 'read each file whole, then trace user input to queries and eval', context: 'reviewing small JavaScript services' },
    },
  };
}

/** The task of the `code` step, and how the scripted planner splits it: one file each. */
const CODE_TASK = 'make average() safe for an empty list, and make cartTotal() reject negative quantities';
const SUBTASKS = [
  {
    id: 'average',
    title: 'Guard average() against an empty list',
    instructions: 'In src/math.js, return 0 from average() for an empty list instead of throwing.',
    files: ['src/math.js'],
    dependsOn: [],
  },
  {
    id: 'cart',
    title: 'Reject negative quantities in cartTotal()',
    instructions: 'In src/cart.js, make cartTotal() throw a RangeError for an item with a negative quantity.',
    files: ['src/cart.js'],
    dependsOn: [],
  },
];

const plannerSteps: ScriptStep[] = [
  { shell: 'wc -l src/math.js src/cart.js' },
  {
    message: {
      status: 'complete',
      summary: 'Two independent fixes in two files: one coder each, in parallel.',
      subtasks: SUBTASKS,
      pattern: { approach: 'one subtask per file the task touches', context: 'small fixes spread over separate modules' },
    },
  },
];

const averageCoderSteps: ScriptStep[] = [
  {
    shell:
      "cat > src/math.js <<'EOF'\nexport function average(values) {\n  if (values.length === 0) return 0;\n  return values.reduce((a, b) => a + b, 0) / values.length;\n}\nEOF",
  },
  {
    message: {
      status: 'complete',
      summary: 'average() now returns 0 for an empty list.',
      findings: [],
      pattern: { approach: 'guard the empty case before reduce', context: 'aggregations over possibly empty arrays' },
    },
  },
];

const cartCoderSteps: ScriptStep[] = [
  {
    shell:
      "cat > src/cart.js <<'EOF'\nimport { average } from './math.js';\n\nexport function cartTotal(items) {\n  for (const i of items) if (i.qty < 0) throw new RangeError(`negative quantity: ${i.qty}`);\n  return items.map((i) => i.price * i.qty).reduce((a, b) => a + b, 0);\n}\n\nexport const averagePrice = (items) => average(items.map((i) => i.price));\nEOF",
  },
  {
    message: {
      status: 'complete',
      summary: 'cartTotal() now throws a RangeError for a negative quantity.',
      findings: [],
      pattern: { approach: 'validate each item before summing', context: 'totals over user-supplied line items' },
    },
  },
];

const testerSteps: ScriptStep[] = [
  {
    shell:
      "mkdir -p test && cat > test/shop.test.js <<'EOF'\nimport { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { average } from '../src/math.js';\nimport { cartTotal } from '../src/cart.js';\n\ntest('average of an empty list is 0', () => assert.equal(average([]), 0));\ntest('average', () => assert.equal(average([2, 4]), 3));\ntest('cartTotal rejects a negative quantity', () => assert.throws(() => cartTotal([{ price: 2, qty: -1 }]), RangeError));\ntest('cartTotal', () => assert.equal(cartTotal([{ price: 2, qty: 3 }]), 6));\nEOF\nnode --test test/",
  },
  {
    message: {
      status: 'complete',
      summary: 'Added test/shop.test.js (4 tests, passing).',
      findings: [],
      pattern: { approach: 'node:test next to the change', context: 'projects without a test framework' },
    },
  },
];

const changeReviewSteps: ScriptStep[] = [
  { shell: 'git diff HEAD --stat' },
  {
    message: {
      status: 'complete',
      summary: 'Both guards are correct and tested.',
      findings: [
        { severity: 'info', file: 'src/math.js', line: 2, title: 'Consider documenting the empty case', detail: 'Say in a doc comment that average([]) is 0.' },
      ],
      pattern: { approach: 'check the diff against the instructions', context: 'reviewing a small change' },
    },
  },
];

async function makeSampleRepo(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codex-swarm-demo-'));
  for (const [file, content] of Object.entries(SAMPLE)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  const git = (...args: string[]) => execa('git', args, { cwd: dir });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'sample shop');
  return dir;
}

const banner = (text: string) => process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);

const model = await startScriptedModel({
  delayMs: 400,
  scripts: [
    { match: /# codex-swarm worker reviewer-1[\s\S]*## Files coder-1 changed/, steps: changeReviewSteps },
    { match: /# codex-swarm worker reviewer-/, steps: reviewerSteps },
    { match: /# codex-swarm worker planner-1\n/, steps: plannerSteps },
    // The planner's subtasks keep their order: coder-1 guards average(), coder-2 cartTotal().
    { match: /# codex-swarm worker coder-1\n/, steps: averageCoderSteps },
    { match: /# codex-swarm worker coder-2\n/, steps: cartCoderSteps },
    { match: /# codex-swarm worker tester-/, steps: testerSteps },
  ],
});
const repo = await makeSampleRepo();
try {
  process.stdout.write(
    [
      'codex-swarm demo — THE MODEL IS SCRIPTED: a local server on 127.0.0.1 plays canned answers.',
      'Everything else is real: the Codex CLI, its sandbox, worktrees, patches, memory and results.',
      `Sample repository: ${repo}`,
    ].join('\n') + '\n',
  );
  const io = { cwd: repo, env: { ...process.env, OPENAI_API_KEY: '' }, stdout: process.stdout, stderr: process.stderr, codexPath };
  const endpoint = ['--endpoint', model.url];

  banner('codex-swarm review --workers 3  (three reviewers in parallel, read-only sandbox)');
  const review = await runCli(['review', '--workers', '3', ...endpoint], io);

  banner('codex-swarm code "…" --apply  (a planner splits the task, two coders in parallel worktrees, then a tester and a reviewer of their change)');
  const code = await runCli(['code', CODE_TASK, '--apply', ...endpoint], io);

  banner('what is left behind');
  const status = await execa('git', ['status', '--short'], { cwd: repo });
  process.stdout.write(`git status --short (the merged change, applied with --apply):\n${status.stdout}\n`);
  process.stdout.write(`run folders: ${path.join(repo, '.codex-swarm', 'runs')}\n`);
  process.stdout.write('shared memory (.codex-swarm/memory.json): what the workers learned, and how often it helped later ones:\n');
  await runCli(['memory', 'list'], io);
  process.stdout.write(`model requests served: ${model.requests.length} (scripted)\n`);
  // Reviewers report findings by design; the demo fails only when a worker did not succeed.
  process.exitCode = review === 0 && code === 0 ? 0 : 1;
} finally {
  await model.close();
}

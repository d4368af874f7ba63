/**
 * The bundled action with Claude Code workers, as the runner runs it: `node dist/index.js` with
 * the real `claude` CLI (and the real `codex` for `mixed`) against the project's scripted Messages
 * and Responses servers, the local GitHub REST API and the local artifact + cache service.
 * Build first (`npm run build`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { STICKY_MARKER } from '../../src/publish/comment/markers.js';
import type { ResultsFile } from '../../src/swarm/results.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { startResultsService, type ResultsService } from '../fixtures/resultsService.js';
import { startScriptedMessages, type MessagesContext, type ScriptedMessages } from '../fixtures/scriptedMessages.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { makeRepo, tempDir } from '../workers/gitRepo.js';
import { ACTION_ENTRY, readTree, runBundledAction, type ActionRun } from './actionHarness.js';

jest.setTimeout(240_000);

const ANTHROPIC_KEY = `sk-ant-e2e-${randomBytes(12).toString('hex')}`;
const OPENAI_KEY = `sk-e2e-${randomBytes(12).toString('hex')}`;
const GH_TOKEN = `ghs_${randomBytes(12).toString('hex')}`;
const BOT = 'github-actions[bot]';

const FILES = {
  'src/orders.js': "export const find = (db, c) => db.query(`SELECT * FROM orders WHERE c = '${c}'`);\n",
  'src/render.js': 'export const render = (t) => eval(t);\n',
  'README.md': '# hello\n',
};

const answerFor = (ctx: MessagesContext) => {
  const files = Object.keys(FILES).filter((f) => f.startsWith('src/') && ctx.prompt.includes(f));
  return {
    status: 'complete',
    summary: `claude reviewed ${files.join(', ') || 'the change'}`,
    findings: files.map((file) => ({ severity: 'high', file, line: 1, title: `unsafe input in ${path.basename(file)}`, detail: 'untrusted input' })),
    pattern: { approach: 'trace user input with a second model', context: 'javascript services' },
  };
};

let gh: GitHubServer;
let results: ResultsService;
let messages: ScriptedMessages;
let codexModel: ScriptedModel;
let workspace: string;
let runnerTemp: string;
const runs: ActionRun[] = [];
let commentIds = 500;

beforeAll(async () => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first');
  [gh, results, messages, codexModel] = await Promise.all([
    startGitHubServer({
      token: GH_TOKEN,
      permissions: { alice: 'write' },
      pulls: [
        {
          number: 7,
          title: 'Add order lookup',
          body: 'Adds lookups.',
          headRef: 'feature',
          files: [
            { path: 'src/orders.js', additions: 3 },
            { path: 'src/render.js', additions: 2 },
          ],
        },
      ],
    }),
    startResultsService(),
    // A little latency, so that parallel workers overlap visibly.
    startScriptedMessages({ requireApiKey: ANTHROPIC_KEY, delayMs: 300 }),
    startScriptedModel({ requireApiKey: OPENAI_KEY }),
  ]);
  workspace = await makeRepo(FILES);
  runnerTemp = await tempDir('runner-temp-claude');
});

afterAll(async () => {
  await Promise.all([gh?.close(), results?.close(), messages?.close(), codexModel?.close()]);
  await fs.rm(workspace, { recursive: true, force: true });
  await fs.rm(runnerTemp, { recursive: true, force: true });
  for (const r of runs) await fs.rm(r.harnessDir, { recursive: true, force: true });
});

function commentEvent(body: string) {
  const id = ++commentIds;
  const at = new Date().toISOString();
  gh.state.comments.push({ id, issueNumber: 7, body, user: { login: 'alice', type: 'User' }, createdAt: at, updatedAt: at });
  return {
    action: 'created',
    issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/octo-org/hello-world/pulls/7' } },
    comment: { id, body, user: { login: 'alice', type: 'User' } },
    repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
    sender: { login: 'alice', type: 'User' },
  };
}

async function act(body: string, runId: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runBundledAction({
    eventName: 'issue_comment',
    github: gh,
    payload: commentEvent(body),
    workspace,
    runId,
    runnerTemp,
    inputs: {
      'github-token': GH_TOKEN,
      'anthropic-api-key': ANTHROPIC_KEY,
      'anthropic-base-url': messages.url,
      'claude-model': 'claude-scripted',
      'max-parallel': '2',
      memory: 'off',
      ...inputs,
    },
    env: { GITHUB_API_URL: gh.url, ...results.env },
  });
  runs.push(run);
  return run;
}

const sticky = () => gh.commentsOn(7).find((c) => c.user.login === BOT && c.body.includes(STICKY_MARKER))!;
const resultsOf = (runId: string) => JSON.parse(results.artifacts.readEntry(`codex-swarm-${runId}-1`, 'results.json').toString()) as ResultsFile;
const conversation = (id: string) => messages.requests.filter((q) => q.prompt.includes(`# codex-swarm worker ${id}`));

test('engine: claude review: two Claude Code reviewers in parallel, read-only, no OpenAI key needed', async () => {
  messages.setScripts([
    {
      match: /# codex-swarm worker reviewer-/,
      steps: (ctx) =>
        [
          { tool: { name: 'Write', input: { file_path: path.join(workspace, 'pwned.txt'), content: 'x' } } },
          { tool: { name: 'Edit', input: { file_path: path.join(workspace, 'src/render.js'), old_string: 'eval', new_string: 'safe' } } },
          { answer: answerFor(ctx) },
        ][ctx.step] ?? { answer: answerFor(ctx) },
    },
  ]);
  const run = await act('/swarm review --workers 2', '2001', { engine: 'claude' });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toMatch(/Claude Code 2\.1\.332 \(path\)/);
  expect(run.stdout).not.toMatch(/Codex CLI/);

  // Refused, not done: the checkout is as it was.
  expect(existsSync(path.join(workspace, 'pwned.txt'))).toBe(false);
  expect(await fs.readFile(path.join(workspace, 'src/render.js'), 'utf8')).toContain('eval');
  for (const id of ['reviewer-1', 'reviewer-2']) {
    const last = conversation(id).at(-1)!;
    expect(last.toolResults.slice(0, 2).map((t) => t.isError)).toEqual([true, true]);
    expect(conversation(id).every((q) => q.apiKey === ANTHROPIC_KEY && q.model === 'claude-scripted')).toBe(true);
  }

  const file = resultsOf('2001');
  const [r1, r2] = file.results;
  expect(file.results.map((r) => [r.engine, r.status])).toEqual([
    ['claude', 'succeeded'],
    ['claude', 'succeeded'],
  ]);
  expect(file.plan.workers.map((w) => w.engine)).toEqual(['claude', 'claude']);
  // They ran at the same time.
  const [s1, s2] = [r1.startOffsetMs ?? NaN, r2.startOffsetMs ?? NaN];
  expect(s1).toBeLessThan(s2 + r2.durationMs);
  expect(s2).toBeLessThan(s1 + r1.durationMs);
  for (const r of file.results) {
    expect(r.toolUses).toBe(2);
    expect(r.usage.input).toBeGreaterThan(0);
    expect(r.usage.cachedInput).toBeGreaterThan(0);
    expect(r.usage.output).toBeGreaterThan(0);
  }
  const body = sticky().body;
  expect(body).toMatch(/\| `reviewer-1` \| reviewer \| claude \|/);
  expect(body).toContain('reviewer-1 (claude) :done');
  expect(body).toMatch(/tokens in, [\d.k]+ out \(claude\)/);
  expect(run.outputs['findings-count']).toBe('2');
});

test('engine: mixed code: a Claude Code planner splits the task, Codex coders and tester, a Claude Code reviewer; the comment shows both', async () => {
  const planner = {
    status: 'complete',
    summary: 'two disjoint parts',
    subtasks: [
      { id: 'orders', title: 'Cache order lookups', instructions: 'add a cache module', files: ['src/cache.js'], dependsOn: [] },
      { id: 'render', title: 'Harden render', instructions: 'stop evaluating input', files: ['src/render.js'], dependsOn: [] },
    ],
    pattern: { approach: 'split by module', context: 'small services' },
  };
  codexModel.setScripts([
    { match: /# codex-swarm worker coder-1/, steps: [{ shell: "printf 'export const cache = new Map();\\n' > src/cache.js" }, {}] },
    { match: /# codex-swarm worker coder-2/, steps: [{ shell: "printf 'export const render = (t) => String(t);\\n' > src/render.js" }, {}] },
    { match: /# codex-swarm worker tester-/, steps: [{}] },
  ]);
  messages.setScripts([
    { match: /# codex-swarm worker planner-/, steps: [{ answer: planner }] },
    { match: /# codex-swarm worker reviewer-/, steps: (ctx) => ({ answer: answerFor(ctx) }) },
  ]);
  const run = await act('/swarm code --engine mixed add an order cache', '2002', {
    'openai-api-key': OPENAI_KEY,
    'responses-api-endpoint': codexModel.url,
  });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  const file = resultsOf('2002');
  expect(file.results.map((r) => [r.id, r.engine, r.status])).toEqual([
    ['planner-1', 'claude', 'succeeded'],
    ['coder-1', 'codex', 'succeeded'],
    ['coder-2', 'codex', 'succeeded'],
    ['tester-1', 'codex', 'succeeded'],
    ['reviewer-1', 'claude', 'succeeded'],
  ]);
  expect(file.merge.merged.map((m) => m.workerId)).toEqual(['coder-1', 'coder-2']);
  // The Claude reviewer worked on the coder's change.
  expect(conversation('reviewer-1').at(-1)!.prompt).toContain('src/cache.js');
  const body = sticky().body;
  expect(body).toMatch(/\| `coder-1` \| coder \| codex \|/);
  expect(body).toMatch(/\| `reviewer-1` \| reviewer \| claude \|/);
  // Each scripted response reports 100 in / 30 out: two Claude workers, five Codex responses.
  expect(body).toContain('700 tokens in, 210 out (claude 200 / 60; codex 500 / 150)');
  expect(body).toMatch(/\| `planner-1` \| planner \| claude \|/);
  expect(body).toContain('coder-2 (codex) :done');
  expect(body).toContain('reviewer-1 (claude) :done');
});

test("a Claude Code worker that runs env sees no key, in its environment or any other process's", async () => {
  messages.setScripts([
    {
      match: /# codex-swarm worker tester-/,
      steps: [
        { bash: "env; echo PROC_HITS=$(grep -l 'sk-ant-e2e-' /proc/[0-9]*/environ 2>/dev/null | wc -l)" },
        { answer: { status: 'complete', summary: 'looked around', findings: [], pattern: { approach: 'env', context: 'e2e' } } },
      ],
    },
  ]);
  const run = await act('/swarm test --engine claude --workers 1', '2003');
  expect(run.exitCode).toBe(0);
  const output = conversation('tester-1').at(-1)!.toolResults[0].text;
  expect(output).toContain('PROC_HITS=0');
  // env ran: the worker sees the proxy's URL and a placeholder, never the key.
  expect(output).toMatch(/ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{48}/);
  expect(output).not.toContain(ANTHROPIC_KEY);
  expect(output).not.toContain(GH_TOKEN);
  expect(output).not.toMatch(/INPUT_/);
});

test('a Claude Code worker whose stream fails fails alone; the other reviewer is reported', async () => {
  messages.setScripts([
    { match: /# codex-swarm worker reviewer-1/, steps: [{ fail: 'scripted overload' }] },
    { match: /# codex-swarm worker reviewer-2/, steps: (ctx) => ({ answer: answerFor(ctx) }) },
  ]);
  const run = await act('/swarm review --workers 2', '2004', { engine: 'claude', 'fail-on': 'never' });
  expect(run.exitCode).toBe(0);
  const file = resultsOf('2004');
  expect(file.results.map((r) => r.status)).toEqual(['failed', 'succeeded']);
  // The proxy saw the upstream's own answer, which says more than the CLI's exit.
  expect(file.results[0].error).toBe('the model API failed (HTTP 500): scripted overload');
  const body = sticky().body;
  expect(body).toContain('- `reviewer-1` failed: the model API failed (HTTP 500): scripted overload');
  expect(body).toContain('unsafe input in');
});

test('the Anthropic key, the OpenAI key and the token are in nothing the action or its workers wrote', async () => {
  const written = [
    ...messages.requests.flatMap((q) => q.toolResults.map((t) => t.text)),
    ...gh.requests.map((r) => JSON.stringify(r.body ?? '')),
    ...gh.state.comments.map((c) => c.body),
    ...results.artifacts.artifacts.flatMap((a) =>
      results.artifacts
        .entries(a.name)
        .filter((e) => !e.endsWith('/'))
        .map((e) => results.artifacts.readEntry(a.name, e).toString()),
    ),
    ...runs.flatMap((r) => [r.stdout.replace(/^::add-mask::.*$/gm, ''), r.stderr, r.summary, JSON.stringify(r.outputs)]),
    ...(await readTree(runnerTemp)).map((f) => f.text),
  ];
  for (const text of written) {
    expect(text).not.toContain(ANTHROPIC_KEY);
    expect(text).not.toContain(OPENAI_KEY);
    expect(text).not.toContain(GH_TOKEN);
  }
});

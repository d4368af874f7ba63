/** The bundled CLI (`bin/codex-swarm.js` → dist/cli) as a user runs it, with the real Codex CLI and the scripted model. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { startScriptedModel, workerIdOf, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { CODEX_VERSION } from '../../src/version.js';
import { RUNNER_NODE, RUNNER_PATH } from '../action/actionHarness.js';
import { makeRepo, status, tempDir } from '../workers/gitRepo.js';
import { reviewerScript } from './reviewerScript.js';

const BIN = path.resolve('bin/codex-swarm.js');

let model: ScriptedModel;
let repo: string;
beforeAll(async () => {
  model = await startScriptedModel({
    scripts: [reviewerScript({ severity: 'low', file: 'src/a.js', line: 1, title: 'naming', detail: 'rename a' })],
  });
  repo = await makeRepo({ 'src/a.js': 'export const a = 1;\n', 'src/b.js': 'export const b = 2;\n' });
});
afterAll(async () => {
  await model.close();
  await fs.rm(repo, { recursive: true, force: true });
});

test('npx codex-swarm review: two real codex workers, a readable summary, exit 0, a clean checkout', async () => {
  const run = await execa(RUNNER_NODE, [BIN, 'review', '--workers', '2', '--endpoint', model.url], {
    cwd: repo,
    env: { PATH: RUNNER_PATH, HOME: process.env.HOME, OPENAI_API_KEY: '' },
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toMatch(/plan: review → 2 workers/);
  expect(run.stdout).toMatch(/codex-swarm review: succeeded/);
  expect(run.stdout).toMatch(/low\s+src\/a\.js:1\s+naming/);
  expect(new Set(model.requests.map((r) => workerIdOf(r.prompt)))).toEqual(new Set(['reviewer-1', 'reviewer-2']));
  expect(await status(repo)).toBe('');
});

test('no workflow commands in the output (the key is never printed), and a closed stdout ends the run quietly with its results written', async () => {
  const env = { PATH: `${path.resolve('node_modules/.bin')}${path.delimiter}${process.env.PATH}`, HOME: process.env.HOME, OPENAI_API_KEY: 'sk-never-printed' };
  const run = await execa('node', [BIN, 'review', '--endpoint', model.url], { cwd: repo, env, extendEnv: false, reject: false, timeout: 120_000 });
  expect(run.exitCode).toBe(0);
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^::/m);
  expect(`${run.stdout}\n${run.stderr}`).not.toContain('sk-never-printed');

  // `codex-swarm review | head -1`: the reader goes away after the first line.
  const piped = execa('node', [BIN, 'review', '--workers', '2', '--endpoint', model.url], {
    cwd: repo,
    env,
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
  piped.stdout.once('data', () => piped.stdout.destroy());
  const ended = await piped;
  expect(ended.stderr).toBe('');
  expect(ended.exitCode).toBe(130);
  const runs = await fs.readdir(path.join(repo, '.codex-swarm', 'runs'));
  const results = await Promise.all(runs.map((r) => fs.readFile(path.join(repo, '.codex-swarm', 'runs', r, 'results.json'), 'utf8').catch(() => null)));
  expect(results.every((r) => r !== null)).toBe(true);
  expect(await status(repo)).toBe('');
});

test('a Codex that does not run ends the CLI with the reason (nothing it started keeps it alive)', async () => {
  const cache = await tempDir('xdg-cache');
  try {
    const dir = path.join(cache, 'codex-swarm', 'codex', CODEX_VERSION, os.arch());
    await fs.mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    await fs.writeFile(path.join(dir, 'node_modules', '.bin', 'codex'), '#!/bin/sh\necho broken >&2; exit 126\n', { mode: 0o755 });
    await fs.writeFile(`${dir}.complete`, '');
    // No codex on PATH: the pinned version comes from the cache.
    const env = { PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), HOME: process.env.HOME, XDG_CACHE_HOME: cache };
    const run = await execa('node', [BIN, 'review', '--endpoint', model.url], { cwd: repo, env, extendEnv: false, reject: false, timeout: 60_000 });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^codex-swarm: The Codex CLI at .* does not run .*broken/m);
  } finally {
    await fs.rm(cache, { recursive: true, force: true });
  }
});

test('codex-swarm code --plan-only prints the plan and saves it; --plan runs that plan without a planner', async () => {
  const subtasks = [
    { id: 'a', title: 'Bump a', instructions: 'Set a to 10.', files: ['src/a.js'], dependsOn: [] },
    { id: 'b', title: 'Bump b', instructions: 'Set b to 20.', files: ['src/b.js'], dependsOn: [] },
  ];
  model.setScripts([
    {
      match: /# codex-swarm worker planner-1\n/,
      steps: [{ message: { status: 'complete', summary: 'one coder per file', subtasks, pattern: { approach: 'per file', context: 'constants' } } }],
    },
    { match: /# codex-swarm worker coder-1\n/, steps: [{ shell: "printf 'export const a = 10;\\n' > src/a.js" }, {}] },
    { match: /# codex-swarm worker coder-2\n/, steps: [{ shell: "printf 'export const b = 20;\\n' > src/b.js" }, {}] },
  ]);
  model.requests.length = 0;
  const cli = (args: string[]) =>
    execa('node', [BIN, ...args, '--endpoint', model.url], {
      cwd: repo,
      env: { PATH: `${path.resolve('node_modules/.bin')}${path.delimiter}${process.env.PATH}`, HOME: process.env.HOME, OPENAI_API_KEY: '' },
      extendEnv: false,
      reject: false,
      timeout: 180_000,
    });

  const planned = await cli(['code', 'Bump both constants', '--plan-only']);
  expect(planned.stderr).toBe('');
  expect(planned.exitCode).toBe(0);
  expect(planned.stdout).toMatch(/Plan [0-9a-f]{12}: one coder per file/);
  expect(planned.stdout).toContain('  1. Bump a — coder-1, planned');
  expect(planned.stdout).toContain('     files: src/b.js');
  const saved = /^run it with: codex-swarm code --plan (.+)$/m.exec(planned.stdout)?.[1];
  expect(saved).toMatch(/^\.codex-swarm\/runs\/.+\/plan\.json$/);
  expect(model.requests.map((r) => workerIdOf(r.prompt))).toEqual(['planner-1']);

  model.requests.length = 0;
  const ran = await cli(['code', '--plan', saved!]);
  expect(ran.stderr).toBe('');
  expect(ran.exitCode).toBe(0);
  expect(ran.stdout).toMatch(/codex-swarm code: succeeded/);
  expect(ran.stdout).toContain('  2. Bump b — coder-2, succeeded, +1 −1 in 1 file');
  const workers = new Set(model.requests.map((r) => workerIdOf(r.prompt)));
  expect(workers).toEqual(new Set(['coder-1', 'coder-2', 'tester-1', 'reviewer-1']));
  expect(await status(repo)).toBe('');

  const bad = await cli(['code', '--plan', 'nowhere.json']);
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toMatch(/^codex-swarm: cannot read the plan file nowhere\.json: ENOENT/);
}, 300_000);

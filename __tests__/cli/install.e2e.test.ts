/**
 * The CLI as a newcomer gets it: `npm pack`, then the tarball installed into an empty prefix with
 * no network (the bundle in dist/ carries every runtime dependency, so there is nothing to fetch
 * and nothing to build), then the installed `codex-swarm` bin run for real.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';
import { reviewerScript } from './reviewerScript.js';
import { makeRepo, status, tempDir } from '../workers/gitRepo.js';

let dir: string;
let repo: string;
let model: ScriptedModel;
let bin: string;
let install: { stdout: string; stderr: string };

beforeAll(async () => {
  dir = await tempDir('install');
  const npm = (args: string[]) =>
    execa('npm', [...args, '--cache', path.join(dir, 'npm-cache'), '--no-audit', '--no-fund', '--offline'], { cwd: path.resolve('.'), timeout: 120_000 });
  const packed = await npm(['pack', '--json', '--pack-destination', dir]);
  const tarball = path.join(dir, (JSON.parse(packed.stdout) as [{ filename: string }])[0].filename);
  install = await npm(['install', '--global', '--prefix', path.join(dir, 'prefix'), tarball]);
  bin = path.join(dir, 'prefix', 'bin', 'codex-swarm');
  model = await startScriptedModel({
    scripts: [reviewerScript({ severity: 'medium', file: 'src/a.js', line: 1, title: 'a is a poor name', detail: 'rename a' })],
  });
  repo = await makeRepo({ 'src/a.js': 'export const a = 1;\n' });
}, 180_000);

afterAll(async () => {
  await model?.close();
  await fs.rm(dir, { recursive: true, force: true });
  if (repo) await fs.rm(repo, { recursive: true, force: true });
});

test('the packed tarball installs offline: just the bin and the bundle, no dependencies to fetch', async () => {
  expect(install.stdout).toMatch(/added 1 package/);
  const installed = path.join(dir, 'prefix', 'lib', 'node_modules', 'codex-swarm');
  const manifest = JSON.parse(await fs.readFile(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.dependencies).toBeUndefined();
  expect((await fs.readdir(installed)).sort()).toEqual(['README.md', 'action.yml', 'bin', 'dist', 'package.json']);
  await expect(fs.access(path.join(installed, 'node_modules'))).rejects.toThrow();
});

test('the installed codex-swarm prints its help and runs a scripted review with the real codex', async () => {
  const env = {
    PATH: [path.dirname(bin), path.resolve('node_modules/.bin'), process.env.PATH].join(path.delimiter),
    HOME: process.env.HOME,
    OPENAI_API_KEY: '',
  };
  const help = await execa(bin, ['--help'], { env, extendEnv: false });
  expect(help.stdout).toMatch(/^Usage: codex-swarm <command>/);

  const run = await execa(bin, ['review', '--endpoint', model.url], { cwd: repo, env, extendEnv: false, reject: false, timeout: 120_000 });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toMatch(/codex-swarm review: succeeded/);
  expect(run.stdout).toMatch(/medium\s+src\/a\.js:1\s+a is a poor name/);
  expect(model.requests.length).toBeGreaterThan(0);
  expect(await status(repo)).toBe('');
});

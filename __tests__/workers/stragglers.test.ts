import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { killStragglers, processesWithEnv } from '../../src/workers/stragglers.js';

test('finds processes by an exact environment entry, and kills them even in another session', async () => {
  const marker = `/tmp/codex-home-${randomBytes(6).toString('hex')}`;
  // detached: a new session and process group, which a group kill of the worker would miss.
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH, CODEX_HOME: marker } });
  const near = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH, CODEX_HOME: `${marker}-other` } });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
  try {
    expect(await processesWithEnv('CODEX_HOME', marker)).toEqual([child.pid]);
    expect(await killStragglers('CODEX_HOME', marker)).toBe(1);
    await exited;
    expect(await processesWithEnv('CODEX_HOME', marker)).toEqual([]);
    expect(await processesWithEnv('CODEX_HOME', `${marker}-other`)).toEqual([near.pid]);
  } finally {
    near.kill('SIGKILL');
    child.kill('SIGKILL');
  }
});

test('lets a straggling shell run its exit trap before anything is killed outright', async () => {
  const marker = `/tmp/codex-home-${randomBytes(6).toString('hex')}`;
  // Like pyenv's rehash: a lock taken with a trap that releases it on exit.
  const script = 'trap "echo released" EXIT; echo locked; sleep 60';
  const shell = spawn('bash', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH, CODEX_HOME: marker } });
  let out = '';
  shell.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise((resolve) => shell.on('close', resolve));
  while (!out.includes('locked')) await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    expect(await killStragglers('CODEX_HOME', marker)).toBe(2);
    await exited;
    expect(out).toContain('released');
  } finally {
    shell.kill('SIGKILL');
  }
});

test('kills outright what ignores SIGTERM, after the grace period', async () => {
  const marker = `/tmp/codex-home-${randomBytes(6).toString('hex')}`;
  const stubborn = spawn('bash', ['-c', 'trap "" TERM; while :; do sleep 0.05; done'], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH, CODEX_HOME: marker },
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => stubborn.on('exit', (_code, sig) => resolve(sig)));
  await new Promise((resolve) => setTimeout(resolve, 100));
  try {
    expect(await killStragglers('CODEX_HOME', marker, { graceMs: 200 })).toBeGreaterThanOrEqual(1);
    expect(await exited).toBe('SIGKILL');
    expect(await processesWithEnv('CODEX_HOME', marker)).toEqual([]);
  } finally {
    stubborn.kill('SIGKILL');
  }
});

test('keeps killing what a dying straggler forks until none is left', async () => {
  const marker = `/tmp/codex-home-${randomBytes(6).toString('hex')}`;
  // Ignores SIGTERM (its children inherit that) and forks a child that outlives the wait every
  // millisecond: a pass that lists, then kills, misses the child forked in between.
  const forker = spawn('bash', ['-c', 'trap "" TERM; while :; do sleep 10 & sleep 0.001; done'], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH, CODEX_HOME: marker },
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => forker.on('exit', (_code, sig) => resolve(sig)));
  while ((await processesWithEnv('CODEX_HOME', marker)).length < 6) await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    expect(await killStragglers('CODEX_HOME', marker, { graceMs: 200, waitMs: 2000 })).toBeGreaterThanOrEqual(5);
    expect(await processesWithEnv('CODEX_HOME', marker)).toEqual([]);
    expect(await exited).toBe('SIGKILL');
  } finally {
    forker.kill('SIGKILL');
    for (const pid of await processesWithEnv('CODEX_HOME', marker)) process.kill(pid, 'SIGKILL');
  }
});

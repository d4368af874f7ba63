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

import { promises as fs } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { execa } from 'execa';
import { SECRET_ENV_NAMES, toolEnv } from '../../src/util/secretEnv.js';
import { workerEnv } from '../../src/workers/workerEnv.js';

describe('workerEnv', () => {
  const source = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TERM: 'xterm',
    TMPDIR: '/tmp',
    SHELL: '/bin/bash',
    USER: 'runner',
    CI: 'true',
    RUNNER_TEMP: '/runner/_temp',
    RUNNER_TRACKING_ID: 'github_6c1d3f2a-0b5e-4c8a-9d7e-2f4a1b3c5d6e',
    JAVA_HOME_17_X64: '/opt/java17',
    HTTPS_PROXY: 'http://proxy.internal:3128',
    HTTP_PROXY: 'http://user:pw@proxy.internal:3128',
    GITHUB_TOKEN: 'ghs_secret',
    INPUT_OPENAI_API_KEY: 'sk-secret',
    'INPUT_GITHUB-TOKEN': 'ghs_secret',
    ACTIONS_RUNTIME_TOKEN: 'jwt',
    ACTIONS_RESULTS_URL: 'https://results',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
    OPENAI_API_KEY: 'sk-secret',
    OPENAI_BASE_URL: 'https://api',
    CODEX_API_KEY: 'sk-secret',
    CODEX_HOME: '/somewhere/else',
    NPM_TOKEN: 'npm_secret',
    AWS_SECRET_ACCESS_KEY: 'aws',
    DB_PASSWORD: 'pw',
    MY_APP_SETTING: 'not on the allow-list',
    NODE_OPTIONS: '--require /tmp/evil.js',
  };

  it('keeps the allow-listed basics, RUNNER_TRACKING_ID among them (the runner sweeps strays by it)', () => {
    expect(workerEnv(source)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TERM: 'xterm',
      TMPDIR: '/tmp',
      SHELL: '/bin/bash',
      USER: 'runner',
      CI: 'true',
      RUNNER_TEMP: '/runner/_temp',
      RUNNER_TRACKING_ID: 'github_6c1d3f2a-0b5e-4c8a-9d7e-2f4a1b3c5d6e',
      JAVA_HOME_17_X64: '/opt/java17',
      HTTPS_PROXY: 'http://proxy.internal:3128',
    });
  });

  it('never passes a secret-looking name even if it were allowed', () => {
    const env = workerEnv({ ...source, PATH_TOKEN: 'x', LC_SECRET: 'y' });
    for (const name of Object.keys(env)) expect(name).not.toMatch(/TOKEN|KEY|SECRET|PASSWORD|^INPUT_|^OPENAI_|^ACTIONS_|^CODEX_/i);
    expect(Object.values(env).join(' ')).not.toMatch(/secret|sk-|ghs_|jwt|pw@/);
  });

  it('reads process.env by default', () => {
    expect(workerEnv().PATH).toBe(process.env.PATH);
  });
});

describe('toolEnv', () => {
  it('is the whole environment less the secrets, plus what the caller adds', () => {
    const source = {
      PATH: '/usr/bin',
      HOME: '/home/runner',
      NPM_CONFIG_REGISTRY: 'https://npm.internal',
      GIT_AUTHOR_NAME: 'me',
      ...Object.fromEntries(SECRET_ENV_NAMES.map((n) => [n, 'secret'])),
    };
    expect(toolEnv({ GIT_INDEX_FILE: '/tmp/index' }, source)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      NPM_CONFIG_REGISTRY: 'https://npm.internal',
      GIT_AUTHOR_NAME: 'me',
      GIT_INDEX_FILE: '/tmp/index',
    });
  });

  it('names the inputs the action reads its key and token from', () => {
    expect(SECRET_ENV_NAMES).toEqual(expect.arrayContaining(['INPUT_OPENAI-API-KEY', 'INPUT_GITHUB-TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'OPENAI_API_KEY']));
  });
});

describe('scrubOwnEnviron', () => {
  const SECRET = 'sk-scrub-me-0123456789';

  it('hides the value from /proc/<pid>/environ while process.env keeps it', async () => {
    if (process.platform !== 'linux') return;
    const modulePath = path.resolve('src/util/secretEnv.ts');
    const script = `
      const { scrubOwnEnviron } = await import(${JSON.stringify(modulePath)});
      const ok = scrubOwnEnviron(['MY_SECRET', 'NOT_SET']);
      console.log(JSON.stringify({ ok, pid: process.pid, value: process.env.MY_SECRET }));
      process.stdin.resume();
      process.stdin.on('end', () => process.exit(0));`;
    const child = execa('node', ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { MY_SECRET: SECRET, VISIBLE_MARKER: 'still-here' },
      stdin: 'pipe',
      reject: false,
    });
    try {
      const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
      const report = JSON.parse(line) as { ok: boolean; pid: number; value: string };
      expect(report.ok).toBe(true);
      expect(report.value).toBe(SECRET);
      const environ = await fs.readFile(`/proc/${report.pid}/environ`, 'utf8');
      expect(environ).not.toContain(SECRET);
      expect(environ).toContain(`MY_SECRET=${'*'.repeat(SECRET.length)}`);
      expect(environ).toContain('VISIBLE_MARKER=still-here');
    } finally {
      child.stdin.end();
      await child;
    }
  });
});

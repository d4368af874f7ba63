import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DefaultArtifactClient } from '@actions/artifact';
import { defaultArtifactName, uploadRunArtifact } from '../../src/publish/outputs/runArtifact.js';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { startArtifactServer, type ArtifactServer } from '../fixtures/artifactServer.js';
import { captureWorkflowCommands } from '../fixtures/workflowCommands.js';
import { tempDirs } from '../workers/gitRepo.js';

const temp = tempDirs();

const SECRET = 'sk-artifact-secret-0123456789';
const ENV_KEYS = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'RUNNER_TEMP'];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

/** A binary patch body: bytes that are not valid UTF-8 must arrive unchanged. */
const BINARY = Buffer.from([0x47, 0x49, 0x54, 0xff, 0xfe, 0x00, 0x80, 0x81, 0x0a]);

let art: ArtifactServer;
let runDir: string;
let runnerTemp: string;

async function write(rel: string, content: string | Buffer) {
  await fs.mkdir(path.dirname(path.join(runDir, rel)), { recursive: true });
  await fs.writeFile(path.join(runDir, rel), content);
}

beforeAll(async () => {
  art = await startArtifactServer();
});
afterAll(async () => {
  await art.close();
});

beforeEach(async () => {
  Object.assign(process.env, art.env, { GITHUB_REPOSITORY: 'octo-org/hello-world', GITHUB_RUN_ID: '4242' });
  runnerTemp = await temp.make('runner-temp');
  process.env.RUNNER_TEMP = runnerTemp;
  runDir = await temp.make('run');
  await write('results.json', JSON.stringify({ schemaVersion: 1, runId: 'r1' }));
  await write('report.md', '# report\n');
  await write('combined.patch', BINARY);
  await write('workers/reviewer-1/prompt.md', 'Review these files.');
  await write('workers/reviewer-1/events.jsonl', `{"type":"thread.started"}\n{"type":"error","message":"bad key ${SECRET}"}\n`);
  await write('workers/reviewer-1/final.json', '{"status":"complete"}');
  await write('workers/reviewer-1/stderr.log', '');
  await write('workers/coder-1/patch.diff', BINARY);
  await write('memory/patterns.json', '[]');
  await write('odd:name?.txt', 'odd');
  await fs.symlink('/etc/hostname', path.join(runDir, 'link-outside'));
  registerSecret(SECRET);
});

afterEach(async () => {
  await temp.removeAll();
  clearSecrets();
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe('uploadRunArtifact', () => {
  it('uploads every file of the run folder with the real @actions/artifact, redacted, and links to it', async () => {
    const result = await uploadRunArtifact({ runDir, name: 'codex-swarm-4242-1', retentionDays: 5 });
    if ('error' in result) throw new Error(result.error);
    const stored = art.artifact('codex-swarm-4242-1');
    expect(result).toEqual({
      id: stored.id,
      size: stored.blob!.length,
      url: `https://github.com/octo-org/hello-world/actions/runs/4242/artifacts/${stored.id}`,
    });

    expect(art.entries('codex-swarm-4242-1').sort()).toEqual(
      [
        'combined.patch',
        'memory/patterns.json',
        'odd_name_.txt',
        'report.md',
        'results.json',
        'workers/coder-1/patch.diff',
        'workers/reviewer-1/events.jsonl',
        'workers/reviewer-1/final.json',
        'workers/reviewer-1/prompt.md',
        'workers/reviewer-1/stderr.log',
      ].sort(),
    );
    expect(JSON.parse(art.readEntry('codex-swarm-4242-1', 'results.json').toString())).toEqual({ schemaVersion: 1, runId: 'r1' });
    expect(art.readEntry('codex-swarm-4242-1', 'workers/coder-1/patch.diff').equals(BINARY)).toBe(true);
    const events = art.readEntry('codex-swarm-4242-1', 'workers/reviewer-1/events.jsonl').toString();
    expect(events).toContain('bad key ***');
    expect(events).not.toContain(SECRET);

    // The service got a retention date about 5 days out and the zip's digest.
    const expires = Date.parse(stored.expiresAt!);
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(5);
    expect(stored.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The run folder itself is untouched, and the staging copy is gone.
    expect(await fs.readFile(path.join(runDir, 'workers/reviewer-1/events.jsonl'), 'utf8')).toContain(SECRET);
    expect(await fs.readdir(runnerTemp)).toEqual([]);
  });

  it('the uploaded artifact downloads again with the library (as an aggregate job would)', async () => {
    const result = await uploadRunArtifact({ runDir, name: 'round-trip' });
    if ('error' in result) throw new Error(result.error);
    const into = await temp.make('download');
    await new DefaultArtifactClient().downloadArtifact(result.id, { path: into });
    expect(await fs.readFile(path.join(into, 'results.json'), 'utf8')).toContain('"runId":"r1"');
    expect((await fs.readFile(path.join(into, 'workers/coder-1/patch.diff'))).equals(BINARY)).toBe(true);
  });

  it('returns the failure instead of throwing: quota error, name already used, service unreachable, GHES, not in Actions, empty folder', async () => {
    art.failCreateArtifact({ status: 500, msg: 'insufficient usage to create artifact', times: 1 });
    const quota = await uploadRunArtifact({ runDir, name: 'quota' });
    expect(quota).toEqual({ error: expect.stringContaining('storage quota') });

    expect('id' in (await uploadRunArtifact({ runDir, name: 'twice' }))).toBe(true);
    expect(await uploadRunArtifact({ runDir, name: 'twice' })).toEqual({ error: expect.stringContaining('already exists') });

    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    process.env.ACTIONS_RESULTS_URL = `http://127.0.0.1:${closedPort}/`;
    expect(await uploadRunArtifact({ runDir, name: 'unreachable' })).toEqual({ error: expect.stringContaining('ECONNREFUSED') });

    process.env.GITHUB_SERVER_URL = 'https://github.example.com';
    const commands = captureWorkflowCommands();
    try {
      expect(await uploadRunArtifact({ runDir, name: 'ghes' })).toEqual({ error: expect.stringContaining('not currently supported on GHES') });
    } finally {
      commands.restore();
    }
    // @actions/artifact warns on its own as well.
    expect(commands.warnings).toEqual([expect.stringContaining('not currently supported on GHES')]);
    process.env.GITHUB_SERVER_URL = art.env.GITHUB_SERVER_URL;

    delete process.env.ACTIONS_RUNTIME_TOKEN;
    expect(await uploadRunArtifact({ runDir, name: 'outside' })).toEqual({ error: expect.stringContaining('ACTIONS_RUNTIME_TOKEN') });

    const empty = await temp.make('empty-run');
    expect(await uploadRunArtifact({ runDir: empty, name: 'empty' })).toEqual({ error: expect.stringContaining('holds no files') });
    expect(await fs.readdir(runnerTemp)).toEqual([]);
  });

  it('a passing 500 from CreateArtifact is retried by the library', async () => {
    art.failCreateArtifact({ status: 500, times: 1 });
    const retried = await uploadRunArtifact({ runDir, name: 'after-retry' });
    expect('id' in retried).toBe(true);
    expect(
      art.requests.filter((r) => r.call === 'CreateArtifact' && r.body && (r.body as { name?: string }).name === 'after-retry').map((r) => r.status),
    ).toEqual([500, 200]);
  }, 20_000);
});

describe('defaultArtifactName', () => {
  it('is unique per run and attempt and valid as an artifact name', () => {
    expect(defaultArtifactName('4242', '2')).toBe('codex-swarm-4242-2');
    expect(defaultArtifactName(4242)).toBe('codex-swarm-4242-1');
    expect(defaultArtifactName('a/b:c', 1)).toBe('codex-swarm-a-b-c-1');
  });
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MemorySession } from '../../src/memory/session.js';
import { runLifecycle, type RunRecipe } from '../../src/run/lifecycle.js';
import { makeRepo } from '../workers/gitRepo.js';

test("publishing starts while the memory's save is still under way, and the run waits for both", async () => {
  const repo = await makeRepo({ 'a.txt': 'a\n' });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'codex-swarm-lifecycle-'));
  const events: string[] = [];
  let releaseSave!: () => void;
  const session = {
    swarmMemory: { beforeWorker: () => Promise.resolve({ promptSection: '', keys: [] }), afterWorker: () => Promise.resolve(), codexConfigFor: () => [] },
    close: () => Promise.resolve(),
    finish: () => Promise.resolve(events.push('memory written')).then(() => undefined),
  } as unknown as MemorySession;
  const recipe: RunRecipe = {
    runId: 'r1',
    repoDir: repo,
    runDir: path.join(tmp, 'run'),
    scratchDir: path.join(tmp, 'scratch'),
    plan: () => Promise.resolve({ command: 'review', task: '', fileSource: 'repository', fileCount: 0, workers: [] }),
    codex: () => Promise.resolve('/bin/false'),
    engine: { codexArgs: [], workerTimeoutMs: 1000, maxParallel: 1, applyPatches: false },
    memory: {
      open: () => Promise.resolve(session),
      saved: () =>
        new Promise<void>((resolve) => {
          events.push('save started');
          releaseSave = () => {
            events.push('save done');
            resolve();
          };
        }),
    },
  };
  const result = await runLifecycle(recipe, {
    planned: () => undefined,
    publish: () => {
      events.push('publish started');
      setTimeout(() => releaseSave(), 20);
      return Promise.resolve('published');
    },
  });
  expect(result).toBe('published');
  expect(events).toEqual(['memory written', 'save started', 'publish started', 'save done']);
  await fs.rm(repo, { recursive: true, force: true });
  await fs.rm(tmp, { recursive: true, force: true });
});

/**
 * Scenario 4 — cold start: `node dist/index.js` until its first log line, with a minimal runner
 * environment and an event the action ignores (an edited comment), so it exits right after
 * routing. Beside it: a bare `node -e` printing one line, the floor any bundle stands on.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Row, ScenarioResult } from './report.js';
import { formatMs, summarize } from './stats.js';
import { repoRoot, run, runOk, Unavailable, type BenchContext } from './support.js';

const TARGET_MS = 300;
const BUNDLE = path.join(repoRoot, 'dist/index.js');

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** What a runner gives the action, minus everything that would make it do work. */
async function minimalEnv(ctx: BenchContext): Promise<NodeJS.ProcessEnv> {
  const dir = await ctx.tempDir('runner');
  const event = path.join(dir, 'event.json');
  await fs.writeFile(
    event,
    JSON.stringify({
      action: 'edited',
      issue: { number: 1, pull_request: { url: 'https://api.github.com/repos/o/r/pulls/1' } },
      comment: { id: 1, body: '/swarm review', user: { login: 'someone', type: 'User' } },
      repository: { name: 'r', owner: { login: 'o' } },
    }),
  );
  for (const f of ['output', 'summary', 'env', 'path', 'state']) await fs.writeFile(path.join(dir, f), '');
  await fs.mkdir(path.join(dir, 'workspace'));
  return {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'issue_comment',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: path.join(dir, 'workspace'),
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: dir,
  };
}

export async function coldStart(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(BUNDLE)) throw new Unavailable('there is no dist/index.js: run npm run build');
  const env = await minimalEnv(ctx);
  const cwd = env.GITHUB_WORKSPACE!;

  const action = () => run(ctx, process.execPath, [BUNDLE], { cwd, env });
  const bareNode = () => runOk(ctx, process.execPath, ['-e', 'console.log("ready")'], { cwd, env });
  const probe = await action();
  if (probe.code !== 0 || probe.firstLineMs === null) {
    const said = `${probe.stdout}${probe.stderr}`.trim().split('\n').slice(0, 3).join(' | ').slice(0, 300);
    throw new Error(`dist/index.js did not end cleanly on an ignored event (exit ${probe.code ?? probe.signal}): ${said || 'no output'}`);
  }
  await bareNode();

  const first: number[] = [];
  const exit: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < Math.max(ctx.options.runs, 5); i++) {
    const r = await action();
    first.push(r.firstLineMs ?? r.wallMs);
    exit.push(r.wallMs);
    floor.push((await bareNode()).firstLineMs!);
  }
  const firstLine = summarize(first);
  const mainBytes = (await fs.stat(BUNDLE)).size;
  const allBytes = await folderBytes(path.dirname(BUNDLE));
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(2)} MB`;
  const firstText = (probe.stdout || probe.stderr).split('\n')[0].slice(0, 100);
  const rows: Row[] = [
    {
      scenario: '4',
      figure: 'node dist/index.js → first log line',
      value: formatMs(firstLine),
      target: `≤ ${TARGET_MS} ms`,
      met: firstLine.median <= TARGET_MS,
      data: { ms: firstLine },
    },
    {
      scenario: '4',
      figure: '  … to exit (event ignored)',
      value: formatMs(summarize(exit)),
      target: '',
      met: null,
      data: { ms: summarize(exit), exitCode: probe.code },
    },
    { scenario: '4', figure: '  bare node -e, first line (floor)', value: formatMs(summarize(floor)), target: '', met: null, data: { ms: summarize(floor) } },
    {
      scenario: '4',
      figure: 'bundle size (index.js / whole folder)',
      value: `${mb(mainBytes)} / ${mb(allBytes)}`,
      target: '',
      met: null,
      data: { indexBytes: mainBytes, folderBytes: allBytes },
    },
  ];
  return {
    id: '4',
    title: 'cold start and bundle size',
    status: 'ok',
    rows,
    notes: [`First line printed: "${firstText}" (exit ${probe.code ?? probe.signal}).`],
  };
}

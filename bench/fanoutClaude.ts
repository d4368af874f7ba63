/**
 * Scenario 1c — the real Claude Code CLI against the scripted Messages server (a response delay
 * standing in for the model), N reviewers two ways in the same repetition:
 *   engine  runSwarm with engine claude, max-parallel = N (through the key-holding proxy)
 *   shell   `claude -p … &` for each with the engine's exact arguments (claudeArgs), prompt and
 *           curated environment, a fresh CLAUDE_CONFIG_DIR and TMPDIR each, then `wait`
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { quote } from 'shell-quote';
import { startScriptedMessages } from '../__tests__/fixtures/scriptedMessages.js';
import type { Plan } from '../src/plan/types.js';
import { claudeArgs, PROXY_HOLDS_THE_KEY } from '../src/workers/claudeEngine.js';
import { workerEnv } from '../src/workers/workerEnv.js';
import { planFor, smallRepo, timeEngine } from './engine.js';
import type { Row, ScenarioResult } from './report.js';
import { formatMs, formatRatio, ratioSummary, summarize } from './stats.js';
import { repoRoot, run, timed, Unavailable, type BenchContext } from './support.js';

const REAL_CLAUDE = path.join(repoRoot, 'node_modules/.bin/claude');
const MAX_TURNS = 10;

export async function fanoutClaude(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(REAL_CLAUDE)) throw new Unavailable('node_modules/.bin/claude is missing (npm ci installs @anthropic-ai/claude-code)');
  const quick = ctx.options.quick;
  const delayMs = quick ? 1000 : 2000;
  const sizes = quick ? [1, 4] : [1, 4, 8];
  const api = await startScriptedMessages({ delayMs });
  ctx.defer(() => api.close());
  const repo = await smallRepo(ctx);
  const realHome = process.env.HOME;
  process.env.HOME = await ctx.tempDir('home');
  ctx.defer(() => {
    process.env.HOME = realHome;
    return Promise.resolve();
  });

  const engine = (plan: Plan) =>
    timeEngine(ctx, {
      plan,
      repoDir: repo,
      codexPath: 'codex',
      codexArgs: [],
      claude: { claudePath: REAL_CLAUDE, endpoint: { baseUrl: `${api.url}/v1` }, maxTurns: MAX_TURNS },
      workerTimeoutMs: 300_000,
      maxParallel: plan.workers.length,
      applyPatches: false,
    });

  /** The same calls as a shell script: each with its own config and temp folder, made before the clock starts. */
  const shellScript = async (plan: Plan): Promise<string> => {
    const tmp = await ctx.tempDir('claude-calls');
    const lines = await Promise.all(
      plan.workers.map(async (spec) => {
        const dir = path.join(tmp, spec.id);
        await Promise.all([fs.mkdir(path.join(dir, 'config'), { recursive: true }), fs.mkdir(path.join(dir, 'tmp'), { recursive: true })]);
        const promptFile = path.join(dir, 'prompt.md');
        await fs.writeFile(promptFile, spec.prompt);
        const vars = [
          `ANTHROPIC_BASE_URL=${api.url}`,
          `ANTHROPIC_API_KEY=${PROXY_HOLDS_THE_KEY}`,
          'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1',
          'DISABLE_AUTOUPDATER=1',
          `CLAUDE_CONFIG_DIR=${path.join(dir, 'config')}`,
          `TMPDIR=${path.join(dir, 'tmp')}`,
        ];
        const args = claudeArgs({ sandbox: spec.sandbox, role: spec.role, maxTurns: MAX_TURNS });
        return `(cd ${quote([repo])} && exec env ${quote([...vars, REAL_CLAUDE, ...args])} < ${quote([promptFile])} > ${quote([path.join(dir, 'events.jsonl')])} 2> ${quote([path.join(dir, 'stderr.log')])}) & pids+=($!)`;
      }),
    );
    return ['pids=()', ...lines, 'fail=0', 'for p in "${pids[@]}"; do wait "$p" || fail=1; done', 'exit $fail'].join('\n');
  };
  const shell = async (plan: Plan) => {
    const script = await shellScript(plan);
    const r = await timed(() => run(ctx, 'bash', ['-c', script], { env: workerEnv(process.env) }));
    if (r.value.code !== 0) throw new Error(`shell fan-out: a claude -p failed (exit ${r.value.code}): ${r.value.stderr.slice(-300)}`);
    return r;
  };

  // Warm-up: the claude binary into memory, once per mode.
  {
    const plan = await planFor(repo, { command: 'review', workers: 1, maxParallel: 1, engine: { mode: 'claude', overrides: {} } });
    await engine(plan);
    await shell(plan);
  }
  const rows: Row[] = [];
  for (const n of sizes) {
    const plan = await planFor(repo, { command: 'review', workers: n, maxParallel: n, engine: { mode: 'claude', overrides: {} } });
    if (plan.workers.length !== n) throw new Error(`the plan has ${plan.workers.length} workers, not ${n}`);
    const wall = { engine: [] as number[], shell: [] as number[] };
    for (let i = 0; i < ctx.options.codexRuns; i++) {
      for (const mode of i % 2 === 0 ? (['engine', 'shell'] as const) : (['shell', 'engine'] as const)) {
        const r = mode === 'engine' ? await engine(plan) : await shell(plan);
        wall[mode].push(r.wallMs);
        ctx.log(`1c N=${n} run ${i + 1} ${mode}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU`);
      }
    }
    const ratio = ratioSummary(wall.engine, wall.shell);
    rows.push(
      {
        scenario: '1c',
        figure: `claude engine wall, N=${n}`,
        value: formatMs(summarize(wall.engine)),
        target: '',
        met: null,
        data: { n, wallMs: summarize(wall.engine) },
      },
      {
        scenario: '1c',
        figure: `claude shell fan-out wall, N=${n}`,
        value: formatMs(summarize(wall.shell)),
        target: '',
        met: null,
        data: { n, wallMs: summarize(wall.shell) },
      },
      {
        scenario: '1c',
        figure: `claude engine / shell fan-out, N=${n}`,
        value: formatRatio(ratio),
        target: '≤ 1.05',
        met: ratio.median <= 1.05,
        data: { n, ratio },
      },
    );
  }
  return {
    id: '1c',
    title: 'fan-out, real claude: engine vs shell fan-out',
    status: 'ok',
    rows,
    notes: [
      `Model: the scripted Messages server, ${delayMs / 1000} s delay per response, one response (the StructuredOutput answer) per worker; ${ctx.options.codexRuns} repetition(s), modes alternating; claude runs with an empty HOME, its own CLAUDE_CONFIG_DIR and TMPDIR in both modes. The engine reaches the model through its key-holding proxy, the shell directly.`,
    ],
  };
}

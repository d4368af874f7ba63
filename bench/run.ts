/**
 * `npm run bench`: every scenario of issue 5, measured side by side in one run on this machine,
 * printed as a table and written to bench/last-run.json. Exits non-zero only when a scenario could
 * not run; a missed target is a result, not a failure.
 *
 *   npm run bench -- [--runs N] [--codex-runs N] [--quick] [--only 1a,1b,1c,2,3,4,5,6,7,8,9] [--out FILE]
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { coldStart } from './coldStart.js';
import { fanoutClaude } from './fanoutClaude.js';
import { fanoutCodex } from './fanoutCodex.js';
import { fanoutEngine } from './fanoutEngine.js';
import { largeRepo } from './largeRepo.js';
import { memorySearch } from './memorySearch.js';
import { memorySync } from './memorySync.js';
import { orchestrator } from './orchestrator.js';
import { requestCost } from './requestCost.js';
import { scale } from './scale.js';
import { workerStart } from './workerStart.js';
import { machineInfo, renderContext, renderNotes, renderTable, writeReport, type BenchReport, type ScenarioResult } from './report.js';
import { BenchContext, repoRoot, Unavailable, type BenchOptions } from './support.js';

type Scenario = (ctx: BenchContext) => Promise<ScenarioResult>;

const SCENARIOS: { id: string; title: string; run: Scenario }[] = [
  { id: '1a', title: 'fan-out, engine overhead', run: fanoutEngine },
  { id: '1b', title: 'fan-out, real codex vs sequential vs shell', run: fanoutCodex },
  { id: '1c', title: 'fan-out, real claude vs shell', run: fanoutClaude },
  { id: '2', title: 'per-worker overhead, large repository', run: largeRepo },
  { id: '3', title: 'memory search and persistence', run: memorySearch },
  { id: '4', title: 'cold start and bundle size', run: coldStart },
  { id: '5', title: 'orchestrator: 4 planned coders vs one coder', run: orchestrator },
  { id: '6', title: 'scale: budget plan, queue, aggregate, projection', run: scale },
  { id: '7', title: 'worker start: shared prompt prefix, plugin sync', run: workerStart },
  { id: '8', title: 'memory sync at run start', run: memorySync },
  { id: '9', title: 'GitHub requests per run', run: requestCost },
];

function options(): BenchOptions & { only: string[]; out: string } {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'codex-runs': { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run bench -- [--runs N] [--codex-runs N] [--quick] [--only 1a,1b,1c,2,3,4,5,6,7,8,9] [--out FILE]\n');
    process.exit(0);
  }
  const count = (name: string, v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${name} must be a whole number of at least 1, got "${v}"`);
    return Number(v);
  };
  const quick = values.quick;
  const runs = count('runs', values.runs, quick ? 1 : 5);
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : SCENARIOS.map((s) => s.id);
  const unknown = only.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) throw new Error(`--only: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return {
    runs,
    // Every 1b repetition starts codex 3N times; 3 repetitions keep a full run near a quarter of an hour.
    codexRuns: count('codex-runs', values['codex-runs'], Math.min(runs, 3)),
    quick,
    only,
    out: path.resolve(values.out ?? path.join(repoRoot, 'bench/last-run.json')),
  };
}

async function main(): Promise<number> {
  const opts = options();
  const ctx = new BenchContext({ runs: opts.runs, codexRuns: opts.codexRuns, quick: opts.quick });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: ending the bench's processes and removing its temp folders…\n`);
    void ctx.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const started = performance.now();
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    durationMs: 0,
    machine: machineInfo(),
    options: { runs: opts.runs, codexRuns: opts.codexRuns, quick: opts.quick, only: opts.only },
    scenarios: [],
  };
  process.stderr.write(
    `codex-swarm bench on ${report.machine.cpus} cores (${report.machine.cpuModel}), node ${report.machine.node}, ${opts.runs} run(s) each\n`,
  );
  for (const scenario of SCENARIOS.filter((s) => opts.only.includes(s.id))) {
    const loadAtStart = os.loadavg()[0];
    process.stderr.write(`\n${scenario.id} ${scenario.title} (load average ${loadAtStart.toFixed(1)})\n`);
    const t0 = performance.now();
    let result: ScenarioResult;
    try {
      result = await scenario.run(ctx);
    } catch (err) {
      const unavailable = err instanceof Unavailable;
      const message = (err as Error).message;
      process.stderr.write(`  ${unavailable ? 'unavailable' : 'could not run'}: ${unavailable ? message : (err as Error).stack}\n`);
      result = { id: scenario.id, title: scenario.title, status: unavailable ? 'unavailable' : 'error', rows: [], notes: [], error: message };
    } finally {
      await ctx.cleanup();
    }
    report.scenarios.push({ ...result, durationMs: Math.round(performance.now() - t0), loadAverage: { start: loadAtStart, end: os.loadavg()[0] } });
  }
  report.durationMs = Math.round(performance.now() - started);

  process.stdout.write(`\n${renderTable(report.scenarios)}\n\n${renderNotes(report.scenarios)}\n\n${renderContext(report)}\n`);
  await writeReport(opts.out, report);
  process.stdout.write(`\nJSON: ${path.relative(process.cwd(), opts.out) || opts.out} (the bench took ${(report.durationMs / 60_000).toFixed(1)} min)\n`);
  return report.scenarios.some((s) => s.status === 'error') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    process.exit(2);
  },
);

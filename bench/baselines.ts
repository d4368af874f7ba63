/**
 * What a user would do instead of the engine, with exactly the engine's `codex exec` arguments
 * (codexExecArgs), the same prompts on stdin, the same curated environment and a fresh
 * CODEX_HOME per call: a sequential loop, and a bare shell fan-out (`codex exec … &`, then `wait`,
 * the recipe of codex-worker.md).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { quote } from 'shell-quote';
import type { Plan } from '../src/plan/types.js';
import { codexExecArgs } from '../src/workers/runCodex.js';
import { writeOutputSchema } from '../src/workers/outputSchema.js';
import { workerEnv } from '../src/workers/workerEnv.js';
import { run, type BenchContext } from './support.js';

export interface CodexCall {
  codexPath: string;
  args: string[];
  prompt: string;
  promptFile: string;
  codexHome: string;
  cwd: string;
  eventsFile: string;
  stderrFile: string;
}

export interface CallOptions {
  codexPath: string;
  /** Provider `-c` arguments (providerConfigArgs), as the engine passes them. */
  providerArgs?: string[];
  /** The `codex-args` the engine was given. */
  codexArgs?: string[];
  /** Where each call runs: the checkout for readers; writers get a folder of their own. */
  cwd: (workerId: string, callDir: string) => string;
}

/** Folders, CODEX_HOMEs, prompt files and arguments for each worker of the plan, made before any clock starts. */
export async function prepareCalls(ctx: BenchContext, plan: Plan, o: CallOptions): Promise<CodexCall[]> {
  const tmp = await ctx.tempDir('calls');
  return Promise.all(
    plan.workers.map(async (spec) => {
      const dir = path.join(tmp, spec.id);
      const codexHome = path.join(dir, 'codex-home');
      await fs.mkdir(codexHome, { recursive: true });
      const cwd = o.cwd(spec.id, dir);
      await fs.mkdir(cwd, { recursive: true });
      const promptFile = path.join(dir, 'prompt.md');
      await fs.writeFile(promptFile, spec.prompt);
      const eventsFile = path.join(dir, 'events.jsonl');
      const stderrFile = path.join(dir, 'stderr.log');
      const args = codexExecArgs({
        codexPath: o.codexPath,
        cwd,
        prompt: spec.prompt,
        sandbox: spec.sandbox,
        outputSchemaPath: await writeOutputSchema(path.join(dir, 'output-schema.json'), 'coder'),
        finalPath: path.join(dir, 'final.json'),
        eventsPath: eventsFile,
        stderrPath: stderrFile,
        model: spec.model,
        effort: spec.effort,
        providerArgs: o.providerArgs,
        codexArgs: o.codexArgs,
        env: {},
        timeoutMs: 0,
      });
      return { codexPath: o.codexPath, args, prompt: spec.prompt, promptFile, codexHome, cwd, eventsFile, stderrFile };
    }),
  );
}

const lastLines = (text: string) => text.trim().split('\n').slice(-3).join(' | ');

/** One call after another, each awaited; returns each call's wall time. */
export async function sequentialLoop(ctx: BenchContext, calls: CodexCall[]): Promise<number[]> {
  const env = workerEnv(process.env);
  const walls: number[] = [];
  for (const c of calls) {
    const r = await run(ctx, c.codexPath, c.args, { cwd: c.cwd, env: { ...env, CODEX_HOME: c.codexHome }, stdin: c.prompt });
    if (r.code !== 0) throw new Error(`sequential codex exec exited with ${r.code ?? r.signal}: ${lastLines(r.stderr)}`);
    walls.push(r.wallMs);
  }
  return walls;
}

/** Every call started with `&` from one bash, then `wait`ed for; fails if any call failed. */
export async function shellFanOut(ctx: BenchContext, calls: CodexCall[]): Promise<void> {
  const lines = calls.map(
    (c) =>
      `(cd ${quote([c.cwd])} && CODEX_HOME=${quote([c.codexHome])} exec ${quote([c.codexPath, ...c.args])} < ${quote([c.promptFile])} > ${quote([c.eventsFile])} 2> ${quote([c.stderrFile])}) & pids+=($!)`,
  );
  const script = ['pids=()', ...lines, 'fail=0', 'for p in "${pids[@]}"; do wait "$p" || fail=1; done', 'exit $fail'].join('\n');
  const r = await run(ctx, 'bash', ['-c', script], { env: workerEnv(process.env) });
  if (r.code !== 0) {
    const stderr = await Promise.all(calls.map((c) => fs.readFile(c.stderrFile, 'utf8').catch(() => '')));
    throw new Error(`shell fan-out: a codex exec failed: ${lastLines(stderr.find((s) => s.trim()) ?? r.stderr)}`);
  }
}

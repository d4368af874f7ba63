/**
 * `codex-swarm <command> [task or paths] [flags]`: the local CLI's arguments, checked with the
 * same rules as the action's inputs where they overlap.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_BUDGET, DEFAULT_MAX_WORKERS } from '../plan/shard.js';
import { parseEngineOverrides } from '../plan/engines.js';
import { ENGINE_MODES, type EngineChoice, type SwarmRequest } from '../plan/types.js';

export class UsageError extends Error {}

export interface CliRun {
  kind: 'run';
  request: SwarmRequest;
  endpoint?: string;
  timeoutMinutes: number;
  /** Token budgets, enforced at the local proxy (so only with OPENAI_API_KEY or --endpoint). */
  budget: { maxTokens?: number; maxTokensPerWorker?: number };
  apply: boolean;
  /** Plan and print the plan only: no model call, no Codex install. */
  dryRun: boolean;
  memory: boolean;
  codexVersion: string;
  codexArgs: string;
  claudeModel: string;
  claudeCodeVersion: string;
  /** `code` only: stop after the planner and print its plan. */
  planOnly?: true;
  /** `code` only: run this saved plan (a run's plan.json) without a planner. */
  planFile?: string;
}

export type CliCommand = CliRun | { kind: 'help' } | { kind: 'version' } | { kind: 'memory'; args: string[] } | { kind: 'clean' };

export const CLI_USAGE = `Usage: codex-swarm <command> [task | paths…] [options]

Runs parallel Codex workers on the git repository you are in.

Commands:
  review [paths…]        reviewers over the files, reporting findings
  test [paths…]          testers writing and running tests
  docs [paths…]          documenters writing documentation
  audit [paths…]         reviewers over the whole repository, security first
  code <instructions>    a planner splits it into coders on separate files, run in parallel,
                         then a tester and a reviewer of their merged change
  memory search <query> | list [--namespace N] | export | clear
                         look inside the shared memory (.codex-swarm/memory.json), or empty it
  memory pull [--repo owner/name] [--key K] [--max-deltas N] [--days D]
                         merge what the repository's runs on GitHub learned into it
                         (token: GITHUB_TOKEN, else \`gh auth token\`; needs Actions read access)
  clean                  remove worktrees and temp folders an interrupted run left behind

Options:
  --task <text>          what to do (review/test/docs/audit); code takes it as its arguments
  --paths <globs>        comma-separated globs that filter the files (!glob excludes)
  --workers <n>          workers per fan-out (default: as many as keep each within the budget)
  --max-parallel <n>     workers running at once; the rest queue (default 4)
  --max-files-per-worker <n>  the budget: most files one worker is given (default 40)
  --max-bytes-per-worker <n>  the budget: most bytes one worker is given (default 160000)
  --max-workers <n>      most workers one run gets; past it shards grow over the budget (default 64)
  --model <m>            the model, e.g. gpt-5-codex
  --effort <e>           reasoning effort: minimal, low, medium, high, xhigh
  --endpoint <url>       an OpenAI-compatible Responses API (key from OPENAI_API_KEY, if set)
  --timeout-minutes <n>  per worker (default 20)
  --plan-only            code: only plan; prints the plan and saves it as plan.json in the run folder
  --plan <file>          code: run a saved plan.json as it is, without a planner (no instructions needed)
  --max-tokens <n>       tokens the whole swarm may spend (default: no limit)
  --max-tokens-per-worker <n>  tokens one worker may spend (default: no limit)
  --apply                apply the merged patches to your working tree (default: keep them in the run folder)
  --dry-run              print the plan (workers, files, prompt sizes, memory) and stop: no model, no Codex
  --no-memory            do not read or write .codex-swarm/memory.json
  --codex-version <v>    use this @openai/codex version (or "latest") instead of codex on PATH,
                         installed once into ~/.cache/codex-swarm (default without codex on PATH:
                         the version codex-swarm is tested with)
  --codex-args <args>    extra codex exec arguments
  --engine <e>           codex (default), claude (Claude Code workers) or mixed (reviewers on Claude, writers on Codex)
  --engines <overrides>  per-role engines, e.g. reviewer=claude,coder=codex
  --claude-model <m>     the model of Claude Code workers
  --claude-code-version <v>  install and use this @anthropic-ai/claude-code version instead of claude on PATH
  -h, --help             this help
  -v, --version          the version

The model: with OPENAI_API_KEY set (or --endpoint), workers reach it through a local proxy that
holds the key; otherwise codex uses your \`codex login\`. Claude Code workers need ANTHROPIC_API_KEY (or
ANTHROPIC_BASE_URL for a gateway), held by the same kind of proxy.
Exit codes: 0 every worker succeeded, 1 a worker did not, 2 bad usage, 3 --apply could not apply
(the patch is kept in the run folder), 130 interrupted.`;

const positiveInt = (name: string, value: string | undefined, fallback: number | undefined, max = 64): number | undefined => {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got "${value}")`);
  return Number(value);
};

const OPTIONS = {
  task: { type: 'string' },
  paths: { type: 'string' },
  workers: { type: 'string' },
  'max-parallel': { type: 'string' },
  'max-files-per-worker': { type: 'string' },
  'max-bytes-per-worker': { type: 'string' },
  'max-workers': { type: 'string' },
  model: { type: 'string' },
  effort: { type: 'string' },
  endpoint: { type: 'string' },
  'timeout-minutes': { type: 'string' },
  'max-tokens': { type: 'string' },
  'max-tokens-per-worker': { type: 'string' },
  apply: { type: 'boolean', default: false },
  'plan-only': { type: 'boolean', default: false },
  plan: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'no-memory': { type: 'boolean', default: false },
  'codex-version': { type: 'string', default: '' },
  'codex-args': { type: 'string', default: '' },
  engine: { type: 'string', default: 'codex' },
  engines: { type: 'string', default: '' },
  'claude-model': { type: 'string', default: '' },
  'claude-code-version': { type: 'string', default: '' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

/**
 * `--max-parallel -1` as `--max-parallel=-1`: parseArgs refuses a value that starts with a dash
 * ("ambiguous"), which would hide the range error the value deserves.
 */
function joinNegativeNumbers(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([\w-]+)$/.exec(argv[i])?.[1];
    const option = name && name in OPTIONS ? OPTIONS[name as keyof typeof OPTIONS] : undefined;
    if (option?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

export function parseCliArgs(argv: string[]): CliCommand {
  if (argv[0] === 'memory') return { kind: 'memory', args: argv.slice(1) };
  if (argv[0] === 'clean') {
    if (argv.length > 1) throw new UsageError(`clean takes no arguments (got "${argv.slice(1).join(' ')}")`);
    return { kind: 'clean' };
  }
  const { values: v, positionals } = parseFlags(argv);
  if (v.help || positionals[0] === 'help') return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const command = commandOf(positionals);
  const { task, paths } = taskAndPaths(command, positionals.slice(1), v);
  if (v.effort && !['minimal', 'low', 'medium', 'high', 'xhigh'].includes(v.effort)) {
    throw new UsageError(`--effort must be minimal, low, medium, high or xhigh (got "${v.effort}")`);
  }
  if (v.endpoint && !/^https?:\/\/\S+$/.test(v.endpoint)) throw new UsageError(`--endpoint must be an http(s) URL (got "${v.endpoint}")`);
  const timeout = v['timeout-minutes'] === undefined ? 20 : Number(v['timeout-minutes']);
  if (!(timeout > 0)) throw new UsageError(`--timeout-minutes must be a number of minutes above 0 (got "${v['timeout-minutes']}")`);
  const workers = positiveInt('workers', v.workers, undefined);
  const engine = engineChoice(v);
  const maxTokens = positiveInt('max-tokens', v['max-tokens'], undefined, 1e12);
  const maxTokensPerWorker = positiveInt('max-tokens-per-worker', v['max-tokens-per-worker'], undefined, 1e12);
  return {
    kind: 'run',
    request: {
      command,
      task,
      paths,
      ...(workers ? { workers } : {}),
      ...sizing(v),
      ...(v.model ? { model: v.model } : {}),
      ...(v.effort ? { effort: v.effort } : {}),
      engine,
    },
    ...(v.endpoint ? { endpoint: v.endpoint } : {}),
    timeoutMinutes: timeout,
    budget: { ...(maxTokens ? { maxTokens } : {}), ...(maxTokensPerWorker ? { maxTokensPerWorker } : {}) },
    apply: v.apply,
    dryRun: v['dry-run'],
    memory: !v['no-memory'],
    codexVersion: v['codex-version'],
    codexArgs: v['codex-args'],
    claudeModel: v['claude-model'],
    claudeCodeVersion: v['claude-code-version'],
    ...(v['plan-only'] ? { planOnly: true as const } : {}),
    ...(v.plan !== undefined ? { planFile: v.plan } : {}),
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: joinNegativeNumbers(argv), allowPositionals: true, options: OPTIONS });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
type Flags = ReturnType<typeof parseFlags>['values'];

function commandOf(positionals: string[]): SwarmRequest['command'] {
  const command = positionals[0];
  if (!command) throw new UsageError('say what to do: review, test, docs, audit or code');
  if (!['review', 'test', 'docs', 'audit', 'code'].includes(command)) {
    throw new UsageError(`unknown command "${command}": use review, test, docs, audit, code or memory`);
  }
  return command as SwarmRequest['command'];
}

/** `code` takes its instructions as arguments and `--paths` only; the others take paths as arguments too. */
function taskAndPaths(command: SwarmRequest['command'], rest: string[], v: Flags): { task: string; paths: string[] } {
  const isCode = command === 'code';
  const task = isCode ? [v.task, ...rest].filter(Boolean).join(' ') : (v.task ?? '');
  checkPlanFlags(v, isCode, task);
  const globs = (v.paths ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { task, paths: isCode ? globs : [...rest, ...globs] };
}

/** How many workers run at once, and how an automatic fan-out is sized. */
function sizing(v: Flags): Pick<SwarmRequest, 'maxParallel' | 'budget' | 'maxWorkers'> {
  return {
    maxParallel: positiveInt('max-parallel', v['max-parallel'], 4)!,
    budget: {
      maxFiles: positiveInt('max-files-per-worker', v['max-files-per-worker'], DEFAULT_BUDGET.maxFiles, 100_000)!,
      maxBytes: positiveInt('max-bytes-per-worker', v['max-bytes-per-worker'], DEFAULT_BUDGET.maxBytes, 100_000_000)!,
    },
    maxWorkers: positiveInt('max-workers', v['max-workers'], DEFAULT_MAX_WORKERS, 2048)!,
  };
}

/** `--plan-only` and `--plan` belong to `code`, exclude each other, and `code` needs one of them or instructions. */
function checkPlanFlags(v: Flags, isCode: boolean, task: string): void {
  if (!isCode && (v['plan-only'] || v.plan !== undefined)) throw new UsageError('--plan-only and --plan are for code');
  if (v['plan-only'] && v.plan !== undefined) throw new UsageError('--plan-only makes a plan and --plan runs one: give one of them');
  if (v.plan !== undefined && (task.trim() || !v.plan.trim())) {
    throw new UsageError(
      v.plan.trim()
        ? '--plan runs the saved plan with its own instructions: give no others'
        : '--plan needs a file, e.g. --plan .codex-swarm/runs/<id>/plan.json',
    );
  }
  if (isCode && !task.trim() && v.plan === undefined)
    throw new UsageError('code needs instructions, e.g. codex-swarm code "add input validation to src/api.ts"');
}

function engineChoice(v: Flags): EngineChoice {
  const mode = ENGINE_MODES.find((e) => e === v.engine);
  if (!mode) throw new UsageError(`--engine must be ${ENGINE_MODES.join(', ')} (got "${v.engine}")`);
  try {
    return { mode, overrides: parseEngineOverrides(v.engines) };
  } catch (err) {
    throw new UsageError(`--engines: ${(err as Error).message}`);
  }
}

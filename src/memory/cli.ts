/**
 * `codex-swarm memory …`: look inside the memory file, or empty it, or pull the repository's
 * learned memory from GitHub into it. `search`, `list` and `export` only read: nothing they do
 * changes the file, not even an unreadable one.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import { DEFAULT_SYNC_LIMITS } from './deltaSync.js';
import { originOf } from './origin.js';
import { loadMemoryFile, setAside } from './persist.js';
import { pullMemory, PullError, type PullSummary } from './pull.js';
import { DEFAULT_MAX_ENTRIES, PATTERNS, type MemoryEntry } from './store.js';

export interface MemoryCommandIO {
  /** `<checkout>/.codex-swarm/memory.json`. */
  file: string;
  write: (text: string) => void;
  /** Where a warning about the file goes (kept out of `write`, which may be JSON); stderr by default. */
  warn?: (text: string) => void;
  /** For `pull`: GITHUB_TOKEN, GITHUB_API_URL and PATH (for `gh`); default this process's. */
  env?: NodeJS.ProcessEnv;
  /** For `pull`: the checkout whose GitHub remote names the repository; default the folder above the file's. */
  repoDir?: string;
}

export const MEMORY_USAGE = `Usage:
  codex-swarm memory search <query> [--namespace N] [--limit N]   best matches with their scores (namespace: patterns)
  codex-swarm memory list [--namespace N]                         every entry, or those of one namespace
  codex-swarm memory export                                       the whole memory as JSON
  codex-swarm memory clear                                        forget every entry (deletes the file)
  codex-swarm memory pull [--repo owner/name] [--key K] [--max-deltas N] [--days D]
                                                                  merge what the repository's runs learned on GitHub
                                                                  (token: GITHUB_TOKEN, else \`gh auth token\`)
`;

const OPTIONS = {
  namespace: { type: 'string' },
  limit: { type: 'string' },
  repo: { type: 'string' },
  key: { type: 'string' },
  'max-deltas': { type: 'string' },
  days: { type: 'string' },
} as const;
/** The options each subcommand takes. */
const SUBCOMMANDS: Record<string, (keyof typeof OPTIONS)[]> = {
  search: ['namespace', 'limit'],
  list: ['namespace'],
  export: [],
  clear: [],
  pull: ['repo', 'key', 'max-deltas', 'days'],
};

const isCount = (v: string | undefined) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1);

function describePull(s: PullSummary, file: string): string {
  const parts = [
    s.snapshot ? `the snapshot (${s.snapshot})` : 'no snapshot',
    s.deltas ? `${s.deltas} new delta(s) with ${s.entries} entr(ies)` : 'no new deltas',
  ];
  const skipped = [s.untrusted ? `${s.untrusted} from forks' runs` : '', s.malformed ? `${s.malformed} malformed` : ''].filter(Boolean);
  return `Pulled ${s.repository}'s learned memory into ${file}: ${parts.join(', ')}${skipped.length ? `; skipped ${skipped.join(' and ')}` : ''}.\n`;
}

function record(entry: MemoryEntry): string {
  const track = entry.uses ? `, used ${entry.uses}× (${entry.successes} ok, ${entry.failures} failed)` : '';
  const by = entry.workerId ? ` by ${entry.workerId}` : '';
  // Where a run's entry came from (its run and pull request, as prompts say it).
  const from = entry.runId ? `, from ${originOf(entry)}` : '';
  return `${entry.namespace}/${entry.key}  (updated ${entry.updatedAt}${by}${from}${track})`;
}

const indented = (value: unknown) => `${JSON.stringify(value, null, 2).replace(/^/gm, '    ')}\n`;

async function pull(values: { repo?: string; key?: string; 'max-deltas'?: string; days?: string }, io: Required<MemoryCommandIO>): Promise<number> {
  try {
    const summary = await pullMemory({
      file: io.file,
      repoDir: io.repoDir,
      ...(values.repo ? { repo: values.repo } : {}),
      scope: values.key ?? 'default',
      limits: { maxDeltas: Number(values['max-deltas'] ?? DEFAULT_SYNC_LIMITS.maxDeltas), days: Number(values.days ?? DEFAULT_SYNC_LIMITS.days) },
      env: io.env,
      maxEntries: DEFAULT_MAX_ENTRIES,
      warn: (message) => io.warn(`${message}\n`),
    });
    io.write(describePull(summary, io.file));
    return 0;
  } catch (err) {
    io.warn(`${err instanceof PullError ? err.message : `memory pull failed: ${(err as Error).message}`}\n`);
    return 1;
  }
}

export async function runMemoryCommand(args: string[], io: MemoryCommandIO): Promise<number> {
  const { file, write, warn = (text: string) => process.stderr.write(text) } = io;
  const [sub, ...rest] = args;
  if (sub === 'help' || sub === '--help' || sub === '-h') {
    write(MEMORY_USAGE);
    return 0;
  }
  const allowed = sub ? SUBCOMMANDS[sub] : undefined;
  if (!sub || !allowed) {
    write(`${sub ? `Unknown memory command "${sub}".` : 'Missing memory command.'}\n\n${MEMORY_USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    write(`${(err as Error).message}\n\n${MEMORY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const limit = values.limit === undefined ? 5 : Number(values.limit);
  const query = positionals.join(' ').trim();
  const stray = Object.keys(values).find((name) => !allowed.includes(name as keyof typeof OPTIONS));
  const problem = stray
    ? `memory ${sub} takes no --${stray}.`
    : sub === 'search' && !query
      ? 'memory search needs a query.'
      : !Number.isInteger(limit) || limit < 1
        ? `--limit must be a whole number of at least 1 (got "${values.limit}").`
        : sub !== 'search' && positionals.length
          ? `memory ${sub} takes no arguments (got "${positionals.join(' ')}").`
          : !isCount(values['max-deltas']) || !isCount(values.days)
            ? `--max-deltas and --days must be whole numbers of at least 1.`
            : null;
  if (problem) {
    write(`${problem}\n\n${MEMORY_USAGE}`);
    return 2;
  }

  if (sub === 'pull') return pull(values, { file, write, warn, env: io.env ?? process.env, repoDir: io.repoDir ?? path.dirname(path.dirname(file)) });

  const problems: string[] = [];
  const store = await loadMemoryFile(file, { readOnly: true, onWarning: (message) => problems.push(message) });
  const unreadable = problems.join('\n');
  if (sub === 'clear') {
    if (unreadable) {
      // Not ours to delete: a file that does not parse may still hold what someone wants back.
      await setAside(file, 'it does not parse', (message) => write(`${message}\n`));
      return 0;
    }
    const count = store.list().length;
    await fs.rm(file, { force: true });
    write(`Cleared ${count} entr${count === 1 ? 'y' : 'ies'} from ${file}.\n`);
    return 0;
  }
  if (unreadable) {
    warn(`${unreadable}\n`);
    return 1;
  }
  if (sub === 'export') {
    write(`${JSON.stringify(store.toJSON(), null, 2)}\n`);
    return 0;
  }
  if (sub === 'list') {
    const entries = store.list(values.namespace);
    write(entries.length ? entries.map((e) => `${record(e)}\n`).join('') : `No entries${values.namespace ? ` in "${values.namespace}"` : ''} in ${file}.\n`);
    return 0;
  }
  const namespace = values.namespace ?? PATTERNS;
  const matches = store.search({ query, namespace, limit });
  write(
    matches.length
      ? matches.map((m) => `${m.score.toFixed(3)}  ${record(m)}\n${indented(m.value)}`).join('')
      : `No match for "${query}" in "${namespace}" (${file}).\n`,
  );
  return 0;
}

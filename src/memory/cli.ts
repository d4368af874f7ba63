/**
 * `codex-swarm memory …`: look inside the memory file, or empty it. `search`, `list` and `export`
 * only read: nothing they do changes the file, not even an unreadable one.
 */
import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import { loadMemoryFile, setAside } from './persist.js';
import { PATTERNS, type MemoryEntry } from './store.js';

export interface MemoryCommandIO {
  file: string;
  write: (text: string) => void;
  /** Where a warning about the file goes (kept out of `write`, which may be JSON); stderr by default. */
  warn?: (text: string) => void;
}

export const MEMORY_USAGE = `Usage:
  codex-swarm memory search <query> [--namespace N] [--limit N]   best matches with their scores (namespace: patterns)
  codex-swarm memory list [--namespace N]                         every entry, or those of one namespace
  codex-swarm memory export                                       the whole memory as JSON
  codex-swarm memory clear                                        forget every entry (deletes the file)
`;

const OPTIONS = { namespace: { type: 'string' }, limit: { type: 'string' } } as const;
/** The options each subcommand takes. */
const SUBCOMMANDS: Record<string, (keyof typeof OPTIONS)[]> = { search: ['namespace', 'limit'], list: ['namespace'], export: [], clear: [] };

function record(entry: MemoryEntry): string {
  const track = entry.uses ? `, used ${entry.uses}× (${entry.successes} ok, ${entry.failures} failed)` : '';
  const by = entry.workerId ? ` by ${entry.workerId}` : '';
  return `${entry.namespace}/${entry.key}  (updated ${entry.updatedAt}${by}${track})`;
}

const indented = (value: unknown) => `${JSON.stringify(value, null, 2).replace(/^/gm, '    ')}\n`;

export async function runMemoryCommand(args: string[], { file, write, warn = (text) => process.stderr.write(text) }: MemoryCommandIO): Promise<number> {
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
          : null;
  if (problem) {
    write(`${problem}\n\n${MEMORY_USAGE}`);
    return 2;
  }

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

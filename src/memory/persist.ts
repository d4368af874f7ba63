/**
 * The memory file: versioned JSON holding the namespaces that outlive a run (`patterns`, and
 * maintainers' verdicts in `feedback`).
 * A file that cannot be read is set aside (renamed, never deleted) with a warning, and the run
 * starts empty; writes go to a temporary file renamed over the old one, so a crash never leaves
 * half a file.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { redact } from '../util/redact.js';
import { FEEDBACK, MemoryStore, PATTERNS, RESULTS, type MemoryStoreOptions } from './store.js';
import { isUntrustedNamespace } from './untrustedPr.js';

/**
 * What the memory file keeps between runs: the patterns (each fork PR's apart) and maintainers'
 * verdicts (they must reach later runs and other PRs); `results` and other namespaces belong to one run.
 */
const isPersisted = (namespace: string): boolean => namespace === PATTERNS || namespace === FEEDBACK || isUntrustedNamespace(namespace);

export const persistedNamespaces = (store: MemoryStore): string[] => store.namespaceNames().filter(isPersisted);

export interface LoadOptions extends MemoryStoreOptions {
  /** Where a set-aside file is reported; core.warning by default. */
  onWarning?: (message: string) => void;
  /** Only read: an unreadable file is reported and left where it is, not set aside. */
  readOnly?: boolean;
}

export async function setAside(file: string, reason: string, warn: (message: string) => void): Promise<void> {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fs.rename(file, aside);
  warn(`memory: ${file} could not be read (${reason}). It was kept as ${aside}; memory starts empty.`);
}

/** The file as each store last read or wrote it, so a save can skip re-reading a file nobody changed since. */
const lastSeen = new WeakMap<MemoryStore, { file: string; mtimeMs: number; size: number }>();

async function remember(store: MemoryStore, file: string): Promise<void> {
  const stat = await fs.stat(file);
  lastSeen.set(store, { file, mtimeMs: stat.mtimeMs, size: stat.size });
}

async function unchangedSince(store: MemoryStore, file: string): Promise<boolean> {
  const seen = lastSeen.get(store);
  const stat = await fs.stat(file).catch(() => null);
  return !stat || (seen?.file === file && seen.mtimeMs === stat.mtimeMs && seen.size === stat.size);
}

/** The store in `file`: empty when there is none, or when it is unreadable (then set aside). */
export async function loadMemoryFile(file: string, options: LoadOptions = {}): Promise<MemoryStore> {
  const { onWarning = core.warning, readOnly = false, ...storeOptions } = options;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onWarning(`memory: ${file} could not be read (${(err as Error).message}); memory starts empty.`);
    return new MemoryStore(storeOptions);
  }
  let store: MemoryStore;
  try {
    store = MemoryStore.fromJSON(JSON.parse(text), storeOptions);
  } catch (err) {
    if (readOnly) onWarning(`memory: ${file} could not be read (${(err as Error).message}); it was left as it is.`);
    else await setAside(file, (err as Error).message, onWarning);
    return new MemoryStore(storeOptions);
  }
  await remember(store, file);
  return store;
}

export async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.writeFile(temp, text);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

/**
 * Writes the store's persisted namespaces to `file`, merged with what the file holds now (another
 * run may have saved since this one loaded it). Stale patterns decay and the cap applies first.
 */
export async function saveMemoryFile(file: string, store: MemoryStore, options: LoadOptions = {}, now = Date.now()): Promise<void> {
  if (!(await unchangedSince(store, file))) {
    const onDisk = await loadMemoryFile(file, { ...options, maxEntries: store.maxEntries });
    store.merge(onDisk.toJSON(persistedNamespaces(onDisk)), now);
  }
  store.decay(now);
  await writeAtomically(file, redact(JSON.stringify(store.toJSON(persistedNamespaces(store)))));
  await remember(store, file);
}

/** The run's memory for its artifact: `<runDir>/memory/results.json` and a snapshot of the patterns. */
export async function exportRunMemory(store: MemoryStore, runDir: string): Promise<{ resultsFile: string; patternsFile: string }> {
  const dir = path.join(runDir, 'memory');
  const resultsFile = path.join(dir, 'results.json');
  const patternsFile = path.join(dir, 'patterns.json');
  await writeAtomically(resultsFile, redact(JSON.stringify(store.toJSON([RESULTS]), null, 2)));
  await writeAtomically(patternsFile, redact(JSON.stringify(store.toJSON([PATTERNS]), null, 2)));
  return { resultsFile, patternsFile };
}

/**
 * Generated memory contents for the memory benchmarks: patterns shaped like the ones workers store
 * (`pattern-<role>-<task slug>` → { task, approach, context }) and worker tasks to search them
 * with. Words follow a Zipf–Mandelbrot law, P(rank k) ∝ 1/(k + q), over common software words
 * followed by a long tail of rarer ones. `realistic` (q = 10 over 20,000 words) gives the most
 * frequent word ~1.2 % of all words, like the commonest content words of English once stop words
 * are gone; `head-heavy` (q = 0 over 5,000 words, ~11 %) is a stress case in which most fields share
 * the top words and every query walks long postings. Seeded: every run searches the same data.
 */
import { seededRandom } from '../__tests__/fixtures/seededRandom.js';
import type { MemoryEntry } from '../src/memory/store.js';
import { workerTask } from '../src/plan/prompts.js';

const COMMON = (
  'test tests error errors api handler request response input validation null check parse parser config file files ' +
  'module function class method type types interface schema json yaml cache retry timeout async await promise stream ' +
  'buffer query database sql index migration user auth token session permission role access log logging metric trace ' +
  'client server http route router middleware endpoint status code exception fallback default option options flag ' +
  'build bundle lint format style docs readme comment example coverage mock fixture integration unit snapshot ' +
  'security injection escape sanitize secret key encrypt hash password cookie header cors csrf xss redirect ' +
  'performance memory leak loop allocation batch queue worker thread lock race concurrency deadlock event emitter ' +
  'refactor rename extract inline duplicate dead unused import export dependency version upgrade deprecate ' +
  'boundary edge case empty large unicode encoding date time zone locale number float integer overflow ' +
  'react component state props hook render effect context reducer store selector view template css'
).split(' ');

const ROLES = ['coder', 'tester', 'documenter', 'reviewer'];

/** The commands' standing tasks: what fan-out workers search with when the user gave no task. */
const STANDING_TASKS = (['review', 'test', 'docs', 'audit'] as const).map((command) => workerTask(command, ''));

export type Vocabulary = 'realistic' | 'head-heavy';

const SHAPES: Record<Vocabulary, { words: number; q: number }> = {
  realistic: { words: 20_000, q: 10 },
  'head-heavy': { words: 5_000, q: 0 },
};

/** Common words first, then a tail of made-up words (`kalomi`, `grixanta`). */
function vocabulary(size: number, rand: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'pe', 'sa', 'do', 'fu', 'gri', 'bel', 'xan', 'qua'];
  const tail = new Set<string>();
  while (tail.size < size - COMMON.length) {
    const n = 2 + Math.floor(rand() * 4);
    tail.add(Array.from({ length: n }, () => syllables[Math.floor(rand() * syllables.length)]).join(''));
  }
  return [...COMMON, ...tail];
}

/** Samples ranks with P(rank k) ∝ 1/(k + q), by inverting the cumulative sums. */
function zipf(size: number, q: number, rand: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let k = 1; k <= size; k++) cumulative.push((sum += 1 / (k + q)));
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function wordSource(shape: Vocabulary, seed: number) {
  const { words: size, q } = SHAPES[shape];
  // One vocabulary per shape for patterns and queries alike, whatever their seeds.
  const words = vocabulary(size, seededRandom(1));
  const rand = seededRandom(seed);
  const rank = zipf(words.length, q, rand);
  const phrase = (min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => words[rank()]).join(' ');
  return { rand, phrase };
}

/**
 * `count` distinct patterns, written within the last ten days, with small track records. One in
 * twenty was learned on a standing task, as recurring scheduled reviews and audits leave them.
 */
export function generatePatterns(count: number, shape: Vocabulary = 'realistic', seed = 42): MemoryEntry[] {
  const { rand, phrase } = wordSource(shape, seed);
  const now = Date.now();
  const entries: MemoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    const task = i % 20 === 0 ? STANDING_TASKS[(i / 20) % STANDING_TASKS.length] : phrase(4, 10);
    const role = ROLES[i % ROLES.length];
    const at = new Date(now - Math.floor(rand() * 10 * 86_400_000)).toISOString();
    const uses = Math.floor(rand() * 5);
    const successes = Math.floor(rand() * (uses + 1));
    entries.push({
      namespace: 'patterns',
      key: `pattern-${role}-${task.split(' ').slice(0, 5).join('-')}-${i}`,
      value: { task, approach: phrase(10, 25), context: phrase(6, 15) },
      createdAt: at,
      updatedAt: at,
      uses,
      successes,
      failures: uses - successes,
      lastUsedAt: uses ? at : null,
      workerId: `${role}-${1 + (i % 8)}`,
      runId: `run-${Math.floor(i / 8)}`,
    });
  }
  return entries;
}

/**
 * Worker tasks as the engine searches with them: a fifth are standing tasks, a fifth are tasks
 * asked before (a stored pattern's task with one word changed), the rest are new.
 */
export function generateQueries(count: number, patterns: MemoryEntry[], shape: Vocabulary = 'realistic', seed = 7): string[] {
  const { rand, phrase } = wordSource(shape, seed);
  const askedBefore = () => {
    const { task } = patterns[Math.floor(rand() * patterns.length)].value as { task: string };
    const words = task.split(' ');
    words[Math.floor(rand() * words.length)] = phrase(1, 1);
    return words.join(' ');
  };
  return Array.from({ length: count }, (_, i) => (i % 5 === 0 ? STANDING_TASKS[(i / 5) % STANDING_TASKS.length] : i % 5 === 1 ? askedBefore() : phrase(3, 10)));
}

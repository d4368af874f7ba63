/** Summaries of repeated measurements: a median with its spread, and percentiles for latencies. */

export interface Summary {
  n: number;
  median: number;
  /** Interquartile range: the middle half of the samples lies between q1 and q3. */
  q1: number;
  q3: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  mean: number;
}

/** The q-quantile (0..1) with linear interpolation between the closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no samples');
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function median(samples: readonly number[]): number {
  return quantile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted.at(-1)!,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  };
}

/** Element-wise ratios of paired samples (taken in the same repetition), summarised. */
export function ratioSummary(numerators: readonly number[], denominators: readonly number[]): Summary {
  if (numerators.length !== denominators.length) throw new Error('ratio of unpaired samples');
  return summarize(numerators.map((n, i) => n / denominators[i]));
}

/** Element-wise differences of paired samples, summarised. */
export function differenceSummary(a: readonly number[], b: readonly number[]): Summary {
  if (a.length !== b.length) throw new Error('difference of unpaired samples');
  return summarize(a.map((v, i) => v - b[i]));
}

const trim = (v: number, digits: number) => v.toFixed(digits);

/** `1.23 s (IQR 1.20–1.31, n=5)` for milliseconds; the unit picks itself. */
export function formatMs(s: Summary): string {
  const seconds = Math.abs(s.median) >= 1000;
  const f = (v: number) => (seconds ? trim(v / 1000, 2) : trim(v, Math.abs(v) < 10 ? 2 : 0));
  const unit = seconds ? 's' : 'ms';
  return `${f(s.median)} ${unit} (${spread(s, f)})`;
}

/** `3.4× (IQR 3.3–3.6, n=5)`. */
export function formatRatio(s: Summary): string {
  const f = (v: number) => trim(v, 2);
  return `${f(s.median)}× (${spread(s, f)})`;
}

function spread(s: Summary, f: (v: number) => string): string {
  // With few samples quartiles say little: show the whole range instead.
  return s.n >= 5 ? `IQR ${f(s.q1)}–${f(s.q3)}, n=${s.n}` : s.n > 1 ? `min–max ${f(s.min)}–${f(s.max)}, n=${s.n}` : 'n=1';
}

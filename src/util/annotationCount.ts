/**
 * Counts the annotations this process prints (`::error`, `::warning`, `::notice` workflow
 * commands, whoever prints them: the action, the toolkit, Octokit's log), by level. GitHub shows
 * at most 10 of each level per step, so whatever annotates findings needs to know what is spent.
 *
 *   const counter = countAnnotations();   // once, at the start of the step
 *   … later: annotateFindings(findings, { spent: counter.spent() })
 */
export type AnnotationLevel = 'error' | 'warning' | 'notice';
export type AnnotationCounts = Record<AnnotationLevel, number>;

export interface AnnotationCounter {
  spent(): AnnotationCounts;
  /** Stops counting (puts the stream's write back). */
  restore(): void;
}

const COMMAND = /^::(error|warning|notice)(?: [^:]*)?::/gm;

export function countAnnotations(stream: NodeJS.WriteStream = process.stdout): AnnotationCounter {
  const counts: AnnotationCounts = { error: 0, warning: 0, notice: 0 };
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const counting = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk === 'string' && chunk.includes('::')) for (const m of chunk.matchAll(COMMAND)) counts[m[1] as AnnotationLevel]++;
    return write(chunk, ...rest);
  };
  stream.write = counting;
  return {
    spent: () => ({ ...counts }),
    restore() {
      if (stream.write === counting) stream.write = write;
    },
  };
}

let step: AnnotationCounter | null = null;

/** The step's counter, started by the first call (as the step starts) and the same one after. */
export function stepAnnotations(): AnnotationCounter {
  step ??= countAnnotations();
  return step;
}

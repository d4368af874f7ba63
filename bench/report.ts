/** The bench's results: one row per figure, printed as a table and written as JSON. */
import { promises as fs } from 'node:fs';
import os from 'node:os';

export interface Row {
  scenario: string;
  figure: string;
  /** The measured value as people read it: median and spread. */
  value: string;
  target: string;
  /** null: the row informs, it has no target of its own; undefined value means it could not be measured. */
  met: boolean | null;
  /** Numbers behind the value, for machines. */
  data?: Record<string, unknown>;
}

export interface ScenarioReport {
  id: string;
  title: string;
  /** `unavailable`: a prerequisite is missing (not a failure of the bench); `error`: it could not run. */
  status: 'ok' | 'unavailable' | 'error';
  rows: Row[];
  /** What bounds a figure, why a target is missed, what a figure includes. */
  notes: string[];
  error?: string;
  durationMs: number;
  /** The 1-minute load average when the scenario started and ended: other work on the machine skews figures. */
  loadAverage: { start: number; end: number };
}

/** What a scenario returns; the runner adds its duration and load average. */
export type ScenarioResult = Omit<ScenarioReport, 'durationMs' | 'loadAverage'>;

export interface BenchReport {
  startedAt: string;
  durationMs: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  options: Record<string, unknown>;
  scenarios: ScenarioReport[];
}

export function machineInfo(): BenchReport['machine'] {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
  };
}

const verdict = (met: boolean | null) => (met === null ? '—' : met ? 'met' : 'NOT MET');

export function renderTable(scenarios: ScenarioReport[]): string {
  const header = ['scenario', 'figure', 'value', 'target', 'met'];
  const lines: string[][] = [];
  for (const s of scenarios) {
    if (s.status !== 'ok' && s.rows.length === 0) {
      const why = (s.error ?? '').split('\n')[0].slice(0, 160);
      lines.push([s.id, s.title, s.status === 'error' ? `could not run: ${why}` : `unavailable: ${why}`, '', '—']);
    }
    for (const r of s.rows) lines.push([r.scenario, r.figure, r.value, r.target, verdict(r.met)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

export function renderNotes(scenarios: ScenarioReport[]): string {
  return scenarios
    .filter((s) => s.notes.length)
    .map((s) => `${s.id} ${s.title}\n${s.notes.map((n) => `  - ${n}`).join('\n')}`)
    .join('\n\n');
}

export function renderContext(report: BenchReport): string {
  const m = report.machine;
  const loads = report.scenarios.map((s) => `${s.id} ${s.loadAverage.start.toFixed(1)}→${s.loadAverage.end.toFixed(1)}`).join(', ');
  return `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, ${m.platform}. Load average (1 min) per scenario, start→end: ${loads}.`;
}

export async function writeReport(file: string, report: BenchReport): Promise<void> {
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Each finding as a workflow annotation: it shows in the job's log and on the checks view, at the
 * line, with no permission beyond the job's own. Critical and high are errors, the rest warnings.
 * A finding that could not be placed gets no file, so GitHub does not point at a line that is not there.
 */
import * as core from '@actions/core';
import { plainLine } from '../report/markdown.js';
import type { ReviewFinding } from './placeFindings.js';

export function annotateFindings(findings: ReviewFinding[]): void {
  for (const f of findings) {
    const placed = f.placement !== 'unplaced' && f.file.trim() !== '';
    const message = plainLine(`${f.detail.trim() || f.title} (${f.workers.join(', ')})`, 1000);
    const properties: core.AnnotationProperties = {
      title: plainLine(`${f.severity}: ${f.title}`, 200),
      ...(placed ? { file: f.file, ...(f.line !== null ? { startLine: f.line } : {}) } : {}),
    };
    if (f.severity === 'critical' || f.severity === 'high') core.error(message, properties);
    else core.warning(message, properties);
  }
}

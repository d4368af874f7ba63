/** What other parts of publishing add to a run's report: blocks and notes, rendered by their authors. */
/** A block of the report that a later stage contributes (already rendered both ways; markdown escaped by its author). */
export interface ReportSection {
  markdown: string;
  text: string;
}

/** What a caller adds to a report beyond the outcome. */
export interface ReportExtras {
  /** One-line notes shown under the totals (plain text; escaped when rendered). */
  notes?: string[];
  /** Blocks shown after the findings, in order. */
  sections?: ReportSection[];
}

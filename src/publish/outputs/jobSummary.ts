/**
 * The report on the run's summary page. Outside Actions (no GITHUB_STEP_SUMMARY) it is skipped
 * quietly; a summary file that cannot be written is a warning, never a failed run.
 */
import * as core from '@actions/core';
import { redact } from '../../util/redact.js';

/** Replaces this step's summary with `markdown` (so calling it again does not repeat the report). Returns whether it was written. */
export async function writeJobSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  try {
    await core.summary.emptyBuffer().addRaw(redact(markdown), true).write({ overwrite: true });
    return true;
  } catch (err) {
    core.summary.emptyBuffer();
    core.warning(`Could not write the job summary: ${redact(err instanceof Error ? err.message : String(err))}`);
    return false;
  }
}

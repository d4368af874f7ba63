/** The step's outputs, redacted: an output is written to GITHUB_OUTPUT, which later steps and logs read. */
import * as core from '@actions/core';
import { redact } from '../../util/redact.js';

export interface ActionOutputs {
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped';
  'results-file'?: string;
  'report-file'?: string;
  'comment-id'?: string;
  'comment-url'?: string;
  'artifact-id'?: string;
  'patch-file'?: string;
  'findings-count'?: string;
  /** `mode: plan`: the work jobs as `{"shard":[…]}`, and how many. */
  matrix?: string;
  jobs?: string;
}

export function setOutputs(outputs: ActionOutputs): void {
  for (const [name, value] of Object.entries(outputs) as [string, string | undefined][]) {
    if (value !== undefined) core.setOutput(name, redact(value));
  }
}

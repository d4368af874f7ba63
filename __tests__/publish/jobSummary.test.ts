import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeJobSummary } from '../../src/publish/outputs/jobSummary.js';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { captureWorkflowCommands } from '../fixtures/workflowCommands.js';
import { tempDirs } from '../workers/gitRepo.js';

const temp = tempDirs();

const saved = process.env.GITHUB_STEP_SUMMARY;
afterEach(async () => {
  await temp.removeAll();
  clearSecrets();
  if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  else process.env.GITHUB_STEP_SUMMARY = saved;
});

describe('writeJobSummary', () => {
  // In this order: @actions/core remembers the summary file once it has written to one.
  it('skips quietly outside Actions', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(writeJobSummary('# hi')).resolves.toBe(false);
  });

  it('warns and goes on when the summary file cannot be written', async () => {
    process.env.GITHUB_STEP_SUMMARY = path.join(await temp.make('summary-missing'), 'no', 'such', 'file');
    const commands = captureWorkflowCommands();
    try {
      await expect(writeJobSummary('# hi')).resolves.toBe(false);
    } finally {
      commands.restore();
    }
    expect(commands.warnings).toEqual([expect.stringMatching(/^Could not write the job summary: /)]);
  });

  it('writes the report, redacted, replacing what an earlier call wrote', async () => {
    const file = path.join(await temp.make('summary'), 'step_summary.md');
    await fs.writeFile(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
    registerSecret('ghs_summarysecret123');
    await expect(writeJobSummary('## first')).resolves.toBe(true);
    await expect(writeJobSummary('## final report with ghs_summarysecret123')).resolves.toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe('## final report with ***\n');
  });
});

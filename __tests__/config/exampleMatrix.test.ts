/** examples/swarm-matrix.yml wires plan → work matrix → aggregate the way the action's outputs and inputs need. */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  strategy?: { matrix: unknown; 'fail-fast'?: boolean };
  steps: { id?: string; uses: string; with?: Record<string, unknown> }[];
}
const workflow = yaml.load(readFileSync('examples/swarm-matrix.yml', 'utf8')) as { permissions: unknown; jobs: Record<string, Job> };
const swarmStep = (job: Job) => job.steps.find((s) => s.uses.startsWith('ruflo/codex-swarm'))!;

test('plan, then a matrix of work jobs from its outputs, then aggregate after all of them', () => {
  const { plan, work, aggregate } = workflow.jobs;
  expect(swarmStep(plan).with).toMatchObject({ mode: 'plan' });
  expect(plan.outputs).toEqual({ matrix: '${{ steps.swarm.outputs.matrix }}', jobs: '${{ steps.swarm.outputs.jobs }}' });
  expect(swarmStep(plan).id).toBe('swarm');
  expect(swarmStep(plan).with).not.toHaveProperty('openai-api-key');

  expect(work.needs).toBe('plan');
  expect(work.if).toContain("needs.plan.outputs.jobs != '0'");
  expect(work.strategy).toEqual({ 'fail-fast': false, matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}' });
  expect(swarmStep(work).with).toMatchObject({ mode: 'work', shard: '${{ matrix.shard }}' });

  expect(aggregate.needs).toEqual(['plan', 'work']);
  // After a failed work job too (its workers count as lost), never for a cancelled run.
  expect(aggregate.if).toMatch(/^\$\{\{ !cancelled\(\) && needs\.plan\.result == 'success'/);
  expect(aggregate.if).not.toContain('always()');
  expect(swarmStep(aggregate).with).toMatchObject({ mode: 'aggregate' });
});

test('least privilege: nothing at the top, each job only what it needs', () => {
  expect(workflow.permissions).toEqual({});
  const { plan, work, aggregate } = workflow.jobs;
  expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  // Work jobs read what earlier runs learned; the aggregate reads it too (dismissals on other PRs
  // hold look-alikes back), uploads the run's learning and publishes the check run that gates the merge.
  expect(work.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', actions: 'read' });
  expect(aggregate.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write', actions: 'read' });
});

test('the bot example has no concurrency group an ordinary comment could enter and so cancel a queued /swarm command', () => {
  const bot = yaml.load(readFileSync('examples/swarm-bot.yml', 'utf8')) as {
    concurrency?: unknown;
    jobs: Record<string, { concurrency?: unknown; if?: string }>;
  };
  expect(bot.concurrency).toBeUndefined();
  for (const job of Object.values(bot.jobs)) expect(job.concurrency).toBeUndefined();
});

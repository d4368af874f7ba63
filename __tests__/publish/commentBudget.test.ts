/**
 * The sticky comment's cost in GitHub requests, over an hour of simulated time against the local
 * GitHub server (whose rate-limit windows follow the same clock): a one-job run's live comment,
 * and a matrix run's jobs taking turns.
 */
import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { planJobs } from '../../src/plan/matrix.js';
import type { Plan } from '../../src/plan/types.js';
import { createSharedProgressWriter, nextOwnSlot, SLOT_MS } from '../../src/publish/comment/sharedProgressWriter.js';
import { readProgress, renderSharedProgress } from '../../src/publish/comment/sharedProgress.js';
import { createLiveComment, upsertStickyComment } from '../../src/publish/comment/stickyComment.js';
import type { WorkerState } from '../../src/swarm/types.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { seededRandom } from '../fixtures/seededRandom.js';
import { VirtualClock } from '../fixtures/virtualClock.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';

const PR = 7;
const HOUR = 3_600_000;
const COMMENT_WRITE = /\/issues\/(\d+\/)?comments(\/\d+)?$/;
let gh: GitHubServer;
let clock: VirtualClock;
let octokit: GitHubClient;
let inFlight: number;
let commands: CapturedCommands;
const settled = () => inFlight === 0;
const target = () => ({ octokit, owner: 'octo-org', repo: 'hello-world', issueNumber: PR });
const commentWrites = () => ({ contentOnly: true, path: COMMENT_WRITE });

beforeEach(async () => {
  clock = new VirtualClock();
  gh = await startGitHubServer({ pulls: [{ number: PR }], clock: () => clock.now() });
  octokit = createOctokit('t', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  inFlight = 0;
  // Outermost: counts a request from its call to its answer, throttling waits included.
  octokit.hook.wrap('request', async (request, options) => {
    inFlight++;
    try {
      return await request(options);
    } finally {
      inFlight--;
    }
  });
  commands = captureWorkflowCommands();
});
afterEach(async () => {
  commands.restore();
  await gh.close();
});

describe('the live comment of a one-job run', () => {
  it('costs at most 4 writes in any minute over an hour of events, about 180 requests, and the final write goes through', async () => {
    const comment = createLiveComment({ ...target(), clock });
    let tick = 0;
    clock.every(1_000, () => comment.update(`progress ${++tick}`));
    await clock.runUntil(clock.now() + HOUR, settled);
    const ref = await comment.finish('the final report');

    expect(tick).toBe(3600);
    expect(gh.rate.maxInWindow(commentWrites())).toBeLessThanOrEqual(4);
    expect(gh.rate.perMinute(commentWrites()).every((n) => n <= 4)).toBe(true);
    // The first body at once (1 s in), one every 20 s after it to the hour, then the final one.
    expect(gh.requests.filter((r) => r.contentCreating)).toHaveLength(180 + 1);
    expect(gh.requests.length).toBeLessThan(190);
    expect(gh.commentsOn(PR)).toHaveLength(1);
    expect(gh.commentsOn(PR)[0].body).toContain('the final report');
    expect(ref?.id).toBe(gh.commentsOn(PR)[0].id);
  });
});

describe('the sticky comment of a matrix run', () => {
  const plan: Plan = {
    command: 'review',
    task: 'look',
    fileSource: 'repository',
    fileCount: 64,
    workers: Array.from({ length: 64 }, (_, i) => ({
      id: `reviewer-${i + 1}`,
      role: 'reviewer' as const,
      prompt: 'p',
      sandbox: 'read-only' as const,
      files: [`src/f${i}.ts`],
      dependsOn: [],
      shard: { index: i + 1, total: 64 },
      task: 'look',
    })),
  };
  const jobs = planJobs(plan, 8);

  it('gives each job its own slots in turn', () => {
    const at = (now: number, job: number, after?: number) => nextOwnSlot(now, job, 8, SLOT_MS, after) * SLOT_MS;
    expect(at(0, 1)).toBe(0);
    expect(at(1, 1)).toBe(8 * SLOT_MS);
    expect(at(0, 3)).toBe(2 * SLOT_MS);
    expect(at(2 * SLOT_MS, 3, 2)).toBe(10 * SLOT_MS);
  });

  it('a cancelled job writes its rows at once, outside its slots', async () => {
    const links = { runUrl: 'https://github.com/octo-org/hello-world/actions/runs/1' };
    const first = await upsertStickyComment({ ...target(), body: renderSharedProgress(plan, [], links, '', jobs) });
    // Job 3's next slot is 2 slots away at the start of a cycle; a cancelled job has seconds.
    const start = Math.ceil(clock.now() / (8 * SLOT_MS)) * 8 * SLOT_MS + 1;
    await clock.runUntil(start, settled);
    const writer = createSharedProgressWriter({ target: target(), plan, jobs, job: 3, links, commentId: first.id, clock });
    const cancelled = jobs[2].map((id) => ({
      id,
      role: 'reviewer' as const,
      state: 'cancelled' as const,
      startedAt: start - 60_000,
      endedAt: start,
      lastEvent: null,
    }));
    const before = gh.requests.length;
    const ref = await writer.finish(cancelled, { now: true });
    expect(clock.now()).toBe(start);
    expect(ref?.id).toBe(first.id);
    expect(gh.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(readProgress(gh.commentsOn(PR)[0].body, plan).filter((st) => st.state === 'cancelled')).toHaveLength(8);
  });

  it('8 jobs of 8 workers for an hour: at most 4 slot writes a minute, 6 with the plan and aggregate jobs, no row lost, under 300 requests', async () => {
    const random = seededRandom(20);
    const start = clock.now();
    const links = { runUrl: 'https://github.com/octo-org/hello-world/actions/runs/1' };
    // The plan job writes the comment: every worker queued.
    const first = await upsertStickyComment({ ...target(), body: renderSharedProgress(plan, [], links, '', jobs) });
    const states = new Map<string, WorkerState>();
    const ofJob = (j: number) =>
      jobs[j].map((id) => states.get(id) ?? { id, role: 'reviewer' as const, state: 'queued' as const, startedAt: null, endedAt: null, lastEvent: null });
    const writers = jobs.map((_, j) => createSharedProgressWriter({ target: target(), plan, jobs, job: j + 1, links, commentId: first.id, clock }));
    // Each job runs its 8 workers two at a time, 5 to 13 minutes each, starting 20 to 80 s in.
    jobs.forEach((ids, j) => {
      let t = start + 20_000 + random() * 60_000;
      for (let k = 0; k < ids.length; k += 2) {
        const end = t + (5 + random() * 8) * 60_000;
        for (const id of ids.slice(k, k + 2)) {
          const began = t;
          clock.at(
            began,
            () => (
              states.set(id, { id, role: 'reviewer', state: 'running', startedAt: began, endedAt: null, lastEvent: 'reading' }),
              writers[j].update(ofJob(j))
            ),
          );
          clock.at(
            end,
            () => (states.set(id, { id, role: 'reviewer', state: 'succeeded', startedAt: began, endedAt: end, lastEvent: null }), writers[j].update(ofJob(j))),
          );
        }
        t = end;
      }
      // Worker events in between: nothing changed for the comment, so nothing is written.
      clock.every(3_000, () => writers[j].update(ofJob(j)));
    });
    await clock.runUntil(start + HOUR, settled);
    const finished = Promise.all(writers.map((w, j) => w.finish(ofJob(j))));
    await clock.runUntil(clock.now() + 90_000, settled);
    await finished;

    // Every job's rows held: the comment shows all 64 workers as they ended (none undone by another job).
    expect([...states.values()].every((s) => s.state === 'succeeded')).toBe(true);
    const shown = readProgress(gh.commentsOn(PR)[0].body, plan);
    expect(shown.filter((s) => s.state === 'succeeded')).toHaveLength(64);

    const slotWrites = gh.rate.maxInWindow(commentWrites());
    // The aggregate job's report.
    await upsertStickyComment({ ...target(), body: 'the final report', commentId: first.id });
    expect(slotWrites).toBeLessThanOrEqual(5);
    expect(gh.rate.maxInWindow(commentWrites())).toBeLessThanOrEqual(6);
    expect(gh.commentsOn(PR)).toHaveLength(1);
    expect(gh.requests.length).toBeLessThan(300);
    expect(commands.warnings).toEqual([]);
    // For the report: what the hour cost.
    process.stderr.write(
      `matrix hour: ${gh.requests.length} requests, ${gh.requests.filter((r) => r.contentCreating).length} writes, max ${slotWrites} writes in a minute\n`,
    );
  });
});

/**
 * The pieces of maintainers' feedback composed as a run on a pull request wires them (issue 21),
 * through the real Octokit against the GitHub fixture: read the feedback, merge it into the state,
 * teach memory, keep dismissed findings out, hold look-alikes back on another PR. Also the noise
 * figure: one doubtful finding re-reported on every push, dismissed after the first.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createOctokit, type GitHubClient } from '../../src/github/client.js';
import { recallDismissals, recordVerdicts } from '../../src/memory/feedback.js';
import { loadMemoryFile, saveMemoryFile } from '../../src/memory/persist.js';
import { createSwarmMemory } from '../../src/memory/swarmMemory.js';
import { FEEDBACK, MemoryStore, PATTERNS } from '../../src/memory/store.js';
import { countFindings, conclude, allFindings } from '../../src/publish/report/conclusion.js';
import { nextState, publishReview } from '../../src/publish/review/publishReview.js';
import { renderFeedbackSection } from '../../src/publish/report/feedbackSection.js';
import { withoutDismissed } from '../../src/publish/review/feedbackFilter.js';
import { describeTaken, mergeVerdicts, patternsJudged, withPromptPatterns } from '../../src/publish/review/verdictState.js';
import { diffRanges } from '../../src/publish/review/placeFindings.js';
import { emptyState, readStickyState, renderStickyState, type StickyState } from '../../src/publish/comment/stickyState.js';
import type { SwarmOutcome } from '../../src/swarm/types.js';
import { readFindingFeedback } from '../../src/trigger/findingFeedback.js';
import { createWriterCheck } from '../../src/trigger/permissions.js';
import type { Finding } from '../../src/workers/types.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands, type CapturedCommands } from '../fixtures/workflowCommands.js';
import { tempDirs } from '../workers/gitRepo.js';
import { planFor, workerResult } from './sampleOutcome.js';

const BOT = 'github-actions[bot]';
const PATTERN = 'pattern-reviewer-review-changed-files';
const DOUBTFUL: Omit<Finding, 'line'> = { severity: 'high', file: 'src/db.js', title: 'SQL built from request input', detail: 'use parameters' };
const REAL: Finding = { severity: 'medium', file: 'src/db.js', line: 1, title: 'Missing await on query', detail: 'returns a promise' };
const temp = tempDirs();
let gh: GitHubServer;
let octokit: GitHubClient;
let commands: CapturedCommands;
let repo: string;

/** The head of a PR whose every line is in the diff: `lines` of src/db.js. */
async function push(pr: number, lines: string[]) {
  await fs.mkdir(path.join(repo, 'src'), { recursive: true });
  await fs.writeFile(path.join(repo, 'src/db.js'), `${lines.join('\n')}\n`);
  const pull = gh.state.pulls.find((p) => p.number === pr)!;
  pull.head.sha = createHash('sha1')
    .update(`${pr}\0${lines.join('\n')}`)
    .digest('hex');
  pull.files = [
    {
      path: 'src/db.js',
      status: 'added',
      additions: lines.length,
      deletions: 0,
      patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`,
    },
  ];
  return pull;
}

function outcomeWith(findings: Finding[]): SwarmOutcome {
  const results = [
    workerResult({
      id: 'reviewer-1',
      role: 'reviewer',
      memoryMatches: [PATTERN],
      answer: { status: 'complete', summary: 's', findings, pattern: { approach: 'a', context: 'c' } },
    }),
  ];
  return {
    runId: 'r',
    plan: planFor(results),
    startedAt: 't',
    durationMs: 1,
    results,
    merge: { applied: false, merged: [], conflicts: [], combinedPatchPath: null },
    cancelled: false,
    resultsFile: '/x',
  };
}

/** One review run on a PR as phase 2 wires it; returns what the sticky comment and the outputs would get. */
async function reviewRun(pr: number, lines: string[], findings: Finding[], previous: StickyState, store: MemoryStore) {
  const pull = await push(pr, lines);
  const target = { octokit, owner: 'octo-org', repo: 'hello-world', pullNumber: pr, selfLogin: BOT };
  // Before the swarm: feedback read, merged into the state, memory taught (once per verdict).
  const feedback = await readFindingFeedback({
    ...target,
    triggerPhrase: '/swarm',
    isWriter: createWriterCheck(octokit, target),
    known: previous.openFindings,
  });
  const merged = mergeVerdicts(previous.verdicts, feedback.verdicts);
  recordVerdicts(store, merged.taken, (v) => patternsJudged(v, previous), `run-${pr}`);
  // … the swarm runs; after it:
  const raw = outcomeWith(findings);
  const { outcome, dismissed } = withoutDismissed(raw, merged.verdicts);
  const pastDismissals = recallDismissals(store, allFindings(outcome), { threshold: 0.7, limit: 5, pr });
  const before = gh.state.reviewComments.filter((c) => c.pullNumber === pr && !c.inReplyToId).length;
  const pub = await publishReview({
    pull: target,
    headSha: pull.head.sha,
    repoDir: repo,
    diff: diffRanges(pull.files),
    findings: allFindings(outcome),
    writerPatches: [],
    previous,
    inline: true,
    annotations: true,
    triggerPhrase: '/swarm',
    pastDismissals,
  });
  const patterns = withPromptPatterns(pub.openFindings, previous, new Set(pub.findings.map((f) => f.fingerprint)), outcome.results);
  const state = readStickyState(
    renderStickyState({
      ...nextState(previous, { headSha: pull.head.sha, runId: 'r', runAttempt: 1, artifactId: null, artifactName: null, openFindings: [] }),
      ...patterns,
      verdicts: merged.verdicts,
    }),
  ).state;
  const section = renderFeedbackSection({
    taken: describeTaken(merged.taken),
    dismissed,
    heldBack: pub.heldBack,
    pullUrl: (n) => `https://github.com/octo-org/hello-world/pull/${n}`,
  });
  const posted = gh.state.reviewComments.filter((c) => c.pullNumber === pr && !c.inReplyToId).slice(before);
  return { state, section, posted, outcome, annotations: commands.errors.splice(0).concat(commands.warnings.splice(0)) };
}

beforeEach(async () => {
  commands = captureWorkflowCommands();
  gh = await startGitHubServer({ permissions: { wendy: 'write', rita: 'read' }, pulls: [{ number: 7 }, { number: 8 }] });
  octokit = createOctokit('t', { baseUrl: gh.url, retryAfterBaseValue: 1 });
  repo = await temp.make('feedback-flow');
});
afterEach(async () => {
  commands.restore();
  await gh.close();
  await temp.removeAll();
});

test("a writer's 👎 keeps a re-reported finding off the PR on every later push (inline comments 1, 0, 0, 0, 0), and the pattern behind it is debited once", async () => {
  const store = new MemoryStore();
  store.store({ namespace: PATTERNS, key: PATTERN, value: { task: 'Review the changed files', approach: 'a', context: 'c' }, upsert: false });
  let state = emptyState();
  const perPush: number[] = [];
  const code = ['await db.query(q);', 'const q = `SELECT * FROM t WHERE id = ${id}`;'];
  for (let push = 1; push <= 5; push++) {
    // Each push moves the doubtful line down one (a new fingerprint every time) and edits it on push 4.
    const lines = [...code.slice(0, 1), ...Array.from({ length: push }, (_, i) => `// ${i}`), push >= 4 ? code[1].replace('t', 'orders') : code[1]];
    const doubtful = { ...DOUBTFUL, line: lines.length };
    const run = await reviewRun(7, lines, [doubtful, REAL], state, store);
    perPush.push(run.posted.filter((c) => c.body.includes('SQL built from request input')).length);
    if (push === 1) {
      const comment = run.posted.find((c) => c.body.includes('SQL built'))!;
      gh.reactToReviewComment(comment.id, '-1', 'rita');
      gh.replyInThread(comment.id, '/swarm dismiss ids are integers, checked by the router', 'wendy');
      expect(conclude(run.outcome, 'high').failStep).toBe(true);
    }
    if (push === 2) {
      expect(run.section!.markdown).toContain('🗣️ Feedback taken in: 1 dismissed since the last run.');
      expect(run.section!.markdown).toContain('dismissed by @&#8203;wendy: ids are integers, checked by the router');
      expect(countFindings(run.outcome)).toBe(1);
      expect(conclude(run.outcome, 'high')).toMatchObject({ failStep: false });
      expect(run.annotations.join('\n')).not.toContain('SQL built');
      // The dismissed finding's comment goes away: its verdict stays in the state.
      gh.state.reviewComments = gh.state.reviewComments.filter((c) => !c.body.includes('SQL built'));
    }
    if (push > 2) expect(run.section!.markdown).not.toContain('Feedback taken in');
    state = run.state;
  }
  expect(perPush).toEqual([1, 0, 0, 0, 0]);
  expect(state.verdicts).toEqual([expect.objectContaining({ verdict: 'dismissed', by: 'wendy', via: 'reply' })]);
  expect(store.get(PATTERNS, PATTERN)).toMatchObject({ successes: 0, failures: 1 });
  expect(store.list(FEEDBACK)).toHaveLength(1);

  // Another PR: the same finding on similar code is held back from its review, and said so with a link.
  const other = await reviewRun(8, ['const q = `SELECT * FROM t WHERE id = ${id}`;'], [{ ...DOUBTFUL, line: 1 }], emptyState(), store);
  expect(other.posted).toEqual([]);
  expect(other.section!.markdown).toContain('held back: like one @&#8203;wendy dismissed in [#7](https://github.com/octo-org/hello-world/pull/7)');
  // Held back from the review only: still an open finding here.
  expect(countFindings(other.outcome)).toBe(1);
});

test("(b) two PRs sharing one memory file: a dismissal on #7 reaches #8's reviewer prompt before it starts, and the same finding on similar code is held back there with a link", async () => {
  const file = path.join(repo, 'memory.json');
  const code = ['await db.query(q);', 'const q = `SELECT * FROM t WHERE id = ${id}`;'];
  // PR #7: posted, dismissed by a writer, taken in at the next run and saved to the memory file.
  const first = await reviewRun(7, code, [{ ...DOUBTFUL, line: 2 }], emptyState(), await loadMemoryFile(file));
  gh.replyInThread(first.posted[0].id, '/swarm dismiss ids are integers, checked by the router', 'wendy');
  const seven = await loadMemoryFile(file);
  await reviewRun(7, code, [{ ...DOUBTFUL, line: 2 }], first.state, seven);
  await saveMemoryFile(file, seven);

  // PR #8, another run that loads the same file: its reviewer is told, before it starts.
  const eight = await loadMemoryFile(file);
  const memory = createSwarmMemory({ store: eight, threshold: 0.7, limit: 5, runId: 'run-8' });
  const { promptSection } = await memory.beforeWorker({
    id: 'reviewer-1',
    role: 'reviewer',
    prompt: 'p',
    sandbox: 'read-only',
    files: ['src/db.js'],
    dependsOn: [],
    shard: { index: 1, total: 1 },
    task: 'Review your files for bugs, security problems, performance problems and maintainability issues.',
  });
  expect(promptSection).toContain('Maintainers dismissed findings like these');
  expect(promptSection).toContain('"reason": "ids are integers, checked by the router"');
  // … and the model says it anyway on similar code: held back from the inline review, shown with a link.
  const other = await reviewRun(8, ['const q = `SELECT * FROM orders WHERE id = ${id}`;'], [{ ...DOUBTFUL, line: 1 }], emptyState(), eight);
  expect(other.posted).toEqual([]);
  expect(other.section!.markdown).toContain('held back: like one @&#8203;wendy dismissed in [#7](https://github.com/octo-org/hello-world/pull/7)');
});

import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createOctokit } from '../../src/github/client.js';
import { ApplyError, applyChanges, BOT_EMAIL, BOT_NAME, remoteGit, type ApplyChangesOptions } from '../../src/publish/outputs/applyChanges.js';
import { SELF_MARKER } from '../../src/publish/comment/markers.js';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { startGitHubServer, type GitHubServer } from '../fixtures/githubServer.js';
import { captureWorkflowCommands } from '../fixtures/workflowCommands.js';
import { head, makeRepo, sh, status, tempDirs, worktrees } from '../workers/gitRepo.js';

const temp = tempDirs();

const commitAs = ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', 'commit', '-qm'];

interface Repos {
  /** The bare repository on "GitHub". */
  origin: string;
  /** A developer's clone, to move branches on origin. */
  dev: string;
  /** The runner's checkout of the PR head. */
  checkout: string;
  patch: string;
}

async function commitFile(repo: string, file: string, content: string, message: string) {
  await fs.mkdir(path.dirname(path.join(repo, file)), { recursive: true });
  await fs.writeFile(path.join(repo, file), content);
  await sh(repo, 'git', ['add', '-A']);
  await sh(repo, 'git', [...commitAs, message]);
}

/** origin with `main` and `feature`; a checkout of `feature`; the swarm's patch against it (edits src/app.ts, adds a file). */
async function setUp(): Promise<Repos> {
  const origin = await temp.make('origin');
  await sh(origin, 'git', ['init', '-q', '--bare', '-b', 'main']);
  const dev = temp.track(await makeRepo({ 'src/app.ts': 'one\ntwo\nthree\n', 'README.md': '# hello\n' }));
  await sh(dev, 'git', ['remote', 'add', 'origin', origin]);
  await sh(dev, 'git', ['push', '-q', 'origin', 'main']);
  await sh(dev, 'git', ['checkout', '-q', '-b', 'feature']);
  await commitFile(dev, 'feature.txt', 'feature\n', 'feature work');
  await sh(dev, 'git', ['push', '-q', 'origin', 'feature']);

  const checkout = path.join(await temp.make('checkout'), 'repo');
  await sh(path.dirname(checkout), 'git', ['clone', '-q', '--branch', 'feature', origin, checkout]);

  const swarm = path.join(await temp.make('swarm'), 'repo');
  await sh(path.dirname(swarm), 'git', ['clone', '-q', checkout, swarm]);
  await fs.writeFile(path.join(swarm, 'src/app.ts'), 'one\nTWO\nthree\n');
  await fs.writeFile(path.join(swarm, 'src/new file.ts'), 'export const x = 1;\n');
  await sh(swarm, 'git', ['add', '-A']);
  const runDir = await temp.make('run');
  const patch = path.join(runDir, 'combined.patch');
  await sh(swarm, 'git', ['diff', '--cached', '--binary', '--full-index', `--output=${patch}`]);
  return { origin, dev, checkout, patch };
}

const tip = (origin: string, branch: string) => sh(origin, 'git', ['rev-parse', `refs/heads/${branch}`]);
const show = (origin: string, spec: string) => sh(origin, 'git', ['show', spec]);
const refs = (origin: string) => sh(origin, 'git', ['for-each-ref', '--format=%(refname) %(objectname)']);

let gh: GitHubServer;
let r: Repos;
let base: Omit<ApplyChangesOptions, 'mode'>;

beforeEach(async () => {
  gh = await startGitHubServer({ pulls: [{ number: 7, headRef: 'feature', baseRef: 'main' }] });
  r = await setUp();
  base = {
    repoDir: r.checkout,
    combinedPatch: r.patch,
    octokit: createOctokit('gh-token', { baseUrl: gh.url, retryAfterBaseValue: 1 }),
    owner: 'octo-org',
    repo: 'hello-world',
    prNumber: 7,
    headRef: 'feature',
    baseRef: 'main',
    runId: 'run-42',
    summary: 'codex-swarm code: coder-1',
    isFork: false,
  };
});

afterEach(async () => {
  clearSecrets();
  await gh.close();
  await temp.removeAll();
});

describe('applyChanges: commit', () => {
  it('commits the patch on the branch tip as github-actions[bot] and pushes it, leaving the checkout as it was', async () => {
    const checkoutHead = await head(r.checkout);
    // Someone pushed to the PR after the run checked it out: the commit goes on top of that.
    await commitFile(r.dev, 'README.md', '# hello, again\n', 'later work');
    await sh(r.dev, 'git', ['push', '-q', 'origin', 'feature']);
    const movedTip = await tip(r.origin, 'feature');

    const result = await applyChanges({ ...base, mode: 'commit', token: 'ghs_pushtoken' });

    expect(result).toEqual({ mode: 'commit', pushed: true, branch: 'feature', commitSha: await tip(r.origin, 'feature') });
    expect(await sh(r.origin, 'git', ['rev-parse', 'feature^'])).toBe(movedTip);
    expect(await show(r.origin, 'feature:src/app.ts')).toBe('one\nTWO\nthree');
    expect(await show(r.origin, 'feature:src/new file.ts')).toBe('export const x = 1;');
    expect(await show(r.origin, 'feature:README.md')).toBe('# hello, again');
    expect(await sh(r.origin, 'git', ['log', '-1', '--format=%an <%ae>|%cn <%ce>', 'feature'])).toBe(`${BOT_NAME} <${BOT_EMAIL}>|${BOT_NAME} <${BOT_EMAIL}>`);
    expect((await sh(r.origin, 'git', ['log', '-1', '--format=%B', 'feature'])).trimEnd()).toBe(
      'codex-swarm: apply the changes of run run-42\n\ncodex-swarm code: coder-1',
    );

    expect(await status(r.checkout)).toBe('');
    expect(await head(r.checkout)).toBe(checkoutHead);
    expect(await worktrees(r.checkout)).toBe(1);
    expect(gh.requests).toHaveLength(0);
  });

  it('works from a shallow checkout (actions/checkout fetches one commit) and leaves it shallow', async () => {
    const shallow = path.join(await temp.make('shallow'), 'repo');
    await sh(path.dirname(shallow), 'git', ['clone', '-q', '--depth=1', '--branch', 'feature', `file://${r.origin}`, shallow]);
    await commitFile(r.dev, 'README.md', '# moved\n', 'later work');
    await sh(r.dev, 'git', ['push', '-q', 'origin', 'feature']);

    const result = await applyChanges({ ...base, mode: 'commit', repoDir: shallow });
    expect(result.pushed).toBe(true);
    expect(await show(r.origin, 'feature:src/app.ts')).toBe('one\nTWO\nthree');
    expect(await sh(shallow, 'git', ['rev-parse', '--is-shallow-repository'])).toBe('true');
    expect(await sh(r.checkout, 'git', ['rev-parse', '--is-shallow-repository'])).toBe('false');
  });

  it('throws a clear error when the branch moved on in a conflicting way, and pushes nothing', async () => {
    await commitFile(r.dev, 'src/app.ts', 'one\ndeux\nthree\n', 'conflicting work');
    await sh(r.dev, 'git', ['push', '-q', 'origin', 'feature']);
    const before = await refs(r.origin);
    const err = await applyChanges({ ...base, mode: 'commit' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as Error).message).toMatch(/^The swarm's changes do not apply to feature \(now at [0-9a-f]{12}\); has the branch moved on\?/);
    expect(await refs(r.origin)).toBe(before);
    expect(await worktrees(r.checkout)).toBe(1);
  });

  it('says why when the push is refused, without the token', async () => {
    const hook = path.join(r.origin, 'hooks', 'pre-receive');
    await fs.writeFile(hook, '#!/bin/sh\necho "protected branch" >&2\nexit 1\n', { mode: 0o755 });
    const err = await applyChanges({ ...base, mode: 'commit', token: 'ghs_pushtoken' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as Error).message).toMatch(/^Could not push to feature: git push failed: .*protected branch.*contents: write/);
    expect((err as Error).message).not.toContain('ghs_pushtoken');
  });

  it('skips when the branch already has the changes or there is no patch', async () => {
    await applyChanges({ ...base, mode: 'commit' });
    // The same change, already on the branch (a patch that only edits: re-applying it is a no-op).
    const editOnly = path.join(path.dirname(r.patch), 'edit-only.patch');
    const full = await fs.readFile(r.patch, 'utf8');
    await fs.writeFile(editOnly, full.slice(0, full.indexOf('diff --git a/src/new file.ts')));
    expect(await applyChanges({ ...base, mode: 'commit', combinedPatch: editOnly })).toEqual({
      mode: 'commit',
      pushed: false,
      skipped: 'feature already has these changes',
    });

    const missing = path.join(path.dirname(r.patch), 'nothing.patch');
    expect(await applyChanges({ ...base, mode: 'commit', combinedPatch: missing })).toEqual({
      mode: 'commit',
      pushed: false,
      skipped: 'there are no changes to apply',
    });
  });
});

describe('applyChanges: pull-request', () => {
  it('pushes codex-swarm/<runId> and opens a pull request into the PR head branch', async () => {
    registerSecret('sk-summary-secret-42');
    const featureTip = await tip(r.origin, 'feature');
    const result = await applyChanges({ ...base, mode: 'pull-request', summary: 'Changed src/app.ts (key sk-summary-secret-42)' });

    const opened = gh.state.pulls.find((p) => p.head.ref === 'codex-swarm/run-42')!;
    expect(result).toEqual({
      mode: 'pull-request',
      pushed: true,
      branch: 'codex-swarm/run-42',
      commitSha: await tip(r.origin, 'codex-swarm/run-42'),
      pullRequestUrl: `https://github.com/octo-org/hello-world/pull/${opened.number}`,
    });
    expect(opened.base.ref).toBe('feature');
    expect(opened.title).toBe('codex-swarm: changes of run run-42 for #7');
    expect(opened.body).toContain(SELF_MARKER);
    expect(opened.body).toContain('Changed src/app.ts (key ***)');
    expect(opened.body).toContain('Opened by codex-swarm from run `run-42` on #7.');
    expect(await sh(r.origin, 'git', ['rev-parse', 'codex-swarm/run-42^'])).toBe(featureTip);
    expect(await show(r.origin, 'codex-swarm/run-42:src/app.ts')).toBe('one\nTWO\nthree');
    // The PR's own branch is not touched.
    expect(await tip(r.origin, 'feature')).toBe(featureTip);
  });

  it('without a pull request, branches from the checked-out branch and targets the default branch', async () => {
    const { prNumber: _, ...noPr } = base;
    const result = await applyChanges({ ...noPr, mode: 'pull-request', headRef: 'main', baseRef: 'main', runId: '2025-01-01 12:00/x' });
    expect(result.branch).toBe('codex-swarm/2025-01-01-12-00-x');
    const opened = gh.state.pulls.find((p) => p.head.ref === result.branch)!;
    expect(opened.base.ref).toBe('main');
    expect(await sh(r.origin, 'git', ['rev-parse', `${result.branch}^`])).toBe(await tip(r.origin, 'main'));
  });

  it('never pushes for a fork', async () => {
    const before = await refs(r.origin);
    for (const mode of ['commit', 'pull-request'] as const) {
      const result = await applyChanges({ ...base, mode, isFork: true });
      expect(result).toEqual({ mode, pushed: false, skipped: expect.stringContaining('fork') });
    }
    expect(await refs(r.origin)).toBe(before);
    expect(gh.requests).toHaveLength(0);
  });

  it('says what permission is missing when the pull request cannot be opened', async () => {
    gh.failNext('POST', /\/pulls$/, 403, 1, { body: { message: 'GitHub Actions is not permitted to create or approve pull requests.' } });
    const commands = captureWorkflowCommands();
    try {
      await expect(applyChanges({ ...base, mode: 'pull-request' })).rejects.toThrow(
        /^Pushed codex-swarm\/run-42 but could not open a pull request into feature: .*not permitted.*pull-requests: write/,
      );
    } finally {
      commands.restore();
    }
    // Octokit's request log is a log line, not an error annotation: the caller's warning says what went wrong.
    expect(commands.errors).toEqual([]);
  });
});

describe('remoteGit: whose credentials reach origin', () => {
  /** An HTTP git remote that asks for credentials and records every Authorization header it gets. */
  async function authServer(): Promise<{ url: string; seen: (string | undefined)[]; close: () => Promise<void> }> {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (!req.headers.authorization) res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return { url, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }
  const basic = (token: string) => `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;

  it("the checkout's persisted token (actions/checkout) goes first; with tokenFirst, apply-token replaces it", async () => {
    const remote = await authServer();
    const repo = temp.track(await makeRepo({ 'a.txt': 'a\n' }));
    try {
      // What actions/checkout leaves in .git/config with persist-credentials (the default).
      await sh(repo, 'git', ['config', `http.${remote.url}.extraheader`, `AUTHORIZATION: ${basic('GITHUB_TOKEN')}`]);
      await expect(remoteGit(repo, ['ls-remote', `${remote.url}repo.git`], { token: 'APP_TOKEN' })).rejects.toThrow();
      expect(remote.seen[0]).toBe(basic('GITHUB_TOKEN'));
      remote.seen.length = 0;
      await expect(remoteGit(repo, ['ls-remote', `${remote.url}repo.git`], { token: 'APP_TOKEN', tokenFirst: true })).rejects.toThrow();
      expect(remote.seen).toEqual([undefined, `Basic ${Buffer.from('x-access-token:APP_TOKEN').toString('base64')}`]);
    } finally {
      await remote.close();
    }
  });
});

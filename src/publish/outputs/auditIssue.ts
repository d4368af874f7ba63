/**
 * The tracking issue of scheduled and dispatched audits: one open issue with the audit label and
 * AUDIT_MARKER, opened by the bot itself, created the first time and edited by every later run.
 * A maintainer closes it to start afresh; the next audit then opens a new one.
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../../github/client.js';
import { ACTIONS_BOT_LOGIN, AUDIT_MARKER, SELF_MARKER } from '../comment/markers.js';
import { describeError, httpStatus, markedBody, oversizeReason } from '../comment/githubBody.js';

export interface AuditIssueOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The `audit-label` input. */
  label: string;
  /** Used when the issue is created; an existing issue keeps its title, which people may have edited. */
  title: string;
  body: string;
  /** The login the token writes as; default `github-actions[bot]`. */
  selfLogin?: string;
}

export interface AuditIssue {
  number: number;
  /** The issue's html_url. */
  url: string;
  created: boolean;
}

const LABEL_COLOR = '5319e7';
const LABEL_DESCRIPTION = 'Tracking issue kept up to date by codex-swarm audits';

/** Edits the open audit issue or creates it. Throws on API errors and on a body GitHub would refuse as too long. */
export async function upsertAuditIssue({ octokit, owner, repo, label, title, body, selfLogin = ACTIONS_BOT_LOGIN }: AuditIssueOptions): Promise<AuditIssue> {
  const text = markedBody(body, [SELF_MARKER, AUDIT_MARKER]);
  const tooLong = oversizeReason(text);
  if (tooLong) throw new Error(`The audit issue was not written: ${tooLong}.`);

  const existing = await findAuditIssue({ octokit, owner, repo, label, selfLogin });
  if (existing) {
    const { data } = await octokit.rest.issues.update({ owner, repo, issue_number: existing, body: text });
    return { number: data.number, url: data.html_url, created: false };
  }
  await ensureLabel(octokit, owner, repo, label);
  const { data } = await octokit.rest.issues.create({ owner, repo, title, body: text, labels: [label] });
  return { number: data.number, url: data.html_url, created: true };
}

/** The oldest open issue with the label, the marker and the bot as author, searching every page. */
async function findAuditIssue({
  octokit,
  owner,
  repo,
  label,
  selfLogin,
}: Pick<AuditIssueOptions, 'octokit' | 'owner' | 'repo' | 'label'> & { selfLogin: string }): Promise<number | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    state: 'open',
    labels: label,
    sort: 'created',
    direction: 'asc',
    per_page: 100,
  });
  for await (const { data } of pages) {
    const own = data.find((i) => !i.pull_request && i.user?.login.toLowerCase() === selfLogin.toLowerCase() && (i.body ?? '').includes(AUDIT_MARKER));
    if (own) return own.number;
  }
  return undefined;
}

/**
 * Creates the label with a colour and a description the first time. Issue creation would add a
 * missing label anyway (bare), so a failure here is only a warning.
 */
async function ensureLabel(octokit: GitHubClient, owner: string, repo: string, name: string): Promise<void> {
  try {
    await octokit.rest.issues.getLabel({ owner, repo, name });
    return;
  } catch (error) {
    if (httpStatus(error) !== 404) {
      core.warning(`codex-swarm: could not look up the label "${name}": ${describeError(error)}`);
      return;
    }
  }
  try {
    await octokit.rest.issues.createLabel({ owner, repo, name, color: LABEL_COLOR, description: LABEL_DESCRIPTION });
  } catch (error) {
    // 422: created meanwhile, which is what we wanted.
    if (httpStatus(error) !== 422) core.warning(`codex-swarm: could not create the label "${name}": ${describeError(error)}`);
  }
}

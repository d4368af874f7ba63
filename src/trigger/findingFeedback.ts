/**
 * What maintainers said about the swarm's inline findings on a pull request: 👎 or 👍 on a finding
 * comment, a reply `/swarm dismiss [reason]` or `/swarm confirm` in its thread, or a PR comment
 * `/swarm dismiss <short id> [reason]` / `/swarm confirm <short id>`. Only people with write access
 * count (asked once per login per run); bots, the bot itself and read-only users are left out
 * without a word. Cheap in requests: one list of review comments and one of PR comments, then the
 * reactions of only those comments whose roll-up counts a 👍 or 👎, then one permission per person.
 */
import { VERDICT_TEXT_LIMITS, type FindingVerdict, type Verdict } from '../github/findingVerdict.js';
import type { GitHubClient } from '../github/client.js';
import { findingKey, SHORT_ID_LENGTH } from '../publish/review/fingerprint.js';
import { describeError } from '../publish/comment/githubBody.js';
import { hasSelfMarker } from '../publish/comment/markers.js';
import { readFindingComment, type FindingComment, type ReviewCommentData } from '../publish/review/inlineComments.js';
import { listReviewComments } from './findingThread.js';
import { parseSwarmCommand, parseThreadReply } from './parseCommand.js';
import { isBotActor } from './permissions.js';

export interface FeedbackTarget {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  pullNumber: number;
  /** The login the token writes as: its comments are the findings, its reactions are not votes. */
  selfLogin: string;
  triggerPhrase: string;
  /** Write, maintain or admin, asked once per login per run (`createWriterCheck`). */
  isWriter: (login: string) => Promise<boolean>;
  /** The last run's open findings (state block): the full title and severity where a comment shortened them. */
  known?: { fingerprint: string; title: string; severity: string }[];
}

/** The fields of a PR comment (`issues.listComments`) read here. */
export interface IssueCommentData {
  id: number;
  body?: string;
  user: { login: string; type: string } | null;
  created_at: string;
}

export interface FindingFeedback {
  /** The latest verdict a writer gave on each finding (one per `findingKey`). */
  verdicts: FindingVerdict[];
  /** Votes left out: by bots, by people without write access, or whose access could not be read. */
  ignored: number;
  warnings: string[];
}

interface Vote {
  finding: FindingComment;
  verdict: Verdict;
  reason: string;
  login: string;
  type: string;
  at: string;
  via: FindingVerdict['via'];
}

/** Lists the PR's review comments and comments, then reads the feedback in them. */
export async function readFindingFeedback(t: FeedbackTarget): Promise<FindingFeedback> {
  const { octokit, owner, repo, pullNumber } = t;
  const [reviewComments, issueComments] = await Promise.all([
    listReviewComments(t),
    octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pullNumber, per_page: 100 }),
  ]);
  return collectFindingFeedback(t, { reviewComments, issueComments });
}

/** The feedback in comments already listed (a caller that lists them anyway saves the requests). */
export async function collectFindingFeedback(
  t: FeedbackTarget,
  lists: { reviewComments: ReviewCommentData[]; issueComments: IssueCommentData[] },
): Promise<FindingFeedback> {
  const warnings: string[] = [];
  const findings = lists.reviewComments.map((c) => readFindingComment(c, t.selfLogin)).filter((f): f is FindingComment => f !== null);
  const votes = [
    ...(await reactionVotes(t, findings, warnings)),
    ...replyVotes(t, findings, lists.reviewComments),
    ...commentVotes(t, findings, lists.issueComments),
  ];
  const counted: Vote[] = [];
  for (const vote of votes) {
    if (vote.login.toLowerCase() === t.selfLogin.toLowerCase() || isBotActor({ login: vote.login, type: vote.type })) continue;
    const writer = await t.isWriter(vote.login).catch((error: unknown) => {
      warnings.push(`the feedback of @${vote.login} is left out this run: ${describeError(error)}`);
      return false;
    });
    if (writer) counted.push(vote);
  }
  return { verdicts: latestPerFinding(counted, t), ignored: votes.length - counted.length, warnings: [...new Set(warnings)] };
}

/** 👎 and 👍 on finding comments whose roll-up counts one (all of them when GitHub gave no roll-up). */
async function reactionVotes(t: FeedbackTarget, findings: FindingComment[], warnings: string[]): Promise<Vote[]> {
  const voted = findings.filter((f) => !f.thumbs || f.thumbs.up + f.thumbs.down > 0);
  const lists = await Promise.all(
    voted.map(async (finding) => {
      try {
        const reactions = await t.octokit.paginate(t.octokit.rest.reactions.listForPullRequestReviewComment, {
          owner: t.owner,
          repo: t.repo,
          comment_id: finding.commentId,
          per_page: 100,
        });
        return reactions.flatMap((r): Vote[] => {
          const verdict = r.content === '-1' ? 'dismissed' : r.content === '+1' ? 'confirmed' : null;
          if (!verdict || !r.user) return [];
          return [{ finding, verdict, reason: '', login: r.user.login, type: r.user.type, at: r.created_at, via: 'reaction' }];
        });
      } catch (error) {
        warnings.push(`could not read the reactions on review comment ${finding.commentId}: ${describeError(error)}`);
        return [];
      }
    }),
  );
  return lists.flat();
}

/** `/swarm dismiss [reason]` and `/swarm confirm` replied in a finding's thread. */
function replyVotes(t: FeedbackTarget, findings: FindingComment[], comments: ReviewCommentData[]): Vote[] {
  const byId = new Map(findings.map((f) => [f.commentId, f]));
  return comments.flatMap((c): Vote[] => {
    const finding = c.in_reply_to_id ? byId.get(c.in_reply_to_id) : undefined;
    if (!finding || !c.user || hasSelfMarker(c.body)) return [];
    const reply = parseThreadReply(c.body, t.triggerPhrase);
    if (reply.kind !== 'finding' || (reply.action !== 'dismiss' && reply.action !== 'confirm')) return [];
    // An id written after the command must be this finding's: a pasted id of another one is no verdict on this one.
    if (reply.shortId && reply.shortId !== finding.fingerprint.slice(0, SHORT_ID_LENGTH)) return [];
    const verdict = reply.action === 'dismiss' ? 'dismissed' : 'confirmed';
    return [{ finding, verdict, reason: reply.text, login: c.user.login, type: c.user.type, at: c.created_at, via: 'reply' }];
  });
}

/** `/swarm dismiss <short id> [reason]` and `/swarm confirm <short id>` as PR comments; an id naming two findings counts for neither. */
function commentVotes(t: FeedbackTarget, findings: FindingComment[], comments: IssueCommentData[]): Vote[] {
  return comments.flatMap((c): Vote[] => {
    const body = c.body ?? '';
    if (!c.user || hasSelfMarker(body)) return [];
    const command = parseSwarmCommand(body, t.triggerPhrase);
    if (command.kind !== 'finding' || (command.action !== 'dismiss' && command.action !== 'confirm') || !command.shortId) return [];
    const named = findings.filter((f) => f.fingerprint.startsWith(command.shortId!));
    if (new Set(named.map((f) => f.fingerprint)).size !== 1) return [];
    const verdict = command.action === 'dismiss' ? 'dismissed' : 'confirmed';
    return [{ finding: named[0], verdict, reason: command.text, login: c.user.login, type: c.user.type, at: c.created_at, via: 'comment' }];
  });
}

/** Per finding (same path, same normalised title) the latest vote wins: a 👍 after a 👎 confirms it again. */
function latestPerFinding(votes: Vote[], t: FeedbackTarget): FindingVerdict[] {
  const known = new Map((t.known ?? []).map((f) => [f.fingerprint, f]));
  const latest = new Map<string, FindingVerdict>();
  for (const v of votes) {
    const title = known.get(v.finding.fingerprint)?.title ?? v.finding.title;
    const key = findingKey(v.finding.path, title);
    const seen = latest.get(key);
    if (seen && seen.at >= v.at) continue;
    latest.set(key, {
      findingKey: key,
      fingerprint: v.finding.fingerprint,
      title: clip(title, VERDICT_TEXT_LIMITS.title),
      severity: known.get(v.finding.fingerprint)?.severity ?? v.finding.severity,
      path: v.finding.path,
      line: v.finding.line,
      codeLine: v.finding.codeLine === null ? null : clip(v.finding.codeLine, VERDICT_TEXT_LIMITS.codeLine),
      verdict: v.verdict,
      reason: clip(v.reason.replace(/\s+/g, ' ').trim(), VERDICT_TEXT_LIMITS.reason),
      by: v.login,
      at: v.at,
      pr: t.pullNumber,
      commentId: v.finding.commentId,
      via: v.via,
    });
  }
  return [...latest.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

const clip = (text: string, max: number) =>
  Array.from(text).length > max
    ? `${Array.from(text)
        .slice(0, max - 1)
        .join('')}…`
    : text;

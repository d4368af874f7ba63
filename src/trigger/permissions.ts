/**
 * Who may make the action run. A comment's `author_association` says nothing reliable about
 * repository access (an outside contributor can be `CONTRIBUTOR`), so the permission is asked of
 * the API.
 */
import type { GitHubClient } from '../github/client.js';

export const PERMISSION_LEVELS = ['admin', 'maintain', 'write', 'triage', 'read', 'none'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** Levels that may start a run from a comment: they can push to the repository anyway. */
export const RUN_LEVELS: readonly PermissionLevel[] = ['admin', 'maintain', 'write'];

export interface Actor {
  login: string;
  type: string;
}

/**
 * The user's role on the repository. `role_name` tells `maintain` and `triage` apart (the older
 * `permission` folds them into `write` and `read`); a custom role's name is not a level, so then
 * `permission` — the base role it builds on — counts. A user GitHub does not know (404) has none.
 */
export async function checkActorPermission(octokit: GitHubClient, ref: { owner: string; repo: string; username: string }): Promise<PermissionLevel> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel(ref);
    return asLevel(data.role_name) ?? asLevel(data.permission) ?? 'none';
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'none';
    throw new Error(`Could not read the permission of @${ref.username} on ${ref.owner}/${ref.repo}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function asLevel(value: string | undefined | null): PermissionLevel | undefined {
  return PERMISSION_LEVELS.find((l) => l === value);
}

/** A GitHub App or other bot account: typed `Bot`, or a login ending in `[bot]`. */
export function isBotActor(user: Actor): boolean {
  return user.type === 'Bot' || /\[bot\]$/i.test(user.login);
}

/** Whether `allowed-bots` lets this bot run: `name` and `name[bot]` name the same bot; `*` allows all. */
export function isAllowedBot(login: string, allowedBots: readonly string[]): boolean {
  const name = botName(login);
  return allowedBots.some((entry) => entry.trim() === '*' || botName(entry) === name);
}

function botName(login: string): string {
  return login
    .trim()
    .toLowerCase()
    .replace(/\[bot\]$/, '');
}

/**
 * Whether a login may run commands and judge findings (write, maintain or admin), asked of the API
 * once per login and kept for the run: a PR's feedback names the same few people many times.
 */
export function createWriterCheck(octokit: GitHubClient, repo: { owner: string; repo: string }): (login: string) => Promise<boolean> {
  const asked = new Map<string, Promise<boolean>>();
  return (login) => {
    const key = login.toLowerCase();
    let answer = asked.get(key);
    if (!answer) {
      answer = checkActorPermission(octokit, { ...repo, username: login }).then((level) => RUN_LEVELS.includes(level));
      asked.set(key, answer);
    }
    return answer;
  };
}

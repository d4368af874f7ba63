/**
 * The local CLI: the same engine as the action, on the repository you are in. The run folder is
 * `.codex-swarm/runs/<id>/` (the folder ignores itself), memory is `.codex-swarm/memory.json`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { git } from '../git/git.js';
import { runMemoryCommand } from '../memory/cli.js';
import { PlanError } from '../plan/buildPlan.js';
import { SavedPlanError } from '../plan/savedPlan.js';
import { runLifecycle } from '../run/lifecycle.js';
import { VERSION } from '../version.js';
import { CLI_USAGE, parseCliArgs, UsageError, type CliRun } from './args.js';
import { planCliRun, type CliPlanned } from './cliPlan.js';
import { cliRecipe, cliSurface, type CliRunPlace } from './cliRun.js';
import { dryRunText } from './dryRun.js';
import { EXIT, type CliIO, type CliSay } from './io.js';
import { describeLeftovers, removeLeftovers, scratchDirFor } from './leftovers.js';
import { resolveModelAccess, type ModelAccess } from './modelAccess.js';

export { EXIT, type CliIO } from './io.js';

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const out: CliSay = {
    say: (text) => io.stdout.write(`${text}\n`),
    complain: (text) => io.stderr.write(`codex-swarm: ${text}\n`),
  };
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out.complain(`${err.message}\n\n${CLI_USAGE}`);
    return EXIT.usage;
  }
  if (command.kind === 'help') return (out.say(CLI_USAGE), EXIT.ok);
  if (command.kind === 'version') return (out.say(`codex-swarm ${VERSION}`), EXIT.ok);

  const repoDir = await repositoryRoot(io.cwd);
  if (!repoDir) {
    out.complain('run it inside a git repository with at least one commit (workers get worktrees of HEAD).');
    return EXIT.usage;
  }
  const home = path.join(repoDir, '.codex-swarm');
  await fs.mkdir(home, { recursive: true });
  // Like pytest's cache folder: it ignores itself, so `git status` stays clean.
  if (!existsSync(path.join(home, '.gitignore'))) await fs.writeFile(path.join(home, '.gitignore'), '*\n');
  const memoryFile = path.join(home, 'memory.json');

  if (command.kind === 'memory') {
    return runMemoryCommand(command.args, {
      file: memoryFile,
      write: (s) => io.stdout.write(s),
      warn: (s) => io.stderr.write(s),
      // `pull`: the token, GITHUB_API_URL and PATH (for `gh`), and the checkout whose remote names the repository.
      env: io.env,
      repoDir,
    });
  }
  if (command.kind === 'clean') {
    out.say(describeLeftovers(await removeLeftovers(repoDir)) ?? 'nothing to clean: no run left worktrees or temp folders behind.');
    return EXIT.ok;
  }
  return runSwarmCommand(command, { ...io, ...out }, { repoDir, home, memoryFile });
}

/** Plan, then the dry run's text or the run itself; what the user must fix is one line and exit 2. */
async function runSwarmCommand(command: CliRun, io: CliIO & CliSay, where: { repoDir: string; home: string; memoryFile: string }): Promise<number> {
  const planned = await userError(io, () => planCliRun(command, where.repoDir), [PlanError, SavedPlanError]);
  if (!planned) return EXIT.usage;
  if (command.dryRun) {
    io.say(await dryRunText(planned.plan, command.memory ? where.memoryFile : null, io.complain));
    return EXIT.ok;
  }
  // Any error here is the user's to fix: a missing key, a Claude Code that cannot be set up.
  const access = await userError(io, () => resolveModelAccess(command, io, planned.plan), [Error]);
  if (!access) return EXIT.usage;
  return runPlanned(command, planned, access, io, where);
}

function runPlanned(
  command: CliRun,
  planned: CliPlanned,
  access: ModelAccess,
  io: CliIO & CliSay,
  where: { repoDir: string; home: string; memoryFile: string },
) {
  const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  const place: CliRunPlace = {
    runId,
    repoDir: where.repoDir,
    runDir: path.join(where.home, 'runs', runId),
    scratchDir: scratchDirFor(runId),
    memoryFile: where.memoryFile,
  };
  return runLifecycle(cliRecipe(command, planned, access, place, io), cliSurface(command, place, io));
}

/** The value, or null after printing an error of one of the given kinds (the user's to fix); other errors propagate. */
async function userError<T>(io: CliSay, work: () => Promise<T>, kinds: (new (...args: never[]) => Error)[]): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    if (!kinds.some((k) => err instanceof k)) throw err;
    io.complain((err as Error).message);
    return null;
  }
}

/** The top of the git repository at `cwd` if it has a commit, else null. */
async function repositoryRoot(cwd: string): Promise<string | null> {
  try {
    const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
    await git(cwd, ['rev-parse', '--verify', '-q', 'HEAD']);
    return top;
  } catch {
    return null;
  }
}

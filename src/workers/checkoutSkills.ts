/**
 * Codex lists the skills it finds in its working tree (`.agents/skills/**` and `.codex/skills/**`,
 * SKILL.md files) to the model as instructions, whoever wrote them: a pull request could add one
 * that steers every worker, as it could an AGENTS.md. Where the checkout is not trusted, each such
 * skill is switched off by path (`skills.config`, the one switch Codex offers; checked with
 * codex-cli 0.169.0), so the model sees none of them.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The folders Codex scans for a working tree's skills, and how deep it looks. */
const SKILL_ROOTS = [path.join('.agents', 'skills'), path.join('.codex', 'skills')];
const MAX_DEPTH = 6;
const SKILL_FILE = 'SKILL.md';

/** Every SKILL.md Codex would load from the working tree `cwd`, by its real path. */
export async function checkoutSkillFiles(cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const root of SKILL_ROOTS) await collect(path.join(cwd, root), MAX_DEPTH, found);
  return Promise.all(found.map((f) => fs.realpath(f)));
}

async function collect(dir: string, depth: number, found: string[]): Promise<void> {
  if (depth < 0) return;
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.isFile() && e.name === SKILL_FILE) found.push(path.join(dir, e.name));
    else if (e.isDirectory() || e.isSymbolicLink()) await collect(path.join(dir, e.name), depth - 1, found);
  }
}

/** `-c skills.config=[…]` switching each of these skills off; none when there are none. */
export function skillsOffArgs(files: string[]): string[] {
  if (!files.length) return [];
  // JSON strings are valid TOML basic strings for any path.
  const entries = files.map((f) => `{path=${JSON.stringify(f)},enabled=false}`);
  return ['-c', `skills.config=[${entries.join(',')}]`];
}

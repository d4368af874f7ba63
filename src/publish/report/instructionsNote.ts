/** The report's word on instructions when a pull request changes an AGENTS.md. */
import { isInstructionFile, type ProjectInstructions } from '../../plan/instructions.js';
import { quotePath } from '../../util/quotePath.js';
import { mdCode } from './markdown.js';

const mdPath = (name: string) => mdCode(quotePath(name));

/** The report's line when the PR touches an AGENTS.md: which instructions the workers had. */
export function instructionsNote(instructions: ProjectInstructions, changedFiles: string[]): string | null {
  const changed = changedFiles.filter(isInstructionFile);
  if (!changed.length) return null;
  const names = changed.map((f) => mdPath(f)).join(', ');
  const used: Record<ProjectInstructions['source'], string> = {
    base: `the workers followed the base branch's AGENTS.md (${instructions.files.map((f) => mdPath(f.path)).join(', ')} at ${mdCode(instructions.baseSha?.slice(0, 7) ?? '?')}) and read the PR's copies as data`,
    none: "the workers had no AGENTS.md instructions (the base branch has none it could read) and read the PR's copies as data",
    head: "the workers followed the PR's own AGENTS.md (`project-instructions: head`)",
    checkout: "the workers followed the checkout's AGENTS.md",
    off: 'the workers had no AGENTS.md instructions (`project-instructions: off`)',
  };
  return `**Instructions:** this pull request changes ${names}; ${used[instructions.source]}.`;
}

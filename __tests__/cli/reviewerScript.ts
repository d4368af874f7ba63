/** The scripted reviewer the CLI's end-to-end tests use: it lists src/, then reports one finding. */
import type { Script } from '../fixtures/scriptedModel.js';

export function reviewerScript(finding: { severity: string; file: string; line: number; title: string; detail: string }): Script {
  return {
    match: /# codex-swarm worker reviewer-/,
    steps: [
      { shell: 'ls src' },
      { message: { status: 'complete', summary: 'looked', findings: [finding], pattern: { approach: 'list then read', context: 'tiny repos' } } },
    ],
  };
}

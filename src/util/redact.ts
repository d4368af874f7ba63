import * as core from '@actions/core';

/**
 * Secrets known to this process. Everything the action writes (comments, summaries, outputs,
 * artifacts, logs of workers) passes through `redact` first; `core.setSecret` alone only masks
 * the runner's log, not what we send to GitHub's API or upload.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4) return;
  secrets.add(value);
  // `::add-mask::<value>` is a command to the runner; anywhere else it would print the secret.
  if (process.env.GITHUB_ACTIONS === 'true') core.setSecret(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** For tests: forget registered secrets. */
export function clearSecrets(): void {
  secrets.clear();
}

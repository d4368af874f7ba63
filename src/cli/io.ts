/** What the CLI runs with: its directory, environment and streams, and what tests and the demo put in place. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The codex executable to use instead of resolving one (the demo and tests). */
  codexPath?: string;
  /** The claude executable to use instead of resolving one (tests). */
  claudePath?: string;
  /** Aborts the run like Ctrl-C. */
  signal?: AbortSignal;
}

export const EXIT = { ok: 0, workerFailed: 1, usage: 2, notApplied: 3, interrupted: 130 } as const;

/** What the CLI's pieces print: a line to stdout, a complaint to stderr. */
export interface CliSay {
  say: (text: string) => void;
  complain: (text: string) => void;
}

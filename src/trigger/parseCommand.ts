/**
 * `/swarm <command> [args] [--flags]` comments. Arguments use shell-like quoting ('…', "…" and
 * backslashes) but nothing else of a shell: no variables, globs or operators, which stay plain
 * text. Only a few flags exist, none of which touches the sandbox, the endpoint, the key or the
 * token — those belong to the workflow, never to whoever writes a comment.
 */
import { COMMANDS, ENGINE_MODES, type EngineMode, type SwarmRequest } from '../plan/types.js';
import { sanitizeUntrusted } from '../util/sanitize.js';

export type RunCommand = SwarmRequest['command'];

export interface CommandFlags {
  workers?: number;
  model?: string;
  engine?: EngineMode;
  /** `--dry-run`: post the plan, run nothing. */
  dryRun?: true;
  /** `review --full`: the whole PR even on a new push. */
  full?: boolean;
}

export type SwarmCommand =
  | { kind: 'none' }
  | { kind: 'help' }
  /** Re-run the workers of the PR's last run that did not succeed. */
  | { kind: 'retry' }
  /** `args` are paths, or for `code` one element: the instructions, as written. `planOnly`: `plan <instructions>`, the planner alone. */
  | { kind: 'run'; command: RunCommand; args: string[]; flags: CommandFlags; planOnly?: true }
  /** Run the plan the last `plan` posted on this pull request. */
  | { kind: 'approve' }
  /** `message` is one line for a reply; follow it with `usageText`. */
  | { kind: 'error'; message: string };

export const MAX_WORKERS = 64;
const MODEL_PATTERN = /^[\w.:\-/]+$/;
const RUN_COMMANDS = COMMANDS.filter((c): c is RunCommand => c !== 'help');
/** The orchestrator's two steps: `plan` is `code` stopped after the planner; `approve` runs what it posted. */
const PLAN_COMMANDS = ['plan', 'approve'] as const;
const ALL_COMMANDS = [...RUN_COMMANDS, ...PLAN_COMMANDS, 'retry', 'help'];

/** Flags people might try that a comment may never set; they get a clearer refusal than "unknown". */
const WORKFLOW_ONLY_FLAGS = new Set([
  'sandbox',
  's',
  'endpoint',
  'responses-api-endpoint',
  'base-url',
  'key',
  'api-key',
  'openai-api-key',
  'token',
  'github-token',
  'codex-args',
  'config',
  'c',
  'full-auto',
  'dangerously-bypass-approvals-and-sandbox',
  'yolo',
  'apply',
  'engines',
  'anthropic-api-key',
  'anthropic-base-url',
  'claude-code-version',
]);

export function parseSwarmCommand(body: string, triggerPhrase: string): SwarmCommand {
  // Parse what a reader of the rendered comment sees: text hidden in it can carry no command or flag.
  const lines = sanitizeUntrusted(body).split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) return { kind: 'none' };
  const line = lines[first].trim();
  if (!startsWithPhrase(line, triggerPhrase)) return { kind: 'none' };

  const afterPhrase = line.slice(triggerPhrase.length);
  const commandMatch = /^\s*(\S+)/.exec(afterPhrase);
  if (!commandMatch) return { kind: 'help' };
  const word = commandMatch[1].toLowerCase();
  if (word === 'help' || word === '--help' || word === '-h') return { kind: 'help' };
  if (word === 'retry') {
    const rest = afterPhrase.slice(commandMatch[0].length).trim();
    return rest
      ? { kind: 'error', message: `\`retry\` takes no arguments (got ${shown(rest)}): it re-runs the last run's workers that did not succeed.` }
      : { kind: 'retry' };
  }
  const argText = afterPhrase.slice(commandMatch[0].length);
  if (word === 'approve') {
    if ([argText, ...lines.slice(first + 1)].join('\n').trim()) {
      return { kind: 'error', message: '`approve` takes nothing else: it runs the plan last posted here, exactly as posted.' };
    }
    return { kind: 'approve' };
  }
  const planOnly = word === 'plan';
  const command = planOnly ? 'code' : RUN_COMMANDS.find((c) => c === word);
  if (!command) {
    return { kind: 'error', message: `Unknown command ${shown(commandMatch[1])}: use one of ${ALL_COMMANDS.map((c) => `\`${c}\``).join(', ')}.` };
  }

  // Instructions are prose: an apostrophe in "don't" must not count as an open quote.
  const tokens = tokenize(argText, command !== 'code');
  if ('error' in tokens) return { kind: 'error', message: tokens.error };

  const parsed = splitFlags(argText, tokens);
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  if (parsed.flags.full && command !== 'review') return { kind: 'error', message: `\`--full\` is for \`review\` only.` };

  if (command !== 'code') return { kind: 'run', command, args: parsed.args, flags: parsed.flags };
  const instructions = [parsed.prose, ...lines.slice(first + 1)].join('\n').trim();
  if (!instructions) {
    return { kind: 'error', message: `\`${word}\` needs instructions, e.g. \`${triggerPhrase} ${word} add input validation to the signup form\`.` };
  }
  return { kind: 'run', command, args: [instructions], flags: parsed.flags, ...(planOnly ? { planOnly: true as const } : {}) };
}

function startsWithPhrase(line: string, phrase: string): boolean {
  if (line.slice(0, phrase.length).toLowerCase() !== phrase.toLowerCase()) return false;
  const next = line.charAt(phrase.length);
  return next === '' || /\s/.test(next);
}

interface Token {
  value: string;
  start: number;
  end: number;
  /** Starts with a quote or an escape, so it is an argument even when its value starts with `-`. */
  literal: boolean;
}

/**
 * Splits on unquoted whitespace. Strict mode refuses an unterminated quote; lenient mode (prose)
 * reads a quote without a closing partner as an ordinary character.
 */
function tokenize(text: string, strict: boolean): Token[] | { error: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const ch = text[i];
      if (ch === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else if (ch === "'" || ch === '"') {
        const close = findClosingQuote(text, i);
        if (close === -1) {
          if (strict) return { error: `Unterminated ${ch === '"' ? 'double' : 'single'} quote in ${shown(text.slice(start))}.` };
          value += ch;
          i++;
          continue;
        }
        const inner = text.slice(i + 1, close);
        value += ch === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
        i = close + 1;
      } else {
        value += ch;
        i++;
      }
    }
    const first = text[start];
    tokens.push({ value, start, end: i, literal: first === '"' || first === "'" || first === '\\' });
  }
  return tokens;
}

function findClosingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let j = open + 1; j < text.length; j++) {
    if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) return j;
  }
  return -1;
}

type FlagParse = { args: string[]; flags: CommandFlags; prose: string } | { error: string };

/** Separates flags from arguments; `prose` is the text without the flags, spacing as typed. */
function splitFlags(text: string, tokens: Token[]): FlagParse {
  const args: string[] = [];
  const flags: CommandFlags = {};
  const removed: [number, number][] = [];
  let flagsEnded = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (flagsEnded || token.literal || !token.value.startsWith('-') || token.value === '-') {
      args.push(token.value);
      continue;
    }
    if (token.value === '--') {
      flagsEnded = true;
      removed.push([token.start, token.end]);
      continue;
    }
    const [, written = '', inline] = /^--?([^=]*)(?:=(.*))?$/s.exec(token.value) ?? [];
    const name = written.toLowerCase();
    const flag = `--${name}`;
    if (name === 'dry-run') {
      if (inline !== undefined) return { error: '`--dry-run` takes no value.' };
      flags.dryRun = true;
      removed.push([token.start, token.end]);
      continue;
    }
    if (name === 'full') {
      if (inline !== undefined) return { error: '`--full` takes no value.' };
      if (flags.full) return { error: '`--full` is given twice.' };
      flags.full = true;
      removed.push([token.start, token.end]);
      continue;
    }
    if (name !== 'workers' && name !== 'model' && name !== 'engine') {
      const asWritten = shown(token.value.replace(/=.*$/s, ''));
      if (WORKFLOW_ONLY_FLAGS.has(name)) {
        return { error: `${asWritten} can't be set from a comment: the workflow sets the sandbox, the model endpoint, the API key and the token.` };
      }
      return {
        error: `Unknown flag ${asWritten}: the flags are \`--workers N\`, \`--model M\`, \`--engine codex|claude|mixed\`, \`--full\` and \`--dry-run\`. Text that starts with \`-\` is read as a flag: quote it, or put \`--\` before it.`,
      };
    }
    if (flags[name] !== undefined) return { error: `\`${flag}\` is given twice.` };
    let value = inline;
    let end = token.end;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (!next || (!next.literal && next.value.startsWith('--'))) return { error: `\`${flag}\` needs a value.` };
      value = next.value;
      end = next.end;
      i++;
    }
    const error = setFlag(flags, name, value);
    if (error) return { error };
    removed.push([token.start, end]);
  }
  return { args, flags, prose: cutSpans(text, removed) };
}

function setFlag(flags: CommandFlags, name: 'workers' | 'model' | 'engine', value: string): string | undefined {
  if (name === 'engine') {
    const engine = ENGINE_MODES.find((e) => e === value.toLowerCase());
    if (!engine) return `\`--engine\` takes ${ENGINE_MODES.map((e) => `\`${e}\``).join(', ')} (got ${shown(value)}).`;
    flags.engine = engine;
  } else if (name === 'workers') {
    const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
    if (!(n >= 1 && n <= MAX_WORKERS)) return `\`--workers\` takes a whole number from 1 to ${MAX_WORKERS} (got ${shown(value)}).`;
    flags.workers = n;
  } else {
    if (!MODEL_PATTERN.test(value) || value.length > 100) {
      return `\`--model\` takes a model name of letters, digits and \`. : - / _\` (got ${shown(value)}).`;
    }
    flags.model = value;
  }
  return undefined;
}

/** Removes the spans and the whitespace after each, so the prose reads as if the flags were never there. */
function cutSpans(text: string, spans: [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start);
    at = end;
    while (at < text.length && /[ \t]/.test(text[at])) at++;
  }
  return (out + text.slice(at)).trim();
}

/** User text echoed in a reply: inline code (no mentions, no markdown), short. */
function shown(text: string): string {
  const clipped = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `\`${clipped.replace(/[`\n]/g, "'")}\``;
}

export function usageText(triggerPhrase: string): string {
  const p = triggerPhrase;
  return [
    `**codex-swarm** runs Codex workers on this pull request. Write a comment whose first line is a command:`,
    '',
    '| Command | What it does |',
    '| --- | --- |',
    `| \`${p} review [paths…]\` | Review the changed files (or the given paths) and report findings |`,
    `| \`${p} test [paths…]\` | Write or improve tests for the changed files (or the given paths) |`,
    `| \`${p} code <instructions>\` | Make the change described; the comment's further lines belong to the instructions. A planner splits it into parallel coders on separate files |`,
    `| \`${p} plan <instructions>\` | Only plan that change: post how it would be split into coders, writing nothing |`,
    `| \`${p} approve\` | Run the plan last posted by \`${p} plan\` here, exactly as posted |`,
    `| \`${p} docs [paths…]\` | Write or update documentation |`,
    `| \`${p} audit [paths…]\` | Audit the whole repository (or the given paths) |`,
    `| \`${p} retry\` | Re-run only the workers of this PR's last run that did not succeed, and merge them into its report |`,
    `| \`${p} help\` | Show this message |`,
    '',
    '| Flag | Meaning |',
    '| --- | --- |',
    `| \`--workers N\` | Workers per fan-out, 1 to ${MAX_WORKERS} (default: chosen from the number of files); for \`code\` and \`plan\`, the most coders |`,
    '| `--model M` | The model the Codex workers use, e.g. `gpt-5-codex` |',
    '| `--engine E` | `codex`, `claude` (Claude Code) or `mixed` (reviewers and the planner on Claude Code, writers on Codex) |',
    '| `--full` | `review` only: review the whole PR, not just what changed since the last review |',
    '| `--dry-run` | Post the plan (workers, files, prompt sizes, memory patterns) and run nothing |',
    '',
    'Examples:',
    '```',
    `${p} review src/api "docs/read me.md"`,
    `${p} code --workers 2 Add input validation to the signup form`,
    `${p} plan Move the settings page to the new form components`,
    `${p} test 'src/parser/**' --model gpt-5-codex`,
    '```',
    '',
    'Paths are globs over the files in scope; quote one that has spaces, and put `--` before one that starts with `-`. ' +
      'Only people with write access can run commands. The sandbox, the model endpoint, the API key and the token are set by the workflow, never by a comment.',
  ].join('\n');
}

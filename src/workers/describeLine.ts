/** One line of a worker's events.jsonl as a progress line, whichever engine wrote it. */
import type { EngineName } from '../plan/types.js';
import { describeClaudeEvent, parseClaudeLine } from './claudeEvents.js';
import { describeEvent, parseCodexLine } from './codexEvents.js';

export function describeEventLine(engine: EngineName, line: string): string | null {
  if (engine === 'claude') {
    const parsed = parseClaudeLine(line);
    return parsed.ok ? describeClaudeEvent(parsed.event) : null;
  }
  const parsed = parseCodexLine(line);
  return parsed.ok ? describeEvent(parsed.event) : null;
}

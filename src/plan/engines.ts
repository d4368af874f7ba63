/**
 * Which engine runs each role: `engine` (codex, claude, or mixed — reviewers and the planner on
 * Claude, writers on Codex) and `engines`, a per-role override such as `reviewer=claude,coder=codex`.
 */
import { ENGINES, ROLES, type EngineChoice, type EngineName, type EngineOverrides, type Role, type SwarmRequest } from './types.js';

/** Roles an override may name: every role, and the planner (a read-only role of its own). */
const OVERRIDE_ROLES = [...new Set<string>([...ROLES, 'planner'])];

const READERS = new Set(['reviewer', 'planner']);

export class EngineSpecError extends Error {}

/** `reviewer=claude, coder=codex` (commas or newlines); a bad pair throws saying what is accepted. */
export function parseEngineOverrides(text: string): EngineOverrides {
  const out: EngineOverrides = {};
  for (const pair of text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z]+)\s*=\s*([a-z]+)$/i.exec(pair);
    const role = m?.[1].toLowerCase();
    const engine = m?.[2].toLowerCase();
    if (!role || !engine) throw new EngineSpecError(`"${pair}" is not role=engine, e.g. reviewer=claude`);
    if (!OVERRIDE_ROLES.includes(role)) throw new EngineSpecError(`"${role}" is not a role: use ${OVERRIDE_ROLES.join(', ')}`);
    if (!(ENGINES as readonly string[]).includes(engine)) throw new EngineSpecError(`"${engine}" is not an engine: use ${ENGINES.join(' or ')}`);
    if (out[role] && out[role] !== engine) throw new EngineSpecError(`${role} is given two engines`);
    out[role] = engine as EngineName;
  }
  return out;
}

/** Whether any role could run on `engine` under this choice (to skip resolving a CLI no worker needs). */
export function mayRunOn(choice: EngineChoice | undefined, engine: EngineName): boolean {
  if (Object.values(choice?.overrides ?? {}).includes(engine)) return true;
  const mode = choice?.mode ?? 'codex';
  return mode === 'mixed' || mode === engine;
}

export function engineForRole(choice: EngineChoice | undefined, role: Role | 'planner'): EngineName {
  if (!choice) return 'codex';
  const override = choice.overrides[role];
  if (override) return override;
  if (choice.mode === 'mixed') return READERS.has(role) ? 'claude' : 'codex';
  return choice.mode;
}

/** A worker spec's engine, and the Codex model and effort, which only Codex workers take. */
export function engineFields(
  request: Pick<SwarmRequest, 'engine' | 'model' | 'effort'>,
  role: Role | 'planner',
): { engine: EngineName; model?: string; effort?: string } {
  const engine = engineForRole(request.engine, role);
  return {
    engine,
    ...(request.model && engine === 'codex' ? { model: request.model } : {}),
    ...(request.effort && engine === 'codex' ? { effort: request.effort } : {}),
  };
}

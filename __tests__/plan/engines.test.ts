import { buildPlan } from '../../src/plan/buildPlan.js';
import { engineForRole, parseEngineOverrides } from '../../src/plan/engines.js';

describe('engine per role', () => {
  it('codex by default; claude for all; mixed puts reviewers and the planner on Claude, writers on Codex', () => {
    const roles = ['coder', 'tester', 'documenter', 'reviewer', 'planner'] as const;
    expect(roles.map((r) => engineForRole(undefined, r))).toEqual(['codex', 'codex', 'codex', 'codex', 'codex']);
    expect(roles.map((r) => engineForRole({ mode: 'claude', overrides: {} }, r))).toEqual(['claude', 'claude', 'claude', 'claude', 'claude']);
    expect(roles.map((r) => engineForRole({ mode: 'mixed', overrides: {} }, r))).toEqual(['codex', 'codex', 'codex', 'claude', 'claude']);
  });

  it('overrides per role win over the mode', () => {
    const overrides = parseEngineOverrides('reviewer=codex, coder=claude\nplanner = claude');
    expect(overrides).toEqual({ reviewer: 'codex', coder: 'claude', planner: 'claude' });
    expect(engineForRole({ mode: 'mixed', overrides }, 'reviewer')).toBe('codex');
    expect(engineForRole({ mode: 'codex', overrides }, 'coder')).toBe('claude');
    expect(engineForRole({ mode: 'codex', overrides }, 'tester')).toBe('codex');
  });

  it('refuses a bad pair, saying what is accepted', () => {
    expect(() => parseEngineOverrides('reviewer')).toThrow(/not role=engine/);
    expect(() => parseEngineOverrides('boss=claude')).toThrow(/"boss" is not a role: use planner, coder, tester, documenter, reviewer/);
    expect(() => parseEngineOverrides('coder=gpt')).toThrow(/"gpt" is not an engine: use codex or claude/);
    expect(() => parseEngineOverrides('coder=codex,coder=claude')).toThrow(/two engines/);
    expect(parseEngineOverrides('')).toEqual({});
  });

  it("buildPlan names each worker's engine; the Codex model goes to Codex workers only", () => {
    const files = [{ path: 'a.ts', size: 10 }];
    const plan = buildPlan({
      request: { command: 'code', task: 'add a cache', paths: [], maxParallel: 2, model: 'gpt-5-codex', engine: { mode: 'mixed', overrides: {} } },
      files,
      fileSource: 'repository',
    });
    expect(plan.workers.map((w) => [w.id, w.engine, w.model])).toEqual([
      ['coder-1', 'codex', 'gpt-5-codex'],
      ['tester-1', 'codex', 'gpt-5-codex'],
      ['reviewer-1', 'claude', undefined],
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { conclude, countFindings, findingsBySeverity } from '../../src/publish/report/conclusion.js';
import { cleanOutcome, finding, sampleOutcome } from './sampleOutcome.js';

describe('countFindings', () => {
  it('counts the findings of every worker, in total and by severity', () => {
    expect(countFindings(sampleOutcome())).toBe(5);
    expect(findingsBySeverity(sampleOutcome())).toEqual({ critical: 1, high: 1, medium: 1, low: 1, info: 1 });
    expect(countFindings(cleanOutcome())).toBe(0);
  });
});

describe('conclude', () => {
  it('fail-on error: fails when any worker did not succeed, skipped ones included', () => {
    const v = conclude(sampleOutcome(), 'error');
    expect(v).toEqual({ conclusion: 'failure', failStep: true, reason: '1 of 5 workers did not succeed (tester-1 failed)' });

    const skipped = cleanOutcome();
    skipped.results[1].status = 'skipped';
    expect(conclude(skipped, 'error')).toMatchObject({ conclusion: 'failure', failStep: true, reason: expect.stringContaining('reviewer-2 skipped') });

    const timedOut = cleanOutcome();
    timedOut.results[0].status = 'timed_out';
    expect(conclude(timedOut, 'error').reason).toContain('reviewer-1 timed out');

    // Findings alone do not fail the error rule.
    expect(conclude(cleanOutcome([finding({ severity: 'critical' })]), 'error')).toEqual({
      conclusion: 'success',
      failStep: false,
      reason: 'all 2 workers succeeded',
    });
  });

  it('fail-on a severity: fails on a finding at or above it, and on broken workers', () => {
    const medium = cleanOutcome([finding({ severity: 'medium' }), finding({ severity: 'info' })]);
    expect(conclude(medium, 'high')).toEqual({ conclusion: 'success', failStep: false, reason: 'all 2 workers succeeded; no finding at or above high' });
    expect(conclude(medium, 'medium')).toEqual({ conclusion: 'failure', failStep: true, reason: '1 finding at or above medium (1 medium)' });
    expect(conclude(medium, 'info')).toEqual({ conclusion: 'failure', failStep: true, reason: '2 findings at or above info (1 medium, 1 info)' });

    const both = conclude(sampleOutcome(), 'critical');
    expect(both.conclusion).toBe('failure');
    expect(both.reason).toBe('1 of 5 workers did not succeed (tester-1 failed); 1 finding at or above critical (1 critical)');
  });

  it('fail-on never: never fails the step, and still says what went wrong', () => {
    expect(conclude(sampleOutcome(), 'never')).toEqual({
      conclusion: 'success',
      failStep: false,
      reason: 'fail-on is never; 1 of 5 workers did not succeed (tester-1 failed)',
    });
    expect(conclude(cleanOutcome(), 'never')).toEqual({ conclusion: 'success', failStep: false, reason: 'fail-on is never' });
  });

  it('a cancelled run is cancelled and fails the step whatever fail-on says', () => {
    const outcome = { ...cleanOutcome(), cancelled: true };
    outcome.results[1].status = 'cancelled';
    for (const failOn of ['error', 'never', 'low'] as const) {
      expect(conclude(outcome, failOn)).toEqual({ conclusion: 'cancelled', failStep: true, reason: 'the run was cancelled (1 of 2 workers finished)' });
    }
  });

  it('a plan without workers succeeds', () => {
    const empty = { ...cleanOutcome(), results: [], plan: { ...cleanOutcome().plan, workers: [] } };
    expect(conclude(empty, 'error')).toEqual({ conclusion: 'success', failStep: false, reason: 'no workers were planned' });
  });
});

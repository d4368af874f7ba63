/** The CLI's live display: redrawn in place on a terminal, a plain line per change elsewhere. */
import { PassThrough } from 'node:stream';
import { startProgress } from '../../src/cli/progress.js';
import { SwarmState } from '../../src/swarm/state.js';
import type { WorkerEvent } from '../../src/workers/engine.js';
import { specFor, workerResult } from '../publish/sampleOutcome.js';

function stream(tty: { columns: number; rows: number } | null) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  if (tty) Object.assign(out, { isTTY: true, ...tty });
  return { out: out as unknown as NodeJS.WriteStream, text: () => text };
}

const turn = (input: number, output: number): WorkerEvent => ({
  engine: 'codex',
  type: 'turn.completed',
  summary: null,
  raw: { type: 'turn.completed', usage: { input_tokens: input, cached_input_tokens: 0, output_tokens: output } },
});
const ESC = '\x1b';

function twoWorkers(): SwarmState {
  const state = new SwarmState();
  state.reset([specFor(workerResult({ id: 'reviewer-1', role: 'reviewer' })), specFor(workerResult({ id: 'coder-1', role: 'coder' }))]);
  return state;
}

test('piped: one plain line per change (start, each new event with tokens so far, end), no escape codes', () => {
  const state = twoWorkers();
  const { out, text } = stream(null);
  const progress = startProgress(state, out, { env: {} });
  state.started('reviewer-1');
  state.event('reviewer-1', '$ ls src');
  state.event('reviewer-1', '$ ls src'); // unchanged: no line
  progress.workerEvent('reviewer-1', turn(1200, 34));
  state.event('reviewer-1', 'edit src/a.js');
  const result = workerResult({ id: 'reviewer-1', role: 'reviewer', status: 'succeeded', durationMs: 4200 });
  state.ended(result);
  progress.workerEnded(result);
  progress.stop();
  expect(text()).toBe(
    [
      '▶ reviewer-1 started',
      '  reviewer-1: $ ls src',
      '  reviewer-1: edit src/a.js · 1,234 tokens',
      '✔ reviewer-1 succeeded in 4.2 s: 0 findings, 13,579 tokens',
      '',
    ].join('\n'),
  );
  expect(text()).not.toContain(ESC);
});

test('on a terminal: every worker on its own line, redrawn in place, with its latest event and tokens, coloured', () => {
  const state = twoWorkers();
  const { out, text } = stream({ columns: 80, rows: 30 });
  const progress = startProgress(state, out, { env: { TERM: 'xterm' } });
  state.started('reviewer-1');
  state.event('reviewer-1', '$ npm test -- --watch=false --reporter=dot --coverage --bail');
  progress.workerEvent('reviewer-1', turn(4000, 210));
  progress.stop();
  const frames = text().split(`${ESC}[2A`);
  const last = frames[frames.length - 1].split('\n');
  expect(last[0]).toMatch(new RegExp(`${ESC}\\[36m. reviewer-1\\s+running\\s+\\d+ ms${ESC}\\[0m\\s+4,210 tokens  \\$ npm test`));
  expect(last[1]).toMatch(/· coder-1\s+queued/);
  // Clipped to the terminal's width (less one column), colour codes aside.
  const plain = (s: string) => s.replace(new RegExp(`${ESC}\\[[\\d;]*[A-Za-z]`, 'g'), '');
  expect(plain(last[0]).length).toBeLessThanOrEqual(79);
  expect(plain(last[0])).toMatch(/…$/);
});

test('on a terminal with NO_COLOR: redrawn in place, but no colours', () => {
  const state = twoWorkers();
  const { out, text } = stream({ columns: 80, rows: 30 });
  const progress = startProgress(state, out, { env: { NO_COLOR: '1' } });
  state.started('reviewer-1');
  progress.stop();
  expect(text()).toContain(`${ESC}[2A`);
  expect(text()).not.toMatch(new RegExp(`${ESC}\\[\\d+m`));
});

test('more workers than the terminal has rows: the rest is one summary line, so the redraw stays in place', () => {
  const state = new SwarmState();
  state.reset(Array.from({ length: 20 }, (_, i) => specFor(workerResult({ id: `reviewer-${i + 1}`, role: 'reviewer' }))));
  const { out, text } = stream({ columns: 80, rows: 8 });
  startProgress(state, out, { env: { NO_COLOR: '1' } }).stop();
  const frames = text().split(`${ESC}[6A`);
  expect(frames).toHaveLength(2);
  const lines = frames[1].trimEnd().split('\n');
  expect(lines).toHaveLength(6);
  expect(lines[5]).toContain('… and 15 more');
});

import { Writable } from 'node:stream';
import { clearSecrets, registerSecret } from '../../src/util/redact.js';
import { redactWrites } from '../../src/util/redactOutput.js';

function capture(underRunner: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  redactWrites(stream, { underRunner });
  return { stream, text: () => chunks.join('') };
}

afterEach(() => clearSecrets());

test('redacts strings and buffers written to the stream, and passes the rest unchanged', () => {
  registerSecret('sk-output-secret');
  const out = capture(false);
  out.stream.write('answer: the key is sk-output-secret\n');
  out.stream.write(Buffer.from('stderr: sk-output-secret again\n'));
  out.stream.write('plain line\n', 'utf8');
  expect(out.text()).toBe('answer: the key is ***\nstderr: *** again\nplain line\n');
});

test("lets the runner's add-mask command through under the runner only", () => {
  registerSecret('ghs_output_token');
  const runner = capture(true);
  runner.stream.write('::add-mask::ghs_output_token\n');
  expect(runner.text()).toBe('::add-mask::ghs_output_token\n');
  const terminal = capture(false);
  terminal.stream.write('::add-mask::ghs_output_token\n');
  expect(terminal.text()).toBe('::add-mask::***\n');
});

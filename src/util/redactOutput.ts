/**
 * Every line this process prints goes through `redact`: the log of a run is downloaded, kept on
 * self-hosted runners and pasted into issues, where GitHub's masking does not reach. Patching the
 * stream's `write` covers `@actions/core`, our own lines and any library's alike.
 */
import { redact } from './redact.js';

/** How the runner learns what to mask; it consumes the line, so it never reaches the log. */
const ADD_MASK = '::add-mask::';

export function redactWrites(stream: NodeJS.WriteStream, { underRunner = process.env.GITHUB_ACTIONS === 'true' } = {}): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = (chunk: unknown, ...rest: unknown[]) => write(redactChunk(chunk, underRunner), ...rest);
}

function redactChunk(chunk: unknown, underRunner: boolean): unknown {
  if (typeof chunk === 'string') return underRunner && chunk.startsWith(ADD_MASK) ? chunk : redact(chunk);
  if (chunk instanceof Uint8Array) {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
    const clean = redact(text);
    return clean === text ? chunk : clean;
  }
  return chunk;
}

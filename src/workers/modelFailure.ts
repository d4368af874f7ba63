/**
 * What the model API really said, in one line. Engines turn an upstream error into generic text
 * after their retries ("high demand", "stream disconnected"); the proxy sees the status and body.
 */

const DETAIL_CHARS = 200;

/** The API's own message (`{"error": {"message"}}` or `{"message"}`), one line, clipped. */
function upstreamMessage(body: string): string {
  let message = '';
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof json.error === 'object' ? json.error?.message : (json.error ?? json.message);
    if (typeof m === 'string') message = m;
  } catch {
    message = body;
  }
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > DETAIL_CHARS ? `${line.slice(0, DETAIL_CHARS - 1)}…` : line;
}

export function describeModelFailure(status: number, body: string): string {
  let what: string;
  if (status === 401 || status === 403) what = `the API key was refused (HTTP ${status})`;
  else if (status === 429 && /insufficient_quota/.test(body)) what = 'the model quota is exhausted (HTTP 429 insufficient_quota)';
  else if (status === 429) what = 'rate limited by the model API (HTTP 429)';
  else if (status >= 500) what = `the model API failed (HTTP ${status})`;
  else what = `the model API refused the request (HTTP ${status})`;
  const detail = upstreamMessage(body);
  return detail ? `${what}: ${detail}` : what;
}

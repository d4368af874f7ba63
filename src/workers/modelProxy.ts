/**
 * A loopback proxy between the workers and the model. The API key lives only here: workers get a
 * URL with an unguessable path prefix and no key, and the proxy adds `Authorization` on the way
 * out. Bodies stream both ways unbuffered, so server-sent events reach codex as they are sent.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ModelProxyOptions {
  /** The Responses API base, ending in /v1 (a full `…/responses` URL is accepted too). */
  upstreamBaseUrl: string;
  /** Sent as `Authorization: Bearer <key>` (or `x-api-key`, see `auth`); none when empty. */
  apiKey?: string;
  /** How the key is sent: `bearer` for the Responses API (default), `x-api-key` for Anthropic's Messages API. */
  auth?: 'bearer' | 'x-api-key';
}

export interface ModelProxy {
  /** What workers use as `base_url`: `http://127.0.0.1:PORT/<random>/v1`. */
  baseUrl: string;
  close(): Promise<void>;
}

/** A base URL or the full `…/responses` endpoint → the base URL without a trailing slash. */
export function normalizeResponsesEndpoint(endpoint: string): string {
  const url = new URL(endpoint.trim());
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/responses$/, '');
  return url.toString().replace(/\/+(\?|$)/, '$1');
}

/** `codex exec` arguments that point the model provider at `baseUrl` (no env_key: the proxy authenticates). */
export function providerConfigArgs(
  baseUrl: string,
  tuning: { requestMaxRetries?: number; streamMaxRetries?: number; streamIdleTimeoutMs?: number } = {},
): string[] {
  const fields = [`name="codex-swarm"`, `base_url=${JSON.stringify(baseUrl)}`, `wire_api="responses"`];
  if (tuning.requestMaxRetries !== undefined) fields.push(`request_max_retries=${tuning.requestMaxRetries}`);
  if (tuning.streamMaxRetries !== undefined) fields.push(`stream_max_retries=${tuning.streamMaxRetries}`);
  if (tuning.streamIdleTimeoutMs !== undefined) fields.push(`stream_idle_timeout_ms=${tuning.streamIdleTimeoutMs}`);
  return ['-c', 'model_provider=codex-swarm', '-c', `model_providers.codex-swarm={${fields.join(',')}}`];
}

// RFC 9110 §7.6.1: meaningful for one connection only, never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardable(headers: http.IncomingHttpHeaders, drop: string[]): http.OutgoingHttpHeaders {
  const listed = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.includes(name) || drop.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

export async function startModelProxy(options: ModelProxyOptions): Promise<ModelProxy> {
  const upstream = new URL(normalizeResponsesEndpoint(options.upstreamBaseUrl));
  const client = upstream.protocol === 'https:' ? https : http;
  const prefix = `/${randomBytes(24).toString('hex')}`;
  const inFlight = new Set<http.ClientRequest>();

  const fail = (res: http.ServerResponse, status: number, message: string) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'codex_swarm_proxy' } }));
  };

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(`${prefix}/v1/`) && url !== `${prefix}/v1`) {
      req.resume();
      fail(res, 404, 'not found');
      return;
    }
    const target = new URL(upstream.toString());
    const rest = new URL(url.slice(prefix.length + '/v1'.length) || '/', 'http://x');
    target.pathname = `${upstream.pathname.replace(/\/$/, '')}${rest.pathname === '/' ? '' : rest.pathname}`;
    for (const [k, v] of rest.searchParams) target.searchParams.append(k, v);

    // Whatever key the worker sent (a placeholder) is dropped; only ours goes out.
    const headers = forwardable(req.headers, ['host', 'authorization', 'x-api-key']);
    if (options.apiKey && options.auth === 'x-api-key') headers['x-api-key'] = options.apiKey;
    else if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    const out = client.request(target, { method: req.method, headers });
    inFlight.add(out);
    out.on('close', () => inFlight.delete(out));
    out.on('response', (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, forwardable(upstreamRes.headers, []));
      res.flushHeaders();
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    out.on('error', (err) => fail(res, 502, `codex-swarm model proxy: the model endpoint ${upstream.host} could not be reached: ${err.message}`));
    // The client went away (codex was killed): stop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    req.pipe(out);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}/v1`,
    async close() {
      for (const r of inFlight) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

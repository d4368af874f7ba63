/**
 * A loopback proxy between the workers and the model. The API key lives only here: workers get a
 * URL with an unguessable path prefix and no key, and the proxy adds `Authorization` on the way
 * out. Bodies stream both ways unbuffered, so server-sent events reach codex as they are sent.
 * Being where every response passes, it also counts each worker's tokens from the responses
 * themselves, refuses requests past the token budget, and keeps the upstream's real error.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ProxyLedger, type TokenBudget } from './proxyLedger.js';
import type { TokenUsage } from './types.js';

export interface ModelProxyOptions {
  /** The Responses API base, ending in /v1 (a full `…/responses` URL is accepted too). */
  upstreamBaseUrl: string;
  /** Sent as `Authorization: Bearer <key>` (or `x-api-key`, see `auth`); none when empty. */
  apiKey?: string;
  /** How the key is sent: `bearer` for the Responses API (default), `x-api-key` for Anthropic's Messages API. */
  auth?: 'bearer' | 'x-api-key';
  budget?: TokenBudget;
  /** The swarm-wide count, shared by every proxy of one run (one per engine) so `maxTokens` holds across engines. */
  spending?: { spent: number };
}

export interface ModelProxy {
  /** What workers use as `base_url`: `http://127.0.0.1:PORT/<random>/v1`. */
  baseUrl: string;
  /** The same, attributing usage and failures to one worker. */
  workerBaseUrl(workerId: string): string;
  /** Tokens the upstream reported for a worker's responses so far. */
  usageOf(workerId: string): TokenUsage;
  /** Why the worker's last model request failed (the upstream's status and message, or the budget), or null. */
  failureOf(workerId: string): string | null;
  /** `token budget exhausted (N of M tokens)` once the swarm-wide budget is spent, else null. */
  budgetExhausted(): string | null;
  close(): Promise<void>;
}

const WORKER_PATH = /^(?:\/w\/([a-z]+-\d+))?(\/v1(?:[/?].*)?)$/;

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
  const prefix = `/${randomBytes(24).toString('hex')}`;
  const ledger = new ProxyLedger(options.budget ?? {}, options.spending ?? { spent: 0 });
  const forwarding: Forwarding = { upstream, apiKey: options.apiKey, auth: options.auth, ledger, inFlight: new Set() };
  const server = http.createServer((req, res) => serve(req, res, prefix, forwarding));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}${prefix}`;
  return {
    baseUrl: `${origin}/v1`,
    workerBaseUrl: (id) => `${origin}/w/${id}/v1`,
    usageOf: (id) => ledger.usageOf(id),
    failureOf: (id) => ledger.failureOf(id),
    budgetExhausted: () => ledger.budgetExhausted(),
    async close() {
      for (const r of forwarding.inFlight) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Forwarding extends Pick<ModelProxyOptions, 'apiKey' | 'auth'> {
  upstream: URL;
  ledger: ProxyLedger;
  /** Upstream requests not yet closed, ended when the proxy closes. */
  inFlight: Set<http.ClientRequest>;
}

/** One request from a worker: refused when off the secret prefix or past the budget, else forwarded. */
function serve(req: http.IncomingMessage, res: http.ServerResponse, prefix: string, f: Forwarding): void {
  const url = req.url ?? '/';
  const route = url.startsWith(prefix) ? WORKER_PATH.exec(url.slice(prefix.length)) : null;
  if (!route) {
    req.resume();
    fail(res, 404, 'not found');
    return;
  }
  const worker = route[1] ?? '';
  const refused = req.method === 'POST' ? f.ledger.refusal(worker) : null;
  if (refused) {
    // A client error, which engines do not retry: the worker's turn ends at once.
    req.resume();
    f.ledger.failed(worker, refused);
    fail(res, 400, `codex-swarm: ${refused}`);
    return;
  }
  forward(req, res, worker, upstreamTarget(f.upstream, route[2]), f);
}

/** The upstream URL for a worker's `/v1…` path and query. */
function upstreamTarget(upstream: URL, v1Path: string): URL {
  const target = new URL(upstream.toString());
  const rest = new URL(v1Path.slice('/v1'.length) || '/', 'http://x');
  target.pathname = `${upstream.pathname.replace(/\/$/, '')}${rest.pathname === '/' ? '' : rest.pathname}`;
  for (const [k, v] of rest.searchParams) target.searchParams.append(k, v);
  return target;
}

/** Streams the request upstream with our key and the response back, unbuffered both ways. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, worker: string, target: URL, f: Forwarding): void {
  // Whatever key the worker sent (a placeholder) is dropped; only ours goes out.
  const headers = forwardable(req.headers, ['host', 'authorization', 'x-api-key']);
  if (f.apiKey && f.auth === 'x-api-key') headers['x-api-key'] = f.apiKey;
  else if (f.apiKey) headers.authorization = `Bearer ${f.apiKey}`;
  const client = target.protocol === 'https:' ? https : http;
  const out = client.request(target, { method: req.method, headers });
  f.inFlight.add(out);
  out.on('close', () => f.inFlight.delete(out));
  out.on('response', (upstreamRes) => {
    const status = upstreamRes.statusCode ?? 502;
    res.writeHead(status, upstreamRes.statusMessage, forwardable(upstreamRes.headers, []));
    res.flushHeaders();
    f.ledger.watchResponse(worker, status, upstreamRes);
    upstreamRes.pipe(res);
    upstreamRes.on('error', () => res.destroy());
  });
  out.on('error', (err) => {
    const message = `the model endpoint ${f.upstream.host} could not be reached: ${err.message}`;
    f.ledger.failed(worker, message);
    fail(res, 502, `codex-swarm model proxy: ${message}`);
  });
  // The client went away (codex was killed): stop the upstream request too.
  res.on('close', () => {
    if (!res.writableFinished) out.destroy();
  });
  req.pipe(out);
}

/** The proxy's own error, as a JSON error object; a response already under way is cut off instead. */
function fail(res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'codex_swarm_proxy' } }));
}

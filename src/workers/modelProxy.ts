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
import { describeModelFailure } from './modelFailure.js';
import { addUsage, NO_USAGE, totalTokens, UsageReader } from './modelUsage.js';
import type { TokenUsage } from './types.js';

export interface TokenBudget {
  /** Tokens (input + output) the whole swarm may spend. */
  maxTokens?: number;
  /** Tokens each worker may spend. */
  maxTokensPerWorker?: number;
}

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

/** Error bodies kept per worker; enough for any API's error object. */
const ERROR_BODY_CHARS = 8192;
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
  const client = upstream.protocol === 'https:' ? https : http;
  const prefix = `/${randomBytes(24).toString('hex')}`;
  const inFlight = new Set<http.ClientRequest>();
  const usage = new Map<string, TokenUsage>();
  const failures = new Map<string, string>();
  const spending = options.spending ?? { spent: 0 };
  const budget = options.budget ?? {};
  const usageOf = (id: string) => usage.get(id) ?? NO_USAGE;
  const tokens = (n: number) => n.toLocaleString('en-US');
  const budgetExhausted = () =>
    budget.maxTokens !== undefined && spending.spent >= budget.maxTokens
      ? `token budget exhausted (${tokens(spending.spent)} of ${tokens(budget.maxTokens)} tokens)`
      : null;
  const refusal = (worker: string) => {
    const swarm = budgetExhausted();
    if (swarm) return swarm;
    const own = totalTokens(usageOf(worker));
    if (worker && budget.maxTokensPerWorker !== undefined && own >= budget.maxTokensPerWorker) {
      return `token budget exhausted (${tokens(own)} of ${tokens(budget.maxTokensPerWorker)} tokens for this worker)`;
    }
    return null;
  };

  const fail = (res: http.ServerResponse, status: number, message: string) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'codex_swarm_proxy' } }));
  };

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const route = url.startsWith(prefix) ? WORKER_PATH.exec(url.slice(prefix.length)) : null;
    if (!route) {
      req.resume();
      fail(res, 404, 'not found');
      return;
    }
    const worker = route[1] ?? '';
    const refused = req.method === 'POST' ? refusal(worker) : null;
    if (refused) {
      // A client error, which engines do not retry: the worker's turn ends at once.
      req.resume();
      failures.set(worker, refused);
      fail(res, 400, `codex-swarm: ${refused}`);
      return;
    }
    const target = new URL(upstream.toString());
    const rest = new URL(route[2].slice('/v1'.length) || '/', 'http://x');
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
      const status = upstreamRes.statusCode ?? 502;
      res.writeHead(status, upstreamRes.statusMessage, forwardable(upstreamRes.headers, []));
      res.flushHeaders();
      watchResponse(worker, status, upstreamRes);
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    out.on('error', (err) => {
      const message = `the model endpoint ${upstream.host} could not be reached: ${err.message}`;
      failures.set(worker, message);
      fail(res, 502, `codex-swarm model proxy: ${message}`);
    });
    // The client went away (codex was killed): stop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    req.pipe(out);
  });

  /** Counts what a success cost; keeps what a failure said. Only the last request's outcome stands (engines retry). */
  function watchResponse(worker: string, status: number, body: http.IncomingMessage): void {
    if (status < 400) {
      failures.delete(worker);
      const reader = new UsageReader((u) => {
        usage.set(worker, addUsage(usageOf(worker), u));
        spending.spent += totalTokens(u);
      });
      body.on('data', (chunk: Buffer) => reader.push(chunk));
      body.on('end', () => reader.end());
      return;
    }
    let text = '';
    body.on('data', (chunk: Buffer) => {
      if (text.length < ERROR_BODY_CHARS) text += chunk.toString('utf8');
    });
    body.on('end', () => failures.set(worker, describeModelFailure(status, text.slice(0, ERROR_BODY_CHARS))));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}${prefix}`;
  return {
    baseUrl: `${origin}/v1`,
    workerBaseUrl: (id) => `${origin}/w/${id}/v1`,
    usageOf,
    failureOf: (id) => failures.get(id) ?? null,
    budgetExhausted,
    async close() {
      for (const r of inFlight) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

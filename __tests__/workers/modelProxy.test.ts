import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalizeResponsesEndpoint, providerConfigArgs, startModelProxy, type ModelProxy } from '../../src/workers/modelProxy.js';
import { startScriptedModel, type ScriptedModel } from '../fixtures/scriptedModel.js';

const KEY = 'sk-test-proxy-key-123';

describe('normalizeResponsesEndpoint', () => {
  it('accepts a base URL or the full responses endpoint', () => {
    expect(normalizeResponsesEndpoint('https://api.openai.com/v1')).toBe('https://api.openai.com/v1');
    expect(normalizeResponsesEndpoint('https://api.openai.com/v1/')).toBe('https://api.openai.com/v1');
    expect(normalizeResponsesEndpoint(' https://api.openai.com/v1/responses ')).toBe('https://api.openai.com/v1');
    expect(normalizeResponsesEndpoint('https://x.openai.azure.com/openai/v1/responses?api-version=preview')).toBe(
      'https://x.openai.azure.com/openai/v1?api-version=preview',
    );
    expect(() => normalizeResponsesEndpoint('not a url')).toThrow();
  });
});

describe('providerConfigArgs', () => {
  it('points codex at the proxy without an env_key', () => {
    const args = providerConfigArgs('http://127.0.0.1:1/abc/v1');
    expect(args).toEqual([
      '-c',
      'model_provider=codex-swarm',
      '-c',
      'model_providers.codex-swarm={name="codex-swarm",base_url="http://127.0.0.1:1/abc/v1",wire_api="responses"}',
    ]);
    expect(args.join(' ')).not.toContain('env_key');
    expect(providerConfigArgs('http://h/v1', { requestMaxRetries: 0, streamMaxRetries: 0 })[3]).toContain('request_max_retries=0,stream_max_retries=0');
  });
});

describe('startModelProxy', () => {
  let model: ScriptedModel;
  let proxy: ModelProxy;
  beforeAll(async () => {
    model = await startScriptedModel({ requireApiKey: KEY, scripts: [{ match: 'hello', steps: [{ message: 'hi there' }] }] });
    proxy = await startModelProxy({ upstreamBaseUrl: `${model.url}/responses`, apiKey: KEY });
  });
  afterAll(async () => {
    await proxy.close();
    await model.close();
  });

  const body = JSON.stringify({ model: 'm', stream: true, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }] });

  it('serves under a random prefix on loopback', () => {
    expect(proxy.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{48}\/v1$/);
  });

  it('adds the key, replacing whatever the client sent, so the client never needs it', async () => {
    const direct = await fetch(`${model.url}/responses`, { method: 'POST', body });
    expect(direct.status).toBe(401);
    const res = await fetch(`${proxy.baseUrl}/responses`, {
      method: 'POST',
      body,
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    expect(text).toContain('hi there');
    expect(text).toContain('response.completed');
    expect(model.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
  });

  it('answers 404 outside its prefix and does not forward', async () => {
    const before = model.requests.length;
    const port = new URL(proxy.baseUrl).port;
    for (const p of ['/v1/responses', '/wrongprefix/v1/responses', '/']) {
      const res = await fetch(`http://127.0.0.1:${port}${p}`, { method: 'POST', body });
      expect(res.status).toBe(404);
    }
    expect(model.requests.length).toBe(before);
  });

  it('answers 502 with a message when the upstream is unreachable', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const broken = await startModelProxy({ upstreamBaseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY });
    try {
      const res = await fetch(`${broken.baseUrl}/responses`, { method: 'POST', body });
      expect(res.status).toBe(502);
      const json = (await res.json()) as { error: { message: string } };
      expect(json.error.message).toMatch(/could not be reached/);
      expect(json.error.message).not.toContain(KEY);
    } finally {
      await broken.close();
    }
  });
});

describe('streaming through the proxy', () => {
  it('passes each server-sent event on as it is sent, and the request body and query through', async () => {
    let release: () => void = () => {};
    const seen: { url?: string; body?: string; hop?: string } = {};
    const upstream = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c));
      req.on('end', () => {
        Object.assign(seen, { url: req.url, body: b, hop: req.headers['x-drop-me'] });
        res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive, x-upstream-hop', 'x-upstream-hop': '1' });
        res.write('event: first\ndata: {}\n\n');
        release = () => res.end('event: second\ndata: {}\n\n');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const port = (upstream.address() as AddressInfo).port;
    const proxy = await startModelProxy({ upstreamBaseUrl: `http://127.0.0.1:${port}/base/v1?api-version=1`, apiKey: KEY });
    try {
      // node:http, not fetch: fetch may not send a Connection header.
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(
          `${proxy.baseUrl}/responses?x=2`,
          { method: 'POST', headers: { connection: 'keep-alive, x-drop-me', 'x-drop-me': 'hop' } },
          resolve,
        );
        req.on('error', reject);
        req.end('payload');
      });
      expect(res.headers['content-type']).toBe('text/event-stream');
      expect(res.headers['x-upstream-hop']).toBeUndefined();
      const chunks = res[Symbol.asyncIterator]();
      const first = String((await chunks.next()).value);
      // The second event is not sent yet: the first arrived without waiting for the end.
      expect(first).toContain('event: first');
      expect(first).not.toContain('second');
      release();
      let rest = '';
      for (let r = await chunks.next(); !r.done; r = await chunks.next()) rest += String(r.value);
      expect(rest).toContain('event: second');
      expect(seen).toEqual({ url: '/base/v1/responses?api-version=1&x=2', body: 'payload', hop: undefined });
    } finally {
      await proxy.close();
      upstream.closeAllConnections();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });
});

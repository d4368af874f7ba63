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
      req.on('data', (c: Buffer) => (b += c.toString('utf8')));
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

describe('usage, budget and upstream failures at the proxy', () => {
  let model: ScriptedModel;
  beforeAll(async () => {
    model = await startScriptedModel({
      scripts: [
        {
          match: 'quota',
          steps: [
            { http: { status: 429, body: { error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.' } } } },
          ],
        },
        { match: 'busy', steps: [{ http: { status: 429, body: { error: { message: 'Rate limit reached for requests' } } } }] },
        { match: 'broken', steps: [{ http: { status: 500, body: { error: { message: 'The server had an error' } } } }] },
        { match: 'keyless', steps: [{ http: { status: 401, body: { error: { message: 'Incorrect API key provided' } } } }] },
        { match: 'hello', steps: [{ message: 'hi' }] },
      ],
    });
  });
  afterAll(() => model.close());

  const ask = (url: string, text: string) =>
    fetch(`${url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }] }),
    }).then(async (res) => ({ status: res.status, text: await res.text() }));

  it("counts each worker's tokens from the streamed usage, and stops at the swarm's budget", async () => {
    // The scripted model reports 100 in + 30 out per response.
    const proxy = await startModelProxy({ upstreamBaseUrl: model.url, budget: { maxTokens: 300 } });
    try {
      expect((await ask(proxy.workerBaseUrl('reviewer-1'), 'hello')).status).toBe(200);
      expect((await ask(proxy.workerBaseUrl('reviewer-2'), 'hello')).status).toBe(200);
      expect(proxy.usageOf('reviewer-1')).toEqual({ input: 100, cachedInput: 20, output: 30, reasoningOutput: 5 });
      expect(proxy.budgetExhausted()).toBeNull();
      expect((await ask(proxy.workerBaseUrl('reviewer-1'), 'hello')).status).toBe(200);
      expect(proxy.budgetExhausted()).toBe('token budget exhausted (390 of 300 tokens)');
      const before = model.requests.length;
      const refused = await ask(proxy.workerBaseUrl('reviewer-2'), 'hello');
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('token budget exhausted (390 of 300 tokens)');
      expect(model.requests.length).toBe(before);
      expect(proxy.failureOf('reviewer-2')).toBe('token budget exhausted (390 of 300 tokens)');
      expect(proxy.usageOf('reviewer-1').input + proxy.usageOf('reviewer-1').output).toBe(260);
    } finally {
      await proxy.close();
    }
  });

  it('holds one swarm-wide budget across the proxies of one run (a mixed swarm has one per engine)', async () => {
    const shared = { budget: { maxTokens: 200 }, spending: { spent: 0 } };
    const [first, second] = await Promise.all([
      startModelProxy({ upstreamBaseUrl: model.url, ...shared }),
      startModelProxy({ upstreamBaseUrl: model.url, ...shared }),
    ]);
    try {
      expect((await ask(first.workerBaseUrl('coder-1'), 'hello')).status).toBe(200);
      expect((await ask(second.workerBaseUrl('reviewer-1'), 'hello')).status).toBe(200);
      // 260 spent between them: neither proxy lets another request through.
      expect(second.budgetExhausted()).toBe('token budget exhausted (260 of 200 tokens)');
      expect((await ask(first.workerBaseUrl('coder-2'), 'hello')).status).toBe(400);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('stops one worker at its own budget while the others go on', async () => {
    const proxy = await startModelProxy({ upstreamBaseUrl: model.url, budget: { maxTokensPerWorker: 200 } });
    try {
      await ask(proxy.workerBaseUrl('tester-1'), 'hello');
      await ask(proxy.workerBaseUrl('tester-1'), 'hello');
      expect((await ask(proxy.workerBaseUrl('tester-1'), 'hello')).status).toBe(400);
      expect(proxy.failureOf('tester-1')).toBe('token budget exhausted (260 of 200 tokens for this worker)');
      expect((await ask(proxy.workerBaseUrl('tester-2'), 'hello')).status).toBe(200);
      expect(proxy.budgetExhausted()).toBeNull();
    } finally {
      await proxy.close();
    }
  });

  it("keeps the upstream's status and message per worker, and forgets it after a success", async () => {
    const proxy = await startModelProxy({ upstreamBaseUrl: model.url, apiKey: KEY });
    try {
      const cases: [string, string][] = [
        ['keyless', 'the API key was refused (HTTP 401): Incorrect API key provided'],
        ['quota', 'the model quota is exhausted (HTTP 429 insufficient_quota): You exceeded your current quota.'],
        ['busy', 'rate limited by the model API (HTTP 429): Rate limit reached for requests'],
        ['broken', 'the model API failed (HTTP 500): The server had an error'],
      ];
      for (const [i, [prompt, expected]] of cases.entries()) {
        const id = `reviewer-${i + 1}`;
        const res = await ask(proxy.workerBaseUrl(id), prompt);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(proxy.failureOf(id)).toBe(expected);
      }
      await ask(proxy.workerBaseUrl('reviewer-4'), 'hello');
      expect(proxy.failureOf('reviewer-4')).toBeNull();
      expect(proxy.failureOf('reviewer-9')).toBeNull();
    } finally {
      await proxy.close();
    }
  });
});

describe('prompt_cache_key', () => {
  let upstream: http.Server;
  let proxy: ModelProxy;
  const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = await startModelProxy({ upstreamBaseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`, promptCacheKey: 'codex-swarm-77-1' });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const post = (worker: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${proxy.workerBaseUrl(worker)}/responses`, { method: 'POST', body, headers });

  it("replaces each worker's own key with one per run and role, so workers sharing a prefix share its cache", async () => {
    await post('reviewer-1', JSON.stringify({ input: 'a', prompt_cache_key: 'session-of-reviewer-1' }));
    await post('reviewer-12', JSON.stringify({ input: 'é', prompt_cache_key: 'session-of-reviewer-12' }));
    await post('coder-2', JSON.stringify({ input: 'c' }));
    const bodies = seen
      .splice(0)
      .map((s) => ({ ...(JSON.parse(s.body) as object), length: Number(s.headers['content-length']), bytes: Buffer.byteLength(s.body) }));
    expect(bodies).toEqual([
      expect.objectContaining({ input: 'a', prompt_cache_key: 'codex-swarm-77-1-reviewer' }),
      expect.objectContaining({ input: 'é', prompt_cache_key: 'codex-swarm-77-1-reviewer' }),
      expect.objectContaining({ input: 'c', prompt_cache_key: 'codex-swarm-77-1-coder' }),
    ]);
    for (const b of bodies) expect(b.length).toBe(b.bytes);
  });

  it('leaves alone what it cannot read as JSON: a compressed body, another content type, a body that is not an object', async () => {
    await post('reviewer-1', 'not json at all');
    await post('reviewer-1', '[1,2]');
    await post('reviewer-1', 'raw', { 'content-type': 'application/json', 'content-encoding': 'zstd' });
    await post('reviewer-1', '{"a":1}', { 'content-type': 'text/plain' });
    expect(seen.splice(0).map((s) => s.body)).toEqual(['not json at all', '[1,2]', 'raw', '{"a":1}']);
  });
});

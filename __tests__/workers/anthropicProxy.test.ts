/** The model proxy in front of Anthropic's Messages API: the key goes out as x-api-key, a worker's own key never does. */
import { startModelProxy } from '../../src/workers/modelProxy.js';
import { normalizeMessagesEndpoint } from '../../src/workers/claudeSetup.js';
import { startScriptedMessages } from '../fixtures/scriptedMessages.js';

const KEY = 'sk-ant-test-proxy-key';

test('normalizeMessagesEndpoint accepts a host, a /v1 base or the full /v1/messages URL', () => {
  expect(normalizeMessagesEndpoint('https://api.anthropic.com')).toBe('https://api.anthropic.com/v1');
  expect(normalizeMessagesEndpoint('https://api.anthropic.com/v1/')).toBe('https://api.anthropic.com/v1');
  expect(normalizeMessagesEndpoint(' https://gw.example/anthropic/v1/messages ')).toBe('https://gw.example/anthropic/v1');
  expect(() => normalizeMessagesEndpoint('not a url')).toThrow();
});

test('adds x-api-key, drops the placeholder the worker sent and any Authorization, streams the SSE through', async () => {
  const api = await startScriptedMessages({ requireApiKey: KEY, scripts: [{ match: 'codex-swarm worker', steps: [{ text: 'hello' }] }] });
  const proxy = await startModelProxy({ upstreamBaseUrl: `${api.url}/v1`, apiKey: KEY, auth: 'x-api-key' });
  try {
    const base = proxy.baseUrl.replace(/\/v1$/, '');
    const res = await fetch(`${base}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'placeholder', authorization: 'Bearer worker-token' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: '# codex-swarm worker reviewer-1' }], tools: [{ name: 'Read' }] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('event: message_start');
    expect(text).toContain('"text":"hello"');
    expect(text).toContain('event: message_stop');
    expect(api.requests[0]).toMatchObject({ path: '/v1/messages?beta=true', apiKey: KEY, authorization: undefined });
  } finally {
    await proxy.close();
    await api.close();
  }
});

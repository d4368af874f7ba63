/**
 * The live memory of a run: an MCP server named `ruflo` on 127.0.0.1 (streamable HTTP, stateless)
 * that every worker's engine is configured with. Each worker gets its own URL path, so what it
 * stores is attributed to it; the path also carries a random token, so only the run's own
 * workers find the server. All calls end in the one store of the action's process, whose
 * operations are synchronous: parallel workers cannot lose each other's writes.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { elapsedMs } from '../swarm/state.js';
import type { WorkerState } from '../swarm/types.js';
import { originOf } from './origin.js';
import { FEEDBACK, MemoryInputError, PATTERNS, type JsonValue, type MemoryMatch, type MemoryStore } from './store.js';

export const MCP_SERVER_NAME = 'ruflo';

export interface MemoryServerOptions {
  store: MemoryStore;
  /** The live workers, for swarm_status (SwarmState.snapshot). */
  status: () => WorkerState[];
  runId: string;
  /** memory_search leaves out matches scoring below it. */
  threshold: number;
  /** memory_search's default number of matches. */
  limit: number;
}

export interface MemoryServer {
  /** Base URL; workers use `<url>/<worker id>`. */
  url: string;
  /** This server as one worker reaches it (its name and its own URL); each engine registers it its way. */
  serverFor(workerId: string): { name: string; url: string };
  close(): Promise<void>;
}

const MAX_LIMIT = 50;

const json = (payload: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(payload) }] });
const failure = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

/** Models often send a value as JSON text (as the codex-worker recipe does): keep it structured. */
function parseValue(value: unknown): JsonValue {
  if (typeof value !== 'string') return value as JsonValue;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? (parsed as JsonValue) : value;
  } catch {
    return value;
  }
}

/** Verdicts hold findings back on other PRs and reach reviewers' prompts: only maintainers give them, through the action. */
const FEEDBACK_IS_MAINTAINERS = `"${FEEDBACK}" holds maintainers' verdicts on findings; workers cannot write it.`;
/** A match as memory_search answers it, with where it came from. */
const shownMatch = (m: MemoryMatch) => ({
  key: m.key,
  score: m.score,
  value: m.value,
  uses: m.uses,
  successes: m.successes,
  failures: m.failures,
  updatedAt: m.updatedAt,
  workerId: m.workerId,
  from: originOf(m),
});

function toolsFor(options: MemoryServerOptions, workerId: string): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: '1.0.0' });
  registerSearch(server, options);
  registerStore(server, options, workerId);
  registerStatus(server, options, workerId);
  return server;
}

/** memory_search: the store's matches for the worker's keywords, best first. */
function registerSearch(server: McpServer, options: MemoryServerOptions): void {
  const { store } = options;
  server.registerTool(
    'memory_search',
    {
      description: `Search the swarm's shared memory. Returns up to \`limit\` entries scoring at least ${options.threshold} (0 to 1: 1 is the same text), best first, each with its whole value. Search "patterns" with keywords from your task before you start.`,
      inputSchema: {
        query: z.string().min(1).max(2000).describe('Keywords, e.g. from your task'),
        namespace: z.string().default(PATTERNS).describe('"patterns" (what worked before) or "results" (what workers did)'),
        limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional().describe(`How many matches at most (default ${options.limit})`),
      },
      annotations: { readOnlyHint: true },
    },
    ({ query, namespace, limit }) => {
      const matches = store.search({ query, namespace, limit: limit ?? options.limit, threshold: options.threshold });
      return json({
        namespace,
        threshold: options.threshold,
        matches: matches.map(shownMatch),
      });
    },
  );
}

/** memory_store: a value under a key, attributed to the worker that stored it. */
function registerStore(server: McpServer, options: MemoryServerOptions, workerId: string): void {
  const { store, runId } = options;
  server.registerTool(
    'memory_store',
    {
      description:
        'Store a JSON value in the shared memory. An existing key is an error unless `upsert` is true, which replaces it. Patterns go to "patterns" as `pattern-<task-type>` with {"approach", "context"}; your result to "results" as `result-<worker-id>` with {"status", "summary"}.',
      inputSchema: {
        key: z.string().min(1).max(256),
        value: z.any().describe('A JSON value (JSON text is parsed)'),
        namespace: z
          .string()
          .default(PATTERNS)
          .refine((ns) => ns !== FEEDBACK, FEEDBACK_IS_MAINTAINERS),
        upsert: z.boolean().default(false).describe('Replace the key if it exists'),
      },
    },
    ({ key, value, namespace, upsert }) => {
      try {
        const existed = store.get(namespace, key) !== undefined;
        store.store({ namespace, key, value: parseValue(value), upsert, workerId, runId });
        return json({ stored: true, namespace, key, replaced: existed });
      } catch (err) {
        if (err instanceof MemoryInputError) return failure(err.message);
        throw err;
      }
    },
  );
}

/** swarm_status: the run's workers as they are now. */
function registerStatus(server: McpServer, options: MemoryServerOptions, workerId: string): void {
  const { runId } = options;
  server.registerTool(
    'swarm_status',
    {
      description: "The swarm's workers: id, role, state and how long each has run; with `verbose`, each one's last event.",
      inputSchema: { verbose: z.boolean().default(false) },
      annotations: { readOnlyHint: true },
    },
    ({ verbose }) => {
      const now = Date.now();
      const workers = options.status();
      const counts: Record<string, number> = {};
      for (const w of workers) counts[w.state] = (counts[w.state] ?? 0) + 1;
      return json({
        runId,
        you: workerId,
        counts,
        workers: workers.map((w) => ({
          id: w.id,
          role: w.role,
          state: w.state,
          durationMs: elapsedMs(w, now),
          ...(verbose ? { lastEvent: w.lastEvent } : {}),
        })),
      });
    },
  );
}

export async function startMemoryServer(options: MemoryServerOptions): Promise<MemoryServer> {
  const token = randomBytes(16).toString('hex');
  let host = '';
  const httpServer = http.createServer((req, res) => {
    const match = /^\/mcp\/([0-9a-f]+)\/([a-z]+-\d+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    // Loopback only, by our own Host: a page in a browser on the runner cannot reach it by rebinding a name.
    if (!match || match[1] !== token || req.headers.host !== host) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      // Stateless: no server-initiated stream to open and no session to delete.
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const server = toolsFor(options, match[2]);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: (err as Error).message }, id: null }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  const url = `http://${host}/mcp/${token}`;

  return {
    url,
    serverFor(workerId) {
      if (!/^[a-z]+-\d+$/.test(workerId)) throw new Error(`memory server: "${workerId}" is not a worker id`);
      return { name: MCP_SERVER_NAME, url: `${url}/${workerId}` };
    },
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

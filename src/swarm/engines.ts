/**
 * The engines a run needs, each behind its own key-holding loopback proxy: Codex (Responses API,
 * `Authorization: Bearer`) and Claude Code (Messages API, `x-api-key`). Only the engines the plan's
 * workers use are started; a worker whose engine is not configured fails alone, saying why.
 */
import { engineOf } from '../workers/engine.js';
import type { WorkerEngine } from '../workers/engine.js';
import { claudeEngine } from '../workers/claudeEngine.js';
import { codexEngine } from '../workers/codexEngine.js';
import { providerConfigArgs, startModelProxy, type ModelProxy } from '../workers/modelProxy.js';
import type { EngineName, WorkerSpec } from '../plan/types.js';
import type { EngineConfig } from './types.js';

export interface RunEngines {
  /** The engine for a worker, or why there is none. */
  engineFor(spec: WorkerSpec): WorkerEngine | { error: string };
  close(): Promise<void>;
}

export async function startEngines(o: EngineConfig, specs: WorkerSpec[]): Promise<RunEngines> {
  const used = new Set<EngineName>(specs.map(engineOf));
  const proxies: ModelProxy[] = [];
  const engines: Partial<Record<EngineName, WorkerEngine>> = {};
  try {
    if (used.has('codex')) {
      // Without an endpoint, codex uses its own sign-in (the CLI with `codex login`).
      let providerArgs: string[] = [];
      if (o.model) {
        const proxy = await startModelProxy({ upstreamBaseUrl: o.model.baseUrl, apiKey: o.model.apiKey });
        proxies.push(proxy);
        providerArgs = providerConfigArgs(proxy.baseUrl, o.model.tuning ?? {});
      }
      engines.codex = codexEngine({ codexPath: o.codexPath, providerArgs, codexArgs: o.codexArgs, codexHomeFiles: o.codexHomeFiles });
    }
    if (used.has('claude') && o.claude) {
      const c = o.claude;
      const proxy = await startModelProxy({ upstreamBaseUrl: c.endpoint.baseUrl, apiKey: c.endpoint.apiKey, auth: 'x-api-key' });
      proxies.push(proxy);
      engines.claude = claudeEngine({
        claudePath: c.claudePath,
        baseUrl: proxy.baseUrl.replace(/\/v1$/, ''),
        ...(c.model ? { model: c.model } : {}),
        maxTurns: c.maxTurns,
      });
    }
  } catch (err) {
    await Promise.all(proxies.map((p) => p.close()));
    throw err;
  }
  return {
    engineFor(spec) {
      const name = engineOf(spec);
      return (
        engines[name] ?? {
          error: `no engine: ${spec.id} runs on ${name}, which this run has not configured (Claude Code needs anthropic-api-key or anthropic-base-url)`,
        }
      );
    },
    async close() {
      await Promise.all(proxies.map((p) => p.close()));
    },
  };
}

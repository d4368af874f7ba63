/**
 * The engines a run needs, each behind its own key-holding loopback proxy: Codex (Responses API,
 * `Authorization: Bearer`) and Claude Code (Messages API, `x-api-key`). Only the engines the plan's
 * workers use are started; each worker reaches its proxy by a URL of its own (usage, failures and
 * the token budget are per worker); a worker whose engine is not configured fails alone, saying why.
 */
import { claudeEngine } from '../workers/claudeEngine.js';
import { codexEngine } from '../workers/codexEngine.js';
import { engineOf, type WorkerEngine } from '../workers/engine.js';
import { providerConfigArgs, startModelProxy, type ModelProxy } from '../workers/modelProxy.js';
import type { EngineName, WorkerSpec } from '../plan/types.js';
import type { EngineConfig, SwarmHooks } from './types.js';

export interface RunEngines {
  /** The engine for a worker, or why there is none. */
  engineFor(spec: WorkerSpec): WorkerEngine | { error: string };
  /** The proxy a worker's model requests pass through, if any. */
  proxyFor(spec: WorkerSpec): ModelProxy | null;
  /** Why no further worker may start (a spent token budget), or null. */
  budgetExhausted(): string | null;
  close(): Promise<void>;
}

export async function startEngines(o: EngineConfig & { runId: string }, specs: WorkerSpec[], hooks?: SwarmHooks): Promise<RunEngines> {
  const used = new Set<EngineName>(specs.map(engineOf));
  const proxies: Partial<Record<EngineName, ModelProxy>> = {};
  // One count for the run: a mixed swarm's Codex and Claude workers spend from the same budget.
  const budget = o.budget ? { budget: o.budget, spending: { spent: 0 } } : {};
  try {
    // Without an endpoint, codex uses its own sign-in (the CLI with `codex login`).
    if (used.has('codex') && o.model)
      proxies.codex = await startModelProxy({ upstreamBaseUrl: o.model.baseUrl, apiKey: o.model.apiKey, promptCacheKey: `codex-swarm-${o.runId}`, ...budget });
    else if (used.has('codex') && (o.budget?.maxTokens !== undefined || o.budget?.maxTokensPerWorker !== undefined))
      hooks?.onWarning?.('the token budget is not enforced: without an endpoint or key, workers reach the model without the proxy.');
    if (used.has('claude') && o.claude) {
      const { endpoint } = o.claude;
      proxies.claude = await startModelProxy({ upstreamBaseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey, auth: 'x-api-key', ...budget });
    }
  } catch (err) {
    await Promise.all(Object.values(proxies).map((p) => p.close()));
    throw err;
  }
  return {
    engineFor(spec) {
      const name = engineOf(spec);
      const proxy = proxies[name];
      if (name === 'codex') {
        const providerArgs = proxy ? providerConfigArgs(proxy.workerBaseUrl(spec.id), o.model?.tuning ?? {}) : [];
        return codexEngine({
          codexPath: o.codexPath,
          providerArgs,
          codexArgs: o.codexArgs,
          codexHomeFiles: o.codexHomeFiles,
          ignoreCheckoutSkills: o.ignoreCheckoutSkills,
        });
      }
      if (!o.claude || !proxy) {
        return { error: `${spec.id} runs on ${name}, which this run has not configured (Claude Code needs anthropic-api-key or anthropic-base-url)` };
      }
      // The CLI appends /v1/messages itself.
      return claudeEngine({
        claudePath: o.claude.claudePath,
        baseUrl: proxy.workerBaseUrl(spec.id).replace(/\/v1$/, ''),
        ...(o.claude.model ? { model: o.claude.model } : {}),
        maxTurns: o.claude.maxTurns,
      });
    },
    proxyFor: (spec) => proxies[engineOf(spec)] ?? null,
    budgetExhausted() {
      for (const proxy of Object.values(proxies)) {
        const exhausted = proxy.budgetExhausted();
        if (exhausted) return exhausted;
      }
      return null;
    },
    async close() {
      await Promise.all(Object.values(proxies).map((p) => p.close()));
    },
  };
}

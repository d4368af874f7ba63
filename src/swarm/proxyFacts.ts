/**
 * What the model proxy saw of a worker, folded into its result: the tokens the API reported (an
 * engine that fails mid-turn reports none) and, for a failed worker, the API's real error in place
 * of the engine's generic text and the empty "final answer" that follows it.
 */
import { redact } from '../util/redact.js';
import type { ModelProxy } from '../workers/modelProxy.js';
import { totalTokens } from '../workers/modelUsage.js';
import type { WorkerResult } from '../workers/types.js';

export function withProxyFacts(result: WorkerResult, proxy: ModelProxy | null): WorkerResult {
  if (!proxy) return result;
  const seen = proxy.usageOf(result.id);
  const usage = totalTokens(seen) > totalTokens(result.usage) ? seen : result.usage;
  const failure = result.status === 'failed' ? proxy.failureOf(result.id) : null;
  if (!failure) return { ...result, usage };
  const explained: WorkerResult = { ...result, usage, error: redact(failure) };
  delete explained.answerError;
  return explained;
}

/**
 * What the model proxy learns from the responses it passes on: each worker's tokens, the swarm's
 * total against the token budget, and why a worker's last model request failed.
 */
import type http from 'node:http';
import { describeModelFailure } from './modelFailure.js';
import { addUsage, NO_USAGE, totalTokens, UsageReader } from './modelUsage.js';
import type { TokenUsage } from './types.js';

export interface TokenBudget {
  /** Tokens (input + output) the whole swarm may spend. */
  maxTokens?: number;
  /** Tokens each worker may spend. */
  maxTokensPerWorker?: number;
}

/** Error bodies kept per worker; enough for any API's error object. */
const ERROR_BODY_CHARS = 8192;

const tokens = (n: number) => n.toLocaleString('en-US');

export class ProxyLedger {
  private readonly usage = new Map<string, TokenUsage>();
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly budget: TokenBudget,
    /** The swarm-wide count, shared by every proxy of one run. */
    private readonly spending: { spent: number },
  ) {}

  usageOf(worker: string): TokenUsage {
    return this.usage.get(worker) ?? NO_USAGE;
  }

  failureOf(worker: string): string | null {
    return this.failures.get(worker) ?? null;
  }

  failed(worker: string, message: string): void {
    this.failures.set(worker, message);
  }

  budgetExhausted(): string | null {
    const { maxTokens } = this.budget;
    return maxTokens !== undefined && this.spending.spent >= maxTokens
      ? `token budget exhausted (${tokens(this.spending.spent)} of ${tokens(maxTokens)} tokens)`
      : null;
  }

  /** Why the worker may not send another request (the swarm's budget, then its own), or null. */
  refusal(worker: string): string | null {
    const swarm = this.budgetExhausted();
    if (swarm) return swarm;
    const own = totalTokens(this.usageOf(worker));
    const { maxTokensPerWorker } = this.budget;
    if (worker && maxTokensPerWorker !== undefined && own >= maxTokensPerWorker) {
      return `token budget exhausted (${tokens(own)} of ${tokens(maxTokensPerWorker)} tokens for this worker)`;
    }
    return null;
  }

  /** Counts what a success cost; keeps what a failure said. Only the last request's outcome stands (engines retry). */
  watchResponse(worker: string, status: number, body: http.IncomingMessage): void {
    if (status < 400) {
      this.failures.delete(worker);
      const reader = new UsageReader((u) => {
        this.usage.set(worker, addUsage(this.usageOf(worker), u));
        this.spending.spent += totalTokens(u);
      });
      body.on('data', (chunk: Buffer) => reader.push(chunk));
      body.on('end', () => reader.end());
      return;
    }
    let text = '';
    body.on('data', (chunk: Buffer) => {
      if (text.length < ERROR_BODY_CHARS) text += chunk.toString('utf8');
    });
    body.on('end', () => this.failures.set(worker, describeModelFailure(status, text.slice(0, ERROR_BODY_CHARS))));
  }
}

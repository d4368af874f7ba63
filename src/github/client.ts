/**
 * The GitHub REST client: `@octokit/rest` with retries on 5xx and waits on rate limits, pointed at
 * `GITHUB_API_URL` so GitHub Enterprise Server works unchanged.
 */
import * as core from '@actions/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';

export type GitHubClient = Octokit;

export interface CreateOctokitOptions {
  /** Defaults to `GITHUB_API_URL`, else https://api.github.com. */
  baseUrl?: string;
  /**
   * Milliseconds per second of every wait: retry back-off, the waits GitHub asks for after a rate
   * limit, and the spacing between writes. 1000 in production; tests pass 1 (or set
   * CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE for a bundled action under test).
   */
  retryAfterBaseValue?: number;
  /** Retries after a 5xx. Default 3. */
  retries?: number;
  /**
   * Requests are logged as debug lines only, failed ones too: for callers that expect a refusal
   * (a token without a scope) and report it themselves, once. Rate-limit warnings stay.
   */
  quiet?: boolean;
  /**
   * The longest one request waits out rate limits, in all, in seconds (the `rate-limit-wait-minutes`
   * input); default 600. A secondary limit can ask for minutes: the final report waits them out
   * rather than being lost. Past it the request fails and the warning says why.
   */
  rateLimitWaitSeconds?: number;
}

export const DEFAULT_API_URL = 'https://api.github.com';
const PRODUCTION_BASE_VALUE = 1000;
const TEST_BASE_VALUE_ENV = 'CODEX_SWARM_TEST_RETRY_AFTER_BASE_VALUE';
/** The `rate-limit-wait-minutes` input's default. */
export const DEFAULT_RATE_LIMIT_WAIT_MINUTES = 10;
/** However short the waits, a request stops after this many rate-limited tries. */
const MAX_RATE_LIMIT_RETRIES = 20;

const SwarmOctokit = Octokit.plugin(retry, throttling);

/** The REST API's base URL: `baseUrl`, else GITHUB_API_URL, else github.com's; no trailing slash. */
export const apiBaseUrl = (baseUrl?: string): string => (baseUrl || process.env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, '');

export function createOctokit(token: string, options: CreateOctokitOptions = {}): GitHubClient {
  const baseUrl = apiBaseUrl(options.baseUrl);
  const baseValue = options.retryAfterBaseValue ?? baseValueFromEnv() ?? PRODUCTION_BASE_VALUE;
  const retries = options.retries ?? 3;
  const budget = options.rateLimitWaitSeconds ?? DEFAULT_RATE_LIMIT_WAIT_MINUTES * 60;
  // What each request has waited so far: the plugin hands the same options object to every retry.
  const waited = new WeakMap<object, number>();
  let warned = false;

  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _: unknown, retryCount: number) => {
    const what = `${request.method} ${request.url}`;
    const spent = waited.get(request) ?? 0;
    if (retryCount < MAX_RATE_LIMIT_RETRIES && spent + retryAfter <= budget) {
      waited.set(request, spent + retryAfter);
      // Warned once: annotations are capped per step (10 warnings) and belong to findings; later waits go to the log.
      const say = warned ? core.info : core.warning;
      warned = true;
      say(
        `GitHub ${kind} rate limit hit on ${what}; waiting ${retryAfter}s as GitHub asks (${spent + retryAfter}s of the ${budget}s rate-limit-wait-minutes allows).`,
      );
      return true;
    }
    core.warning(
      `GitHub ${kind} rate limit hit on ${what}; giving up: it asked to wait ${retryAfter}s after ${spent}s of waiting, and rate-limit-wait-minutes allows ${budget}s.`,
    );
    return false;
  };

  return new SwarmOctokit({
    auth: token || undefined,
    baseUrl,
    userAgent: 'codex-swarm',
    log: options.quiet
      ? { debug: core.debug, info: core.debug, warn: core.warning, error: core.debug }
      : // Octokit logs every failed request (a 404 looked for, a 403 that means "no check run") as an
        // error: a log line, not an annotation; GitHub shows 10 per level per step, and those belong to
        // findings and to what the action itself says went wrong.
        { debug: core.debug, info: core.info, warn: core.warning, error: core.info },
    // Late-bound global fetch: @actions/github's client uses undici's own fetch, which local test
    // servers and interceptors do not see; this one is what the runner and the tests both use.
    request: { fetch: (...args: Parameters<typeof fetch>) => globalThis.fetch(...args) },
    // Not `request.retries`: the retry plugin reads that as "retry whatever the status", 404s too.
    // 403 and 429 are rate limits: the throttling plugin owns them, so they are not retried twice.
    retry: { retries, retryAfterBaseValue: baseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      retryAfterBaseValue: baseValue,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(baseValue === PRODUCTION_BASE_VALUE ? {} : scaledWriteSpacing(baseValue)),
    },
  });
}

function baseValueFromEnv(): number | undefined {
  const raw = process.env[TEST_BASE_VALUE_ENV];
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${TEST_BASE_VALUE_ENV} must be a number of milliseconds (got "${raw}")`);
  return value;
}

/**
 * The throttling plugin spaces writes 1 s apart (3 s for writes that notify people), as GitHub
 * asks, in limiter groups shared by the process. Under a shorter time base, tests get their own
 * groups with the same spacing scaled down; production keeps the plugin's groups.
 */
function scaledWriteSpacing(baseValue: number) {
  const group = (id: string, seconds: number) => new Bottleneck.Group({ id, maxConcurrent: 1, minTime: seconds * baseValue });
  return {
    write: group('codex-swarm-write', 1),
    notifications: group('codex-swarm-notifications', 3),
    search: group('codex-swarm-search', 2),
  };
}

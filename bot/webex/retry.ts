// Retry policy for Webex calls: 429/423 wait what Webex asks (Retry-After); 5xx and network
// failures back off exponentially. Both are bounded so a call always ends.

export interface RetryOptions {
  /** Retries after a 429/423 (so attempts = 1 + this). */
  maxRateLimitRetries: number;
  /** Retries after a 5xx, a network error or a timeout. */
  maxServerRetries: number;
  /** First backoff delay for 5xx/network; doubles each retry, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails as rate_limited. */
  maxRetryAfterMs: number;
  /** Used when a 429 carries no Retry-After. */
  defaultRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRateLimitRetries: 3,
  maxServerRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 120_000,
  defaultRetryAfterMs: 5_000,
};

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns ms, or undefined. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** "Equal jitter": half fixed, half random, so retries from many callers spread out. */
export function backoffDelay(
  retry: number,
  options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

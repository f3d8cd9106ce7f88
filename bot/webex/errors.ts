// Every failed Webex call ends in a WebexApiError whose `code` says what a caller can do about it
// (retry later, fix the request, give up), in the manner of bolt-js's coded errors.

export type WebexErrorCode =
  | "bad_request" // 400: the request is wrong; retrying will not help
  | "unauthorized" // 401: token missing, wrong or expired
  | "forbidden" // 403: e.g. the bot is not a member of the room
  | "not_found" // 404: unknown id, or not visible to this token
  | "conflict" // 409
  | "locked" // 423: Webex asks to retry later
  | "rate_limited" // 429 after the retry bound, or a Retry-After longer than allowed
  | "server_error" // 5xx after the retry bound
  | "http_error" // any other non-2xx status
  | "network" // no HTTP response: connection refused/reset, DNS
  | "timeout" // no response within the per-request timeout
  | "invalid_response" // a 2xx whose body is not the JSON expected
  | "unsafe_url"; // a pagination link pointing away from the configured base URL

export interface WebexApiErrorDetails {
  code: WebexErrorCode;
  message: string;
  method: string;
  path: string;
  status?: number;
  trackingId?: string;
  /** Seconds Webex asked to wait (429/423), when it said. */
  retryAfter?: number;
  attempts?: number;
  /** Webex's own `errors[].description` lines. */
  descriptions?: string[];
  cause?: unknown;
}

export class WebexApiError extends Error {
  override readonly name = "WebexApiError";
  readonly code: WebexErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly trackingId: string | undefined;
  readonly retryAfter: number | undefined;
  readonly attempts: number | undefined;
  readonly descriptions: string[];

  constructor(details: WebexApiErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.trackingId = details.trackingId;
    this.retryAfter = details.retryAfter;
    this.attempts = details.attempts;
    this.descriptions = details.descriptions ?? [];
  }
}

export function isWebexApiError(err: unknown): err is WebexApiError {
  return err instanceof WebexApiError;
}

export function codeForStatus(status: number): WebexErrorCode {
  if (status === 400) return "bad_request";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 423) return "locked";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "http_error";
}

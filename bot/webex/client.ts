// A small typed Webex REST client on undici's keep-alive pools (transport.ts says why not fetch). Every
// call either resolves with Webex's payload or rejects with a WebexApiError; rate limits and
// transient failures are ridden out within bounds.
import { codeForStatus, WebexApiError } from "./errors.ts";
import { nextLink } from "./link.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, type RetryOptions, realSleep } from "./retry.ts";
import { MAX_MESSAGE_BYTES, splitMessage, truncateMessage, utf8Bytes } from "./split.ts";
import {
  fetchTransport,
  type ResponseHeaders,
  type Transport,
  type TransportResponse,
  undiciTransport,
} from "./transport.ts";
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AttachmentAction,
  type CreateMessageInput,
  type CreateWebhookInput,
  type ListPage,
  type Membership,
  type Message,
  type Person,
  type Room,
  type UpdateWebhookInput,
  type Webhook,
} from "./types.ts";

export const DEFAULT_BASE_URL = "https://webexapis.com/v1";
/** Webex for Government. */
export const USGOV_BASE_URL = "https://api-usgov.webex.com/v1";

export interface WebexClientOptions {
  token: string;
  /** Default https://webexapis.com/v1; USGOV_BASE_URL for Webex for Government; the emulator's url in tests. */
  baseUrl?: string;
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Injectable so tests need not wait out real Retry-After/backoff delays. */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Instead of the keep-alive undici transport (tests). */
  fetch?: typeof fetch;
  transport?: Transport;
}

type Query = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
}

interface RawResponse {
  status: number;
  headers: ResponseHeaders;
  body: unknown;
}

/** A file attached to a message. */
export interface DownloadedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export class WebexClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: Logger;
  private readonly transport: Transport;
  private readonly origin: string;
  private readonly basePath: string;

  constructor(options: WebexClientOptions) {
    if (!options.token) throw new TypeError("WebexClient: token is required");
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.token = options.token;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep ?? realSleep;
    this.log = options.logger ?? silentLogger;
    this.transport = options.transport ?? (options.fetch ? fetchTransport(options.fetch) : sharedTransport());
    const base = new URL(this.baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, "");
  }

  // People

  me(): Promise<Person> {
    return this.json<Person>("GET", "/people/me");
  }

  person(personId: string): Promise<Person> {
    return this.json<Person>("GET", `/people/${enc(personId)}`);
  }

  /** The person with that email, or null when Webex knows none (visible to this token). */
  async personByEmail(email: string): Promise<Person | null> {
    const page = await this.json<ListPage<Person>>("GET", "/people", { query: { email } });
    return page.items[0] ?? null;
  }

  // Messages

  /**
   * Sends a message. Text or markdown longer than Webex's 7439-byte limit is sent as several
   * messages, in order (all with the same parentId); with a card, the fallback text is shortened
   * instead so the card stays one message. Returns the created messages in order: one unless split.
   */
  async createMessage(input: CreateMessageInput): Promise<Message[]> {
    const target = messageTarget(input);
    const base: Record<string, unknown> = { ...target };
    if (input.parentId) base.parentId = input.parentId;

    if (input.card) {
      const body: Record<string, unknown> = {
        ...base,
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: input.card }],
      };
      if (input.markdown !== undefined) body.markdown = truncateMessage(input.markdown);
      if (input.text !== undefined) body.text = truncateMessage(input.text);
      // Webex wants some text with an attachment for clients that cannot render cards.
      if (body.markdown === undefined && body.text === undefined) body.text = "(card)";
      return [await this.json<Message>("POST", "/messages", { body })];
    }

    const field = input.markdown !== undefined ? "markdown" : "text";
    const content = input.markdown ?? input.text;
    if (content === undefined || content === "") {
      throw new WebexApiError({
        code: "bad_request",
        message: "createMessage needs markdown, text or a card",
        method: "POST",
        path: "/messages",
      });
    }
    const parts = splitMessage(content, MAX_MESSAGE_BYTES);
    const sent: Message[] = [];
    for (const part of parts) {
      const body: Record<string, unknown> = { ...base, [field]: part };
      // The plain-text alternative only travels with an unsplit markdown message that it fits.
      if (field === "markdown" && parts.length === 1 && input.text !== undefined) {
        if (utf8Bytes(input.text) <= MAX_MESSAGE_BYTES) body.text = input.text;
      }
      sent.push(await this.json<Message>("POST", "/messages", { body }));
    }
    if (parts.length > 1) this.log.debug({ parts: parts.length }, "webex message split into parts");
    return sent;
  }

  getMessage(messageId: string): Promise<Message> {
    return this.json<Message>("GET", `/messages/${enc(messageId)}`);
  }

  /** PUT /messages/{id}: Webex lets the sender edit text/markdown only (not cards), within 7439 bytes. */
  editMessage(messageId: string, input: { roomId: string; markdown?: string; text?: string }): Promise<Message> {
    const body: Record<string, unknown> = { roomId: input.roomId };
    if (input.markdown !== undefined) body.markdown = truncateMessage(input.markdown);
    if (input.text !== undefined) body.text = truncateMessage(input.text);
    return this.json<Message>("PUT", `/messages/${enc(messageId)}`, { body });
  }

  async deleteMessage(messageId: string): Promise<void> {
    await this.request("DELETE", `/messages/${enc(messageId)}`);
  }

  getAttachmentAction(actionId: string): Promise<AttachmentAction> {
    return this.json<AttachmentAction>("GET", `/attachment/actions/${enc(actionId)}`);
  }

  // Rooms and memberships

  getRoom(roomId: string): Promise<Room> {
    return this.json<Room>("GET", `/rooms/${enc(roomId)}`);
  }

  listMemberships(query: {
    roomId?: string;
    personId?: string;
    personEmail?: string;
    max?: number;
  }): Promise<Membership[]> {
    return this.listAll<Membership>("/memberships", query);
  }

  // Webhooks

  listWebhooks(options: { max?: number } = {}): Promise<Webhook[]> {
    return this.listAll<Webhook>("/webhooks", { max: options.max });
  }

  createWebhook(input: CreateWebhookInput): Promise<Webhook> {
    return this.json<Webhook>("POST", "/webhooks", { body: input });
  }

  updateWebhook(webhookId: string, input: UpdateWebhookInput): Promise<Webhook> {
    return this.json<Webhook>("PUT", `/webhooks/${enc(webhookId)}`, { body: input });
  }

  async deleteWebhook(webhookId: string): Promise<void> {
    await this.request("DELETE", `/webhooks/${enc(webhookId)}`);
  }

  // Plumbing

  /** Every item of a list, following Link rel="next" (only within the configured base URL). */
  async listAll<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = this.url(path, query);
    let pages = 0;
    while (next !== undefined) {
      if (++pages > 1000) {
        throw new WebexApiError({ code: "invalid_response", message: "pagination does not end", method: "GET", path });
      }
      const res = await this.request("GET", next);
      const page = res.body as Partial<ListPage<T>> | undefined;
      if (!page || !Array.isArray(page.items)) {
        throw new WebexApiError({
          code: "invalid_response",
          message: "list without items",
          method: "GET",
          path,
          status: res.status,
          trackingId: trackingIdOf(res.headers),
        });
      }
      items.push(...page.items);
      next = nextLink(res.headers.get("link"));
    }
    return items;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, this.url(path, options.query), options.body);
    if (res.body === undefined || res.body === null || typeof res.body !== "object") {
      throw new WebexApiError({
        code: "invalid_response",
        message: `expected a JSON object from ${method} ${path}`,
        method,
        path,
        status: res.status,
        trackingId: trackingIdOf(res.headers),
      });
    }
    return res.body as T;
  }

  private url(path: string, query?: Query): string {
    if (query === undefined) return this.baseUrl + path;
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /**
   * Downloads a file attached to a message (its URL from `message.files`). The token goes only
   * to the configured API host; a file larger than maxBytes is refused.
   */
  async downloadFile(url: string, maxBytes = 1_000_000): Promise<DownloadedFile> {
    const res = await this.request("GET", url, undefined, { raw: true });
    const bytes = res.body as Buffer;
    const path = new URL(url).pathname;
    if (bytes.length > maxBytes) {
      throw new WebexApiError({
        code: "invalid_response",
        message: `GET ${path}: file of ${bytes.length} bytes is over the ${maxBytes}-byte limit`,
        method: "GET",
        path,
        status: res.status,
        attempts: 1,
      });
    }
    const disposition = res.headers.get("content-disposition") ?? "";
    const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? "file";
    return {
      name: decodeURIComponent(name),
      contentType: res.headers.get("content-type") ?? "application/octet-stream",
      bytes,
    };
  }

  /** One logical call: attempts, waits and retries until success or a typed error. */
  async request(
    method: string,
    urlOrPath: string,
    body?: unknown,
    options: { raw?: boolean } = {},
  ): Promise<RawResponse> {
    const url = urlOrPath.startsWith("/") ? this.baseUrl + urlOrPath : urlOrPath;
    const path = this.pathOf(url, method);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let rateLimitRetries = 0;
    let serverRetries = 0;
    for (let attempt = 1; ; attempt++) {
      let res: TransportResponse;
      try {
        res = await this.transport({
          method,
          url,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: options.raw ? "*/*" : "application/json",
            ...(payload === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
          },
          body: payload,
          timeoutMs: this.timeoutMs,
        });
      } catch (cause) {
        const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
        const code = timedOut ? "timeout" : "network";
        if (serverRetries < this.retry.maxServerRetries) {
          const delay = backoffDelay(serverRetries++, this.retry);
          this.log.warn({ method, path, attempt, delay, err: errorMessage(cause) }, `webex ${code} error, retrying`);
          await this.sleep(delay);
          continue;
        }
        throw new WebexApiError({
          code,
          message: `${method} ${path}: ${errorMessage(cause)}`,
          method,
          path,
          attempts: attempt,
          cause,
        });
      }

      const trackingId = trackingIdOf(res.headers);
      if (res.ok && options.raw) return { status: res.status, headers: res.headers, body: res.body };
      if (res.ok) {
        const parsed = readBody(res);
        if (parsed.ok) return { status: res.status, headers: res.headers, body: parsed.value };
        throw new WebexApiError({
          code: "invalid_response",
          message: `${method} ${path}: body is not JSON`,
          method,
          path,
          status: res.status,
          trackingId,
          attempts: attempt,
        });
      }

      const errBody = readBody(res);
      const detail = errorDetail(errBody.ok ? errBody.value : undefined);
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));

      if (res.status === 429 || res.status === 423) {
        const wait = retryAfterMs ?? this.retry.defaultRetryAfterMs;
        if (rateLimitRetries < this.retry.maxRateLimitRetries && wait <= this.retry.maxRetryAfterMs) {
          rateLimitRetries++;
          this.log.warn({ method, path, attempt, retryAfterMs: wait, trackingId }, "webex rate limited, waiting");
          await this.sleep(wait);
          continue;
        }
      } else if (res.status >= 500 && serverRetries < this.retry.maxServerRetries) {
        const delay = backoffDelay(serverRetries++, this.retry);
        this.log.warn({ method, path, attempt, status: res.status, delay, trackingId }, "webex server error, retrying");
        await this.sleep(delay);
        continue;
      }

      throw new WebexApiError({
        code: codeForStatus(res.status),
        message: `${method} ${path} failed with ${res.status}${detail.message ? `: ${detail.message}` : ""}`,
        method,
        path,
        status: res.status,
        trackingId: trackingId ?? detail.trackingId,
        retryAfter: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
        attempts: attempt,
        descriptions: detail.descriptions,
      });
    }
  }

  /** The token must only ever travel to the configured API (a Link header could point elsewhere). */
  private pathOf(url: string, method: string): string {
    // The common case, a path under the base URL with nothing odd in it, without parsing a URL.
    if (url.startsWith(`${this.baseUrl}/`) && !/[?#@\\]|\/\.\.?(\/|$)|%2e/i.test(url.slice(this.baseUrl.length)))
      return url.slice(this.baseUrl.length);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new WebexApiError({ code: "unsafe_url", message: `not a URL: ${url}`, method, path: url, cause });
    }
    const basePath = this.basePath;
    if (parsed.origin !== this.origin || !parsed.pathname.startsWith(`${basePath}/`)) {
      throw new WebexApiError({
        code: "unsafe_url",
        message: `refusing to call ${parsed.origin}${parsed.pathname} outside ${this.baseUrl}`,
        method,
        path: parsed.pathname,
      });
    }
    return parsed.pathname.slice(basePath.length);
  }
}

export function createWebexClient(options: WebexClientOptions): WebexClient {
  return new WebexClient(options);
}

function messageTarget(input: CreateMessageInput): Record<string, string> {
  const [key, ...others] = (["roomId", "toPersonId", "toPersonEmail"] as const).filter((k) => input[k]);
  if (!key || others.length > 0) {
    throw new WebexApiError({
      code: "bad_request",
      message: "createMessage needs exactly one of roomId, toPersonId, toPersonEmail",
      method: "POST",
      path: "/messages",
    });
  }
  return { [key]: input[key] as string };
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function trackingIdOf(headers: ResponseHeaders): string | undefined {
  return headers.get("trackingid") ?? undefined;
}

/** One keep-alive transport for every client of the process: its sockets are shared. */
let shared: Transport | undefined;
function sharedTransport(): Transport {
  shared ??= undiciTransport();
  return shared;
}

function readBody(res: TransportResponse): { ok: true; value: unknown } | { ok: false } {
  if (res.body.length === 0) return { ok: true, value: undefined };
  const text = res.body.toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function errorDetail(body: unknown): { message?: string; trackingId?: string; descriptions: string[] } {
  if (!body || typeof body !== "object") return { descriptions: [] };
  const b = body as { message?: unknown; trackingId?: unknown; errors?: unknown };
  const descriptions = Array.isArray(b.errors)
    ? b.errors
        .map((e) => (e && typeof e === "object" ? (e as { description?: unknown }).description : undefined))
        .filter((d): d is string => typeof d === "string")
    : [];
  return {
    message: typeof b.message === "string" ? b.message : undefined,
    trackingId: typeof b.trackingId === "string" ? b.trackingId : undefined,
    descriptions,
  };
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

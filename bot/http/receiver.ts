// The Webex webhook receiver: verifies, records, deduplicates and hands events off, like
// bolt-js's Receiver. An event is recorded (dedupe, with its envelope) BEFORE Webex gets its 200:
// when it cannot be recorded (the database is down) Webex gets a 503 and delivers it again, so
// nothing acknowledged is lost. The handler then runs in the background (Webex waits on no
// business logic); a handling that fails leaves the event recorded but unhandled, and the
// composition root hands it back through `redeliver` (boot/webhook-retries.ts). A failing handler is
// logged and never takes the process down.
import { type Logger, silentLogger } from "../webex/logger.ts";
import { SIGNATURE_HEADER, verifySignature } from "../webex/signature.ts";
import type { WebhookEnvelope } from "../webex/types.ts";
import { WEBHOOK_PATH } from "../webex/webhooks.ts";
import { parseEnvelope } from "./envelope.ts";
import { createHttpServer, type HttpReply, type HttpRequest, type HttpServer } from "./http-server.ts";

export interface ReceiverOptions {
  /** The webhook secret registered with Webex. */
  secret: string;
  /**
   * Records the event (the key, and the envelope for a retry) and resolves true the first time a
   * key is seen, false for a repeat delivery. Awaited before Webex is answered: a throw is answered
   * 503, so Webex delivers the event again.
   */
  dedupe: (key: string, envelope: WebhookEnvelope) => Promise<boolean>;
  onEvent: (event: WebhookEnvelope) => Promise<void>;
  /**
   * The handler's reads (the message, its sender), started while the event is being recorded so
   * that the reply waits for the slower of the two, not for both. Started at most once per
   * delivery this process records and no other delivery of the event is in hand here; `forget`
   * follows when it is not handled after all (a repeat delivery, or it could not be recorded).
   */
  prefetch?: { start(envelope: WebhookEnvelope): void; forget(envelope: WebhookEnvelope): void };
  /** After onEvent succeeded: the recorded event is done (not handed back again). */
  onHandled?: (key: string) => Promise<void>;
  /**
   * The bot's own Webex person id: the messages it posts come back as webhooks, and are answered
   * 200 without being recorded (as bolt-js's ignoreSelf), since the bot never acts on them.
   */
  selfId?: string;
  logger?: Logger;
  /** For GET /readyz; ready when omitted. */
  isReady?: () => Promise<boolean>;
  /** Largest accepted body; Webex envelopes are a few KB. */
  bodyLimit?: number;
}

/** The receiver: listen() resolves with its URL; close() stops accepting and waits for in-flight handlers. */
export type WebexReceiver = HttpServer & {
  /** Resolves when every handler started so far (and any started meanwhile) has settled. */
  drain(): Promise<void>;
  /** Handlers currently running. */
  inFlight(): number;
  /** Keys of the events being handled now (a redelivery skips them). */
  inFlightKeys(): ReadonlySet<string>;
  /**
   * Handles again an event recorded earlier whose handling failed (or was cut by a restart);
   * resolves true when it was handled this time. Never throws.
   */
  redeliver(envelope: WebhookEnvelope): Promise<boolean>;
};

export function dedupeKey(envelope: Pick<WebhookEnvelope, "resource" | "event" | "data">): string {
  return `${envelope.resource}:${envelope.event}:${envelope.data.id}`;
}

function isOwnMessage(envelope: WebhookEnvelope, selfId: string | undefined): boolean {
  return (
    selfId !== undefined &&
    envelope.resource === "messages" &&
    envelope.event === "created" &&
    envelope.data.personId === selfId
  );
}

/** The envelope of a delivery signed with our secret, or the answer to one that is not. */
function signedEnvelope(
  req: HttpRequest,
  secret: string,
  log: Logger,
): { ok: true; envelope: WebhookEnvelope } | { ok: false; reply: HttpReply } {
  const raw = req.body;
  const signature = req.headers[SIGNATURE_HEADER];
  if (!verifySignature(secret, raw, Array.isArray(signature) ? signature[0] : signature)) {
    log.warn({ ip: req.ip, hasSignature: signature !== undefined }, "webhook rejected: bad or missing signature");
    return { ok: false, reply: { status: 401, body: { error: "invalid signature" } } };
  }
  const envelope = parseEnvelope(raw);
  if (envelope) return { ok: true, envelope };
  log.warn({ bytes: raw.length }, "webhook rejected: not a Webex envelope");
  return { ok: false, reply: { status: 400, body: { error: "invalid envelope" } } };
}

async function readiness(isReady: (() => Promise<boolean>) | undefined, log: Logger): Promise<HttpReply> {
  let ready = true;
  try {
    ready = isReady ? await isReady() : true;
  } catch (err) {
    log.warn({ err }, "readiness check failed");
    ready = false;
  }
  return { status: ready ? 200 : 503, body: { status: ready ? "ready" : "not ready" } };
}

export function createReceiver(options: ReceiverOptions): WebexReceiver {
  if (!options.secret) throw new TypeError("createReceiver: secret must not be empty");
  const log = options.logger ?? silentLogger;
  const running = new Set<Promise<unknown>>();
  const keysInFlight = new Set<string>();
  /** Keys of deliveries being recorded now (how many at once). */
  const recording = new Map<string, number>();
  // Keys handled by this process lately: a retry pass that listed an event just before its
  // handling finished must not handle it again.
  const recentlyHandled = new Set<string>();
  const ok: HttpReply = { status: 200, body: { ok: true } };
  const inHand = (key: string) => recording.has(key) || keysInFlight.has(key) || recentlyHandled.has(key);

  async function webhook(req: HttpRequest): Promise<HttpReply> {
    const signed = signedEnvelope(req, options.secret, log);
    if (!signed.ok) return signed.reply;
    const { envelope } = signed;
    if (isOwnMessage(envelope, options.selfId)) return ok;
    const key = dedupeKey(envelope);
    let first: boolean;
    const prefetch = inHand(key) ? undefined : options.prefetch;
    // Counted as in flight from before it is recorded: a retry pass that lists the row the moment
    // it is committed (before this handler resumes) must not handle it a second time.
    recording.set(key, (recording.get(key) ?? 0) + 1);
    prefetch?.start(envelope);
    try {
      first = await options.dedupe(key, envelope);
      if (first) track(run(key, envelope));
      else prefetch?.forget(envelope);
    } catch (err) {
      prefetch?.forget(envelope);
      // Not recorded: acknowledging would lose it. Webex retries a delivery answered 5xx.
      log.error({ err, key }, "webhook not recorded (store unavailable): answered 503 for Webex to retry");
      return { status: 503, body: { error: "not ready" }, headers: { "retry-after": "5" } };
    } finally {
      const n = (recording.get(key) ?? 1) - 1;
      if (n > 0) recording.set(key, n);
      else recording.delete(key);
    }
    if (!first) log.debug({ key }, "duplicate webhook delivery ignored");
    return ok;
  }

  const http = createHttpServer({
    bodyLimit: options.bodyLimit ?? 1_048_576,
    onError: (err) => log.error({ err }, "webhook receiver: request failed"),
    routes: {
      [`POST ${WEBHOOK_PATH}`]: webhook,
      "GET /healthz": async () => ({ status: 200, body: { status: "ok" } }),
      "GET /readyz": () => readiness(options.isReady, log),
    },
  });

  /** Handles a recorded event; true when handled (and marked so). */
  async function run(key: string, envelope: WebhookEnvelope): Promise<boolean> {
    keysInFlight.add(key);
    try {
      try {
        await options.onEvent(envelope);
      } catch (err) {
        log.error({ err, key }, "webhook handler failed");
        return false;
      }
      recentlyHandled.add(key);
      if (recentlyHandled.size > 10_000) {
        const oldest = recentlyHandled.values().next();
        if (!oldest.done) recentlyHandled.delete(oldest.value);
      }
      try {
        await options.onHandled?.(key);
      } catch (err) {
        // Handled but not marked: a redelivery may run it again, as a Webex retry would.
        log.warn({ err, key }, "webhook handled, but marking it handled failed");
      }
      return true;
    } finally {
      keysInFlight.delete(key);
    }
  }

  function redeliver(envelope: WebhookEnvelope): Promise<boolean> {
    const key = dedupeKey(envelope);
    if (keysInFlight.has(key) || recording.has(key)) return Promise.resolve(false);
    if (recentlyHandled.has(key)) return Promise.resolve(true);
    const p = run(key, envelope);
    track(p);
    return p.catch(() => false);
  }

  function track(p: Promise<unknown>): void {
    // handle() catches everything, but belt and braces: nothing here may become unhandled.
    const guarded = p.catch((err: unknown) => log.error({ err }, "webhook handling crashed"));
    running.add(guarded);
    void guarded.finally(() => running.delete(guarded));
  }

  async function drain(): Promise<void> {
    while (running.size > 0) await Promise.allSettled([...running]);
  }

  return {
    listen: (at) => http.listen(at),
    // Graceful shutdown: stop accepting, then let accepted events finish.
    async close() {
      await http.close();
      await drain();
    },
    drain,
    inFlight: () => running.size,
    inFlightKeys: () => new Set([...keysInFlight, ...recording.keys()]) as ReadonlySet<string>,
    redeliver,
  };
}

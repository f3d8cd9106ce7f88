// The Webex webhook receiver: verifies, records, deduplicates and hands events off, like
// bolt-js's Receiver. An event is recorded (dedupe, with its envelope) BEFORE Webex gets its 200:
// when it cannot be recorded (the database is down) Webex gets a 503 and delivers it again, so
// nothing acknowledged is lost. The handler then runs in the background (Webex waits on no
// business logic); a handling that fails leaves the event recorded but unhandled, and the
// composition root hands it back through `redeliver` (boot/webhook-retries.ts). A failing handler is
// logged and never takes the process down.
import Fastify, { type FastifyInstance } from "fastify";
import { type Logger, silentLogger } from "../webex/logger.ts";
import { SIGNATURE_HEADER, verifySignature } from "../webex/signature.ts";
import type { WebhookEnvelope } from "../webex/types.ts";
import { WEBHOOK_PATH } from "../webex/webhooks.ts";
import { parseEnvelope } from "./envelope.ts";

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

/** The fastify app (listen(), inject(), close(); close() waits for in-flight handlers), plus: */
export type WebexReceiver = FastifyInstance & {
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

/**
 * The routes declare no JSON schemas: without these, fastify loads Ajv and fast-json-stringify
 * (about a hundred modules, a few MB of a production start's memory) that would never run.
 */
function noSchemas(): never {
  throw new Error("the webhook receiver's routes take no JSON schemas (fastify's compilers are not loaded)");
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
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } },
  });

  // The signature is over the exact bytes Webex sent, so the body is kept raw, whatever its type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  app.post(WEBHOOK_PATH, async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.headers[SIGNATURE_HEADER];
    if (!verifySignature(options.secret, raw, Array.isArray(signature) ? signature[0] : signature)) {
      log.warn({ ip: req.ip, hasSignature: signature !== undefined }, "webhook rejected: bad or missing signature");
      return reply.code(401).send({ error: "invalid signature" });
    }
    const envelope = parseEnvelope(raw);
    if (!envelope) {
      log.warn({ bytes: raw.length }, "webhook rejected: not a Webex envelope");
      return reply.code(400).send({ error: "invalid envelope" });
    }
    if (isOwnMessage(envelope, options.selfId)) return reply.code(200).send({ ok: true });
    const key = dedupeKey(envelope);
    let first: boolean;
    // Counted as in flight from before it is recorded: a retry pass that lists the row the moment
    // it is committed (before this handler resumes) must not handle it a second time.
    recording.set(key, (recording.get(key) ?? 0) + 1);
    try {
      first = await options.dedupe(key, envelope);
      if (first) track(run(key, envelope));
    } catch (err) {
      // Not recorded: acknowledging would lose it. Webex retries a delivery answered 5xx.
      log.error({ err, key }, "webhook not recorded (store unavailable): answered 503 for Webex to retry");
      return reply.code(503).header("retry-after", "5").send({ error: "not ready" });
    } finally {
      const n = (recording.get(key) ?? 1) - 1;
      if (n > 0) recording.set(key, n);
      else recording.delete(key);
    }
    if (!first) log.debug({ key }, "duplicate webhook delivery ignored");
    return reply.code(200).send({ ok: true });
  });

  app.get("/healthz", async (_req, reply) => reply.code(200).send({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    let ready = true;
    try {
      ready = options.isReady ? await options.isReady() : true;
    } catch (err) {
      log.warn({ err }, "readiness check failed");
      ready = false;
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready" });
  });

  // Graceful shutdown: stop accepting, then let accepted events finish.
  app.addHook("onClose", async () => {
    await drain();
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

  return Object.assign(app, {
    drain,
    inFlight: () => running.size,
    inFlightKeys: () => new Set([...keysInFlight, ...recording.keys()]) as ReadonlySet<string>,
    redeliver,
  });
}

// The Webex webhook receiver: verifies, deduplicates and hands events off, like bolt-js's
// Receiver. It answers Webex at once (Webex waits on no business logic) and runs the handler in
// the background; a failing handler is logged and never takes the process down.
import Fastify, { type FastifyInstance } from "fastify";
import { silentLogger, type Logger } from "../webex/logger.ts";
import { SIGNATURE_HEADER, verifySignature } from "../webex/signature.ts";
import type { WebhookEnvelope } from "../webex/types.ts";
import { WEBHOOK_PATH } from "../webex/webhooks.ts";
import { parseEnvelope } from "./envelope.ts";

export interface ReceiverOptions {
  /** The webhook secret registered with Webex. */
  secret: string;
  /** Resolves true the first time a key is seen; false for a repeat delivery. */
  dedupe: (key: string) => Promise<boolean>;
  onEvent: (event: WebhookEnvelope) => Promise<void>;
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
};

export function dedupeKey(envelope: Pick<WebhookEnvelope, "resource" | "event" | "data">): string {
  return `${envelope.resource}:${envelope.event}:${envelope.data.id}`;
}

export function createReceiver(options: ReceiverOptions): WebexReceiver {
  if (!options.secret) throw new TypeError("createReceiver: secret must not be empty");
  const log = options.logger ?? silentLogger;
  const running = new Set<Promise<void>>();
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 1_048_576 });

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
    track(handle(envelope));
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

  async function handle(envelope: WebhookEnvelope): Promise<void> {
    const key = dedupeKey(envelope);
    let first: boolean;
    try {
      first = await options.dedupe(key);
    } catch (err) {
      // Without a dedupe answer we cannot tell a repeat; dropping beats doing a side effect twice.
      log.error({ err, key }, "webhook dropped: dedupe failed");
      return;
    }
    if (!first) {
      log.debug({ key }, "duplicate webhook delivery ignored");
      return;
    }
    try {
      await options.onEvent(envelope);
    } catch (err) {
      log.error({ err, key }, "webhook handler failed");
    }
  }

  function track(p: Promise<void>): void {
    // handle() catches everything, but belt and braces: nothing here may become unhandled.
    const guarded = p.catch((err: unknown) => log.error({ err }, "webhook handling crashed"));
    running.add(guarded);
    void guarded.finally(() => running.delete(guarded));
  }

  async function drain(): Promise<void> {
    while (running.size > 0) await Promise.allSettled([...running]);
  }

  return Object.assign(app, { drain, inFlight: () => running.size });
}

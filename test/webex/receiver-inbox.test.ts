// Nothing acknowledged is lost: the receiver records an event before Webex gets its 200, answers
// 503 when it cannot (Webex delivers again), and a recorded event whose handling failed is
// handed back by redeliver until it is handled.
import { describe, expect, it } from "vitest";
import { createReceiver } from "../../bot/http/receiver.ts";
import { sign } from "../../bot/webex/signature.ts";
import type { WebhookEnvelope } from "../../bot/webex/types.ts";

const secret = "webhook-secret-for-tests";
const body = (id: string) =>
  JSON.stringify({
    id: "wh",
    name: "x",
    targetUrl: "t",
    resource: "messages",
    event: "created",
    data: { id, roomId: "r" },
  });

function setUp(opts: {
  failRecord?: () => boolean;
  failHandle?: () => boolean;
  afterRecord?: (key: string, envelope: WebhookEnvelope) => Promise<void>;
}) {
  const recorded = new Map<string, { envelope: WebhookEnvelope; handled: boolean }>();
  const handled: string[] = [];
  /** What the prefetch hook was told, in order, with whether the event was recorded yet. */
  const prefetched: string[] = [];
  const receiver = createReceiver({
    secret,
    prefetch: {
      start: (e) =>
        prefetched.push(`start ${e.data.id}${recorded.has(`messages:created:${e.data.id}`) ? " (recorded)" : ""}`),
      forget: (e) => prefetched.push(`forget ${e.data.id}`),
    },
    dedupe: async (key, envelope) => {
      if (opts.failRecord?.()) throw new Error("database is down");
      if (recorded.has(key)) return false;
      recorded.set(key, { envelope, handled: false });
      await opts.afterRecord?.(key, envelope);
      return true;
    },
    onEvent: async (e) => {
      if (opts.failHandle?.()) throw new Error("database is down");
      handled.push(e.data.id);
    },
    onHandled: async (key) => {
      recorded.get(key)!.handled = true;
    },
  });
  let url: Promise<string> | undefined;
  const post = async (id: string) => {
    url ??= receiver.listen({ port: 0, host: "127.0.0.1" });
    const res = await fetch(`${await url}/webex/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-spark-signature": sign(secret, body(id)) },
      body: body(id),
    });
    return { statusCode: res.status };
  };
  return { receiver, recorded, handled, prefetched, post };
}

describe("webhook receiver: record before acknowledging", () => {
  it("answers 503 (Webex retries) when the event cannot be recorded, and handles the retry once", async () => {
    let down = true;
    const { receiver, handled, post } = setUp({ failRecord: () => down });
    const refused = await post("m-1");
    expect(refused.statusCode).toBe(503);
    await receiver.drain();
    expect(handled).toEqual([]);
    down = false;
    expect((await post("m-1")).statusCode).toBe(200);
    expect((await post("m-1")).statusCode).toBe(200); // a repeat: acknowledged, not handled again
    await receiver.drain();
    expect(handled).toEqual(["m-1"]);
    await receiver.close();
  });

  it("a recorded event whose handling failed stays unhandled and is handled by redeliver, once", async () => {
    let failing = true;
    const { receiver, recorded, handled, post } = setUp({ failHandle: () => failing });
    expect((await post("m-2")).statusCode).toBe(200);
    await receiver.drain();
    expect(handled).toEqual([]);
    const entry = recorded.get("messages:created:m-2")!;
    expect(entry.handled).toBe(false);
    expect(await receiver.redeliver(entry.envelope)).toBe(false);
    failing = false;
    expect(await receiver.redeliver(entry.envelope)).toBe(true);
    expect(handled).toEqual(["m-2"]);
    expect(entry.handled).toBe(true);
    await receiver.close();
  });

  it("a retry pass that lists the event the moment it is recorded does not handle it a second time", async () => {
    // The retry pass (boot/webhook-retries.ts) hands back recorded, unhandled events that are not in flight.
    // It can read the row right after the commit, before the delivery's own handler resumes.
    let receiver: ReturnType<typeof setUp>["receiver"] | undefined;
    const retryPass = async (key: string, envelope: WebhookEnvelope) => {
      if (!receiver!.inFlightKeys().has(key)) await receiver!.redeliver(envelope);
    };
    const world = setUp({ afterRecord: retryPass });
    receiver = world.receiver;
    expect((await world.post("m-3")).statusCode).toBe(200);
    await receiver.drain();
    expect(world.handled).toEqual(["m-3"]);
    await receiver.close();
  });

  it("starts the handler's reads before the event is recorded, and forgets them when it is not handled here", async () => {
    let down = true;
    const { receiver, handled, prefetched, post } = setUp({ failRecord: () => down });
    expect((await post("m-4")).statusCode).toBe(503);
    down = false;
    expect((await post("m-4")).statusCode).toBe(200);
    expect((await post("m-4")).statusCode).toBe(200); // a repeat, after it was handled
    await receiver.drain();
    expect(handled).toEqual(["m-4"]);
    expect(prefetched).toEqual(["start m-4", "forget m-4", "start m-4"]);
    // The repeat came after the handling here: nothing to read again, nothing started.
    await receiver.close();
  });

  it("forgets the reads of a repeat delivery of an event recorded elsewhere (another replica)", async () => {
    const { receiver, recorded, handled, prefetched, post } = setUp({});
    recorded.set("messages:created:m-5", { envelope: JSON.parse(body("m-5")), handled: true });
    expect((await post("m-5")).statusCode).toBe(200);
    await receiver.drain();
    expect(handled).toEqual([]);
    expect(prefetched).toEqual(["start m-5 (recorded)", "forget m-5"]);
    await receiver.close();
  });
});

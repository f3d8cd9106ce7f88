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
  const receiver = createReceiver({
    secret,
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
  return { receiver, recorded, handled, post };
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
});

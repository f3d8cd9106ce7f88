// The two keep-alive transports against a real loopback server: the client's (undici) and the
// emulator's (node:http) keep one contract — status, headers, the whole body, a timeout named
// TimeoutError, network failures rejected, and connections kept alive between calls.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeTransport, type Transport, undiciTransport } from "../../bot/webex/transport.ts";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

interface Local {
  url: string;
  connections: number;
  handle: Handler;
  server: Server;
}

async function listen(): Promise<Local> {
  const local = { url: "", connections: 0, handle: (() => undefined) as Handler } as Local;
  local.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => local.handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  local.server.on("connection", () => local.connections++);
  await new Promise<void>((resolve) => local.server.listen(0, "127.0.0.1", resolve));
  local.url = `http://127.0.0.1:${(local.server.address() as AddressInfo).port}`;
  return local;
}

const transports: [string, () => Transport & { close(): void }][] = [
  ["undici (the Webex client's)", () => undiciTransport({ idleTimeoutMs: 5_000 })],
  ["node:http (the emulator's)", () => nodeTransport({ idleTimeoutMs: 5_000 })],
];

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe.each(transports)("transport: %s", (_name, make) => {
  let local: Local;
  let send: Transport & { close(): void };
  beforeEach(async () => {
    local = await listen();
    send = make();
  });
  afterEach(async () => {
    send.close();
    local.server.closeAllConnections();
    await new Promise((resolve) => local.server.close(resolve));
  });

  it("sends the method, path, headers and body, and returns the status, headers and the whole body", async () => {
    const big = "é".repeat(100_000); // 200,000 bytes: arrives in many chunks
    let seen: { method?: string; url?: string; auth?: string; length?: string; body: string } = { body: "" };
    local.handle = (req, body, res) => {
      seen = {
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        length: req.headers["content-length"],
        body,
      };
      res.setHeader("TrackingID", "ROUTER_1");
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ big }));
    };
    const payload = JSON.stringify({ markdown: "Grüße" });
    const res = await send({
      method: "POST",
      url: `${local.url}/v1/messages?max=1`,
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: payload,
      timeoutMs: 5_000,
    });
    expect(seen).toEqual({
      method: "POST",
      url: "/v1/messages?max=1",
      auth: "Bearer t",
      length: String(Buffer.byteLength(payload)),
      body: payload,
    });
    expect(res.status).toBe(201);
    expect(res.ok).toBe(true);
    expect(res.headers.get("trackingid")).toBe("ROUTER_1");
    expect(res.headers.get("TrackingId")).toBe("ROUTER_1");
    expect(res.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(res.headers.get("retry-after")).toBeNull();
    expect(JSON.parse(res.body.toString("utf8"))).toEqual({ big });
  });

  it("returns an error status as a response, not a rejection", async () => {
    local.handle = (_req, _body, res) => {
      res.writeHead(429, { "retry-after": "7" });
      res.end();
    };
    const res = await send({ method: "GET", url: `${local.url}/v1/people/me`, headers: {}, timeoutMs: 5_000 });
    expect(res).toMatchObject({ status: 429, ok: false });
    expect(res.headers.get("Retry-After")).toBe("7");
    expect(res.body.length).toBe(0);
  });

  it("keeps its connections alive across calls made one after another", async () => {
    local.handle = (_req, _body, res) => res.end("{}");
    for (let i = 0; i < 20; i++) {
      const res = await send({ method: "GET", url: `${local.url}/v1/x`, headers: {}, timeoutMs: 5_000 });
      expect(res.status).toBe(200);
    }
    // undici's pool may open a second connection while the first is still being freed; not 20.
    expect(local.connections).toBeLessThanOrEqual(2);
  });

  it("gives up after timeoutMs with an error named TimeoutError, also when the body stalls", async () => {
    local.handle = () => undefined; // never answers
    const started = Date.now();
    const silent = send({ method: "GET", url: `${local.url}/v1/slow`, headers: {}, timeoutMs: 200 });
    await expect(silent).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);

    local.handle = (_req, _body, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("{"); // the rest never comes
    };
    await expect(
      send({ method: "GET", url: `${local.url}/v1/stall`, headers: {}, timeoutMs: 200 }),
    ).rejects.toMatchObject({
      name: "TimeoutError",
    });

    // The transport still works afterwards.
    local.handle = (_req, _body, res) => res.end('{"ok":true}');
    const res = await send({ method: "GET", url: `${local.url}/v1/x`, headers: {}, timeoutMs: 5_000 });
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  it("rejects when nothing listens (a network failure is not a timeout)", async () => {
    const closed = await listen();
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await send({ method: "GET", url: `${url}/v1/x`, headers: {}, timeoutMs: 5_000 }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).not.toBe("TimeoutError");
  });
});

describe("loading the undici transport", () => {
  it("leaves the process's fetch as it was: a request with its own content-length header still goes", async () => {
    // A proxy forwarding a request's headers does this; undici's Agent, installed as fetch's
    // dispatcher on load, refused it on Node 20.
    const local = await listen();
    local.handle = (_req, body, res) => res.end(body);
    try {
      const res = await fetch(`${local.url}/echo`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "2" },
        body: "{}",
      });
      expect(await res.text()).toBe("{}");
      expect(undiciTransport).toBeTypeOf("function");
    } finally {
      local.server.closeAllConnections();
      await new Promise((resolve) => local.server.close(resolve));
    }
  });
});

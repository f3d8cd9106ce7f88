// The least any Webex bot must do, as a yardstick for bench/run.ts: a node:http server that checks
// the webhook signature, GETs the message and POSTs a reply in its thread (keep-alive connections
// to Webex). No store, no dedupe, no parsing beyond the JSON. Registers its own webhook at start.
//
// env: BENCH_EMULATOR_URL, BENCH_BOT_TOKEN, BENCH_WEBHOOK_SECRET.
import { createHmac, timingSafeEqual } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { memory, need, send, serveCommands } from "./child.ts";

const base = new URL(need("BENCH_EMULATOR_URL"));
const basePath = base.pathname.replace(/\/+$/, "");
const token = need("BENCH_BOT_TOKEN");
const secret = need("BENCH_WEBHOOK_SECRET");
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path: basePath + path,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text) as T);
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const t0 = performance.now();
const me = await call<{ id: string }>("GET", "/people/me");
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const given = Buffer.from(String(req.headers["x-spark-signature"] ?? ""), "hex");
    const expected = createHmac("sha1", secret).update(raw).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200).end();
    const envelope = JSON.parse(raw.toString("utf8")) as { data: { id: string; personId: string } };
    if (envelope.data.personId === me.id) return;
    void call<{ id: string; roomId: string; personEmail: string; parentId?: string }>(
      "GET",
      `/messages/${encodeURIComponent(envelope.data.id)}`,
    )
      .then((m) =>
        call("POST", "/messages", {
          roomId: m.roomId,
          parentId: m.parentId ?? m.id,
          markdown: `You are **${m.personEmail}**.`,
        }),
      )
      .catch((err: unknown) => process.stderr.write(`bare bot: ${String(err)}\n`));
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
await call("POST", "/webhooks", {
  name: "bare bot",
  targetUrl: `${url}/webhook`,
  resource: "messages",
  event: "created",
  secret,
});
send({ event: "ready", url, startMs: Math.round(performance.now() - t0), after: memory() });
serveCommands(async () => {
  server.close();
  agent.destroy();
});

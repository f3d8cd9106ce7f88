// webex-node-bot-framework 2.3.14 answering `whoami`, as a partner would write it, for the
// comparison in bench/run.ts. The framework is NOT a dependency of this project: it is loaded from
// a scratch directory (BENCH_FRAMEWORK_DIR, e.g. /tmp/fw after `npm install -E
// webex-node-bot-framework@2.3.14` there); bench/run.ts skips it when that is absent. Its webhook
// handler is Express-style; a minimal node:http shim stands in for Express (the shim costs less
// than Express would, which favours the framework).
//
// env: BENCH_FRAMEWORK_DIR, BENCH_EMULATOR_URL, BENCH_BOT_TOKEN, BENCH_WEBHOOK_SECRET.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { memory, need, send, serveCommands } from "./child.ts";

const dir = need("BENCH_FRAMEWORK_DIR");
const emulator = need("BENCH_EMULATOR_URL").replace(/\/+$/, "");
// The Webex JS SDK finds its REST API through these (its defaults are Webex's cloud).
process.env.HYDRA_SERVICE_URL = emulator;
process.env.U2C_SERVICE_URL = emulator;
const require = createRequire(join(dir, "package.json"));
const Framework = require("webex-node-bot-framework");
const webhook = require("webex-node-bot-framework/webhook");

/** The part of the framework's `hears` handler arguments that this bot uses. */
interface FrameworkBot {
  reply(message: unknown, text: string): unknown;
}
interface FrameworkTrigger {
  message: unknown;
  person: { emails: string[]; displayName: string };
}

const t0 = performance.now();
const server = createServer();
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const framework = new Framework({
  token: need("BENCH_BOT_TOKEN"),
  webhookUrl: `${url}/framework`,
  webhookSecret: need("BENCH_WEBHOOK_SECRET"),
  removeWebhooksOnStart: true,
  messageFormat: "markdown",
});
framework.hears("whoami", (bot: FrameworkBot, trigger: FrameworkTrigger) => {
  bot.reply(trigger.message, `You are **${trigger.person.emails[0]}** (${trigger.person.displayName}).`);
});
const handle = webhook(framework);
server.on("request", (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const shim = Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") });
    let status = 200;
    handle(shim, {
      status: (s: number) => (status = s),
      send: (body: string) => res.writeHead(status).end(body),
    });
  });
});
const initialized = new Promise<void>((resolve) => framework.on("initialized", () => resolve()));
await framework.start();
await initialized;
send({ event: "ready", url, startMs: Math.round(performance.now() - t0), after: memory() });
serveCommands(async () => {
  await framework.stop();
  server.close();
});

// The sandbox page's server: the page itself (sandbox/public, plain ES modules), the Adaptive Cards
// renderer from node_modules, a description of the sandbox (personas, spaces, the bot), the test
// clock, and a same-origin proxy to the emulator's REST API. The page acts as a persona by calling
// that API with the persona's token, exactly as a Webex client would; the bot's token is refused.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), "public");
const ADAPTIVE_CARDS_JS = join(
  dirname(createRequire(import.meta.url).resolve("adaptivecards/package.json")),
  "dist",
  "adaptivecards.min.js",
);
const MAX_BODY = 5 * 1024 * 1024;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface PageServerOptions {
  /** The emulator's REST base, ending in /v1. */
  emulatorUrl: string;
  /** Tokens the page may use (the personas'). */
  allowedTokens: ReadonlySet<string>;
  /** What /api/sandbox answers: personas, spaces, the bot. */
  describe: () => unknown;
  clock: { show(): Date };
  logger: Logger;
  port: number;
  host?: string;
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.logger.error({ err: error, url: req.url }, "sandbox page server error");
      if (!res.headersSent) json(res, 500, { message: "sandbox page server error" });
      else res.end();
    });
  });
  server.keepAliveTimeout = 1_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}/`, close: () => closeServer(server) };
}

async function handle(options: PageServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox.local");
  const method = (req.method ?? "GET").toUpperCase();
  if (url.pathname.startsWith("/webex/v1/")) return proxy(options, req, res, url, method);
  if (method !== "GET" && method !== "HEAD") return json(res, 405, { message: "method not allowed" });
  if (url.pathname === "/api/sandbox") return json(res, 200, options.describe());
  if (url.pathname === "/api/clock") return json(res, 200, { now: options.clock.show().toISOString() });
  if (url.pathname === "/vendor/adaptivecards.min.js") return file(res, ADAPTIVE_CARDS_JS);
  if (url.pathname === "/healthz") return json(res, 200, { ok: true });
  const path = url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname.slice(1));
  const full = normalize(join(PUBLIC_DIR, path));
  if (!full.startsWith(PUBLIC_DIR + sep)) return json(res, 404, { message: "not found" });
  return file(res, full);
}

async function proxy(
  options: PageServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
): Promise<void> {
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  if (!token || !options.allowedTokens.has(token))
    return json(res, 401, { message: "the sandbox page acts only as one of its personas" });
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
  const target = options.emulatorUrl + url.pathname.slice("/webex/v1".length) + url.search;
  const answer = await fetch(target, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body?.length ? { "content-type": "application/json" } : {}) },
    ...(body?.length ? { body } : {}),
  });
  const bytes = Buffer.from(await answer.arrayBuffer());
  const headers: Record<string, string> = { "cache-control": "no-store" };
  for (const name of ["content-type", "link", "retry-after", "trackingid"]) {
    const value = answer.headers.get(name);
    if (value) headers[name] = value;
  }
  res.writeHead(answer.status, headers);
  res.end(bytes);
}

async function file(res: ServerResponse, path: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return json(res, 404, { message: "not found" });
  }
  res.writeHead(200, {
    "content-type": TYPES[extname(path)] ?? "application/octet-stream",
    "cache-control": "no-cache",
  });
  res.end(bytes);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

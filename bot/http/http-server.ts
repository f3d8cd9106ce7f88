// The receiver's HTTP: node:http with a routing table of exact paths, as bolt-js's HTTPReceiver.
// Three routes do not need a framework: fastify's routing, hooks and content-type machinery were
// about a tenth of the bot's CPU per webhook in the issue-13 profile.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HttpRequest {
  headers: IncomingMessage["headers"];
  /** The exact bytes received (the signature is over them). */
  body: Buffer;
  /** The peer's address (read when asked: a getpeername call the accepted webhooks never need). */
  readonly ip: string | undefined;
}

export interface HttpReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Route = (req: HttpRequest) => Promise<HttpReply>;

export interface HttpServerOptions {
  /** `"POST /path"` → handler. Anything else is answered 404. */
  routes: Record<string, Route>;
  /** Largest accepted body; a larger one is answered 413 unread. */
  bodyLimit: number;
  /** A route that throws is answered 500 and reported here. */
  onError: (err: unknown) => void;
}

export interface HttpServer {
  /** Listens; resolves with the URL (`http://host:port`). */
  listen(at: { port: number; host?: string }): Promise<string>;
  /** Stops accepting, ends idle connections, and resolves when every open request is answered. */
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: HttpReply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...reply.headers,
  });
  res.end(body);
}

/** The body, or null once it is over the limit (then the request is answered 413 and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  let server: Server | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?", 1)[0];
    const method = req.method === "HEAD" ? "GET" : req.method;
    const route = options.routes[`${method} ${path}`];
    if (!route) {
      req.resume();
      return send(res, { status: 404, body: { error: "not found" } });
    }
    const body = await readBody(req, options.bodyLimit);
    if (body === null) {
      res.setHeader("connection", "close");
      return send(res, { status: 413, body: { error: "body too large" } });
    }
    const socket = req.socket;
    send(
      res,
      await route({
        headers: req.headers,
        body,
        get ip() {
          return socket.remoteAddress;
        },
      }),
    );
  }

  return {
    async listen({ port, host = "0.0.0.0" }) {
      const s = createServer((req, res) =>
        handle(req, res).catch((err: unknown) => {
          options.onError(err);
          if (!res.headersSent) send(res, { status: 500, body: { error: "internal error" } });
          else res.destroy();
        }),
      );
      // Longer than a load balancer's usual idle timeout (60 s), as fastify's default.
      s.keepAliveTimeout = 72_000;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(port, host, () => {
          s.off("error", reject);
          resolve();
        });
      });
      server = s;
      const { address, family, port: bound } = s.address() as AddressInfo;
      return `http://${family === "IPv6" ? `[${address}]` : address}:${bound}`;
    },
    async close() {
      const s = server;
      server = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    },
  };
}

// How the Webex client talks HTTP: node:http(s) with a keep-alive agent. Node's fetch (undici
// behind WHATWG streams) cost about a quarter of the bot's CPU per event in the issue-13 profile
// and, on a connection the server hints to keep only briefly, opened a new one per call; the
// bare node:http bot did both calls and the signature check in 0.3 ms. undici as a package would
// do as well but is one more dependency for two requests per event; node:http is in Node.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole attempt (connect, send, response body) is aborted after this long. */
  timeoutMs: number;
}

export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface TransportResponse {
  status: number;
  ok: boolean;
  headers: ResponseHeaders;
  body: Buffer;
}

/** One HTTP attempt. Rejects on network failure; an error named "TimeoutError" after timeoutMs. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

class NodeHeaders implements ResponseHeaders {
  constructor(private readonly raw: IncomingMessage["headers"]) {}
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(", ") : v;
  }
}

export interface NodeTransportOptions {
  /** Sockets per host; further calls wait for one. */
  maxSockets?: number;
  /** An idle socket is closed after this long (shorter than servers' usual idle timeouts). */
  idleTimeoutMs?: number;
}

/** A keep-alive node:http(s) transport; `close()` ends its idle sockets. */
export function nodeTransport(options: NodeTransportOptions = {}): Transport & { close(): void } {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    maxFreeSockets: options.maxSockets ?? 64,
    timeout: options.idleTimeoutMs ?? 30_000,
    scheduling: "lifo" as const,
  };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const send: Transport = (req) =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url);
      const secure = url.protocol === "https:";
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers["content-length"] = Buffer.byteLength(req.body);
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const outgoing = (secure ? httpsRequest : httpRequest)(
        {
          agent: secure ? https : http,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || undefined,
          path: url.pathname + url.search,
          method: req.method,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", fail);
          res.on("aborted", () => fail(new Error("the response was cut off")));
          res.on("end", () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const status = res.statusCode ?? 0;
            resolve({
              status,
              ok: status >= 200 && status < 300,
              headers: new NodeHeaders(res.headers),
              body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks),
            });
          });
        },
      );
      const timer = setTimeout(() => {
        const error = new Error(`no response within ${req.timeoutMs} ms`);
        error.name = "TimeoutError";
        fail(error);
        outgoing.destroy(error);
      }, req.timeoutMs);
      outgoing.on("error", fail);
      outgoing.end(req.body);
    });
  return Object.assign(send, {
    close() {
      http.destroy();
      https.destroy();
    },
  });
}

/** Adapts a fetch function (tests inject one) to a Transport. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (req) => {
    const res = await fetchImpl(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, ok: res.ok, headers: res.headers, body };
  };
}

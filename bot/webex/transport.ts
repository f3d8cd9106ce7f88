// How the Webex client talks HTTP: undici's keep-alive connection pools. Node's fetch (undici
// behind WHATWG streams) cost about a quarter of the bot's CPU per event in the issue-13 profile;
// node:http with a keep-alive agent did better, and undici's own request API better still: a GET
// and a POST against a local server took 50 µs of the caller's CPU with undici and 130 µs with
// node:http (32 at once; 160 and 270 µs one at a time), measured before the switch. nodeTransport
// stays for the emulator's webhook deliveries, which stand in for Webex and so keep their cost.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { type Dispatcher, UndiciAgent, undiciRequest } from "./undici.ts";

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * An attempt fails with a TimeoutError when Webex is silent this long: no response, or a pause
   * in its body (nodeTransport bounds the whole attempt; undiciTransport each wait).
   */
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

/** One HTTP attempt. Rejects on network failure; with an error named "TimeoutError" when timed out. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** A body from its chunks; the usual single chunk is not copied. */
function joined(chunks: Buffer[]): Buffer {
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
}

/** Response headers as both node:http and undici give them: lower-case names, repeats as arrays. */
class NodeHeaders implements ResponseHeaders {
  constructor(private readonly raw: IncomingMessage["headers"]) {}
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(", ") : v;
  }
}

export interface TransportOptions {
  /** Sockets per host; further calls wait for one. */
  maxSockets?: number;
  /** An idle socket is closed after this long (shorter than servers' usual idle timeouts). */
  idleTimeoutMs?: number;
}

/** A keep-alive node:http(s) transport; `close()` ends its idle sockets. */
export function nodeTransport(options: TransportOptions = {}): Transport & { close(): void } {
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
              body: joined(chunks),
            });
          });
        },
      );
      const timer = setTimeout(() => {
        const error = timeoutError(req.timeoutMs);
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

const UNDICI_TIMEOUTS = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function timeoutError(ms: number): Error {
  const error = new Error(`no response within ${ms} ms`);
  error.name = "TimeoutError";
  return error;
}

/** A keep-alive transport on undici's pools (one per origin); `close()` ends its sockets. */
export function undiciTransport(options: TransportOptions = {}): Transport & { close(): void } {
  const idle = options.idleTimeoutMs ?? 30_000;
  const agent = new UndiciAgent({
    connections: options.maxSockets ?? 64,
    keepAliveTimeout: idle,
    // A server's Keep-Alive hint is followed, but never beyond our own idle limit.
    keepAliveMaxTimeout: idle,
  });
  // undici's own timeouts, not an AbortSignal per call: a signal cost about a third more CPU per
  // request. They bound the wait for the response and each pause in its body; connecting is bounded
  // by undici's connect timeout (10 s), also reported as a TimeoutError.
  const send: Transport = async (req) => {
    try {
      const url = new URL(req.url);
      const res = await undiciRequest(agent, {
        origin: url.origin,
        path: url.pathname + url.search,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) chunks.push(chunk as Buffer);
      const status = res.statusCode;
      return {
        status,
        ok: status >= 200 && status < 300,
        headers: new NodeHeaders(res.headers),
        body: joined(chunks),
      };
    } catch (err) {
      if (UNDICI_TIMEOUTS.has((err as { code?: string }).code ?? "")) throw timeoutError(req.timeoutMs);
      throw err;
    }
  };
  return Object.assign(send, {
    close() {
      void agent.destroy();
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

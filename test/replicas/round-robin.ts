// A small round-robin load balancer in front of the replicas: each webhook delivery goes to the
// next replica in turn, as one public URL behind a load balancer would spread them. It answers
// with the replica's own status, and keeps a log of which replica got which delivery.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Forwarded {
  /** Index of the replica the delivery went to. */
  replica: number;
  /** The event's `data.id` (a message, an attachment action, a membership). */
  dataId: string;
  status: number;
}

export interface RoundRobin {
  url: string;
  readonly log: readonly Forwarded[];
  /** The replicas' base URLs, in turn order (set once they listen). */
  targets: string[];
  /** The deliveries of event `dataId` go to these replicas in this order (the k-th to replicas[k % n]). */
  pin(dataId: string, replicas: number[]): void;
  close(): Promise<void>;
}

export async function startRoundRobin(): Promise<RoundRobin> {
  const log: Forwarded[] = [];
  let next = 0;
  const pinned = new Map<string, { replicas: number[]; k: number }>();
  const state = { targets: [] as string[] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      let dataId = "";
      try {
        dataId = String((JSON.parse(body.toString("utf8")) as { data?: { id?: unknown } }).data?.id ?? "");
      } catch {
        // Not JSON: forwarded as it is; the replica answers 400.
      }
      const pin = pinned.get(dataId);
      const replica = pin ? pin.replicas[pin.k++ % pin.replicas.length]! : next++ % state.targets.length;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host") headers[k] = v;
      fetch(state.targets[replica] + (req.url ?? "/"), { method: req.method ?? "POST", headers, body })
        .then(async (r) => {
          log.push({ replica, dataId, status: r.status });
          res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" });
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => {
          log.push({ replica, dataId, status: 502 });
          res.writeHead(502).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    get targets() {
      return state.targets;
    },
    set targets(t: string[]) {
      state.targets = t;
    },
    pin: (dataId, replicas) => void pinned.set(dataId, { replicas, k: 0 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Servers a fault test owns: its own redis-server and its own PostgreSQL cluster, each on a free
// port in a temp directory, started as the test's child processes and stopped after. Faults
// (FLUSHALL, a restart, a PostgreSQL stop) hit only these, never the shared servers at 6379/5432.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OwnRedis {
  url: string;
  /** FLUSHALL on this server only. */
  flushAll(): Promise<void>;
  /** Stops the server (SIGTERM; it keeps nothing on disk) and starts an empty one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server that keeps nothing on disk (`--save "" --appendonly no`), as the README allows. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "trials-redis-"));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    try {
      for (let i = 0; i < 100; i++) {
        try {
          await probe.connect();
          await probe.ping();
          return;
        } catch {
          probe.disconnect();
          await sleep(50);
        }
      }
      throw new Error(`redis-server on ${port} did not start`);
    } finally {
      probe.disconnect();
    }
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    url,
    async flushAll() {
      const r = new Redis(url);
      try {
        await r.flushall();
      } finally {
        r.disconnect();
      }
    },
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  /** The server's postgres database (create test databases from it). */
  adminUrl: string;
  urlOf(database: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and deletes its data directory. */
  destroy(): Promise<void>;
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL 15 cluster of the test's own (initdb + pg_ctl). initdb refuses root: as root, the
 * cluster belongs to the `postgres` OS user and its commands run through runuser.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "trials-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  let uid = 0;
  let gid = 0;
  if (asRoot) {
    const id = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gidOut = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    uid = Number(id.stdout.trim());
    gid = Number(gidOut.stdout.trim());
    chmodSync(dir, 0o755);
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot
      ? (["runuser", ["-u", "postgres", "--", join(PG_BIN, cmd), ...args]] as const)
      : ([join(PG_BIN, cmd), args] as const);
    const r = spawnSync(full[0], [...full[1]], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    run("pg_ctl", [
      "-D",
      data,
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "-l",
      join(dir, "log"),
      "-w",
      "start",
    ]);
    for (let i = 0; i < 100; i++) {
      const c = new pg.Client({ connectionString: adminUrl });
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await c.end().catch(() => undefined);
        await sleep(50);
      }
    }
    throw new Error(`PostgreSQL on ${port} did not start`);
  };
  // -m fast: what a restart or failover does to open connections (they are cut).
  const stop = async () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  await start();
  return {
    adminUrl,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    async destroy() {
      try {
        await stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Redis for the sandbox's timers: the one at REDIS_URL when it answers, else a redis-server child
// process on a free port with its data under <dataDir>/redis (stopped with the sandbox), else a
// clear message on how to install Redis.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Redis } from "ioredis";

export interface SandboxRedis {
  /** The Redis to use: REDIS_URL, or the child's redis://127.0.0.1:<port>. */
  url: string;
  /** "external": REDIS_URL answered; "child": a redis-server this sandbox started. */
  source: "external" | "child";
  stop(): Promise<void>;
}

export class RedisUnavailableError extends Error {
  constructor(
    readonly triedUrl: string,
    readonly reason: string,
  ) {
    super(
      `the sandbox needs Redis for its timers: nothing answered at ${triedUrl} and ${reason}.\n` +
        `  Install Redis, then run npm start again (the sandbox starts redis-server itself when it is installed):\n` +
        `    Debian/Ubuntu: sudo apt-get install redis-server\n` +
        `    macOS:         brew install redis\n` +
        `  or set REDIS_URL to a Redis 7 server you can reach.`,
    );
    this.name = "RedisUnavailableError";
  }
}

/** PONG within timeoutMs, or false (never throws, never retries). */
export async function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  let client: Redis | undefined;
  try {
    const c = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    client = c;
    c.on("error", () => undefined);
    const ping = (async () => {
      await c.connect();
      return (await c.ping()) === "PONG";
    })();
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return await Promise.race([ping.catch(() => false), timeout]);
  } catch {
    return false;
  } finally {
    client?.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ResolveRedisOptions {
  /** REDIS_URL (config.redisUrl). */
  url: string;
  dataDir: string;
  /** The redis-server executable (default: redis-server on PATH). */
  redisServer?: string;
  pingTimeoutMs?: number;
  startTimeoutMs?: number;
}

export async function resolveRedis(options: ResolveRedisOptions): Promise<SandboxRedis> {
  if (await redisAnswers(options.url, options.pingTimeoutMs ?? 500)) {
    return { url: options.url, source: "external", stop: async () => undefined };
  }
  return startRedisChild(options);
}

async function startRedisChild(options: ResolveRedisOptions): Promise<SandboxRedis> {
  const dir = join(options.dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--appendonly",
    "yes",
    "--save",
    "",
    "--daemonize",
    "no",
    "--logfile",
    "redis.log",
  ];
  let child: ChildProcess;
  try {
    child = spawn(options.redisServer ?? "redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    throw new RedisUnavailableError(options.url, `redis-server could not be started (${(error as Error).message})`);
  }
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-2000)));
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("exit", (code) => resolve({ code }));
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    const early = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
    if (early) {
      const why =
        early.error && (early.error as NodeJS.ErrnoException).code === "ENOENT"
          ? "redis-server is not installed"
          : `redis-server exited (${early.error?.message ?? `code ${early.code}`}${stderr ? `: ${stderr.trim()}` : ""}; see ${join(dir, "redis.log")})`;
      throw new RedisUnavailableError(options.url, why);
    }
    if (await redisAnswers(url, 300)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new RedisUnavailableError(
        options.url,
        `the redis-server started on port ${port} did not answer within ${options.startTimeoutMs ?? 10_000} ms (see ${join(dir, "redis.log")})`,
      );
    }
  }
  // If the sandbox process dies without stop(), the child goes with it.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  let stopped: Promise<void> | null = null;
  return {
    url,
    source: "child",
    stop() {
      stopped ??= (async () => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}

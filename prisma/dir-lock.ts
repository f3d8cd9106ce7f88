// An exclusive lock on a PGlite data directory. Two processes that open one PGlite directory
// corrupt each other silently, so the second must fail, loudly, naming the holder.
//
// The lock is a file next to the directory (`<dir>.lock`; PGlite wants its directory to itself)
// created with O_EXCL and holding the owner's pid and host; the owner touches it every 10 s.
// A lock is stale, and taken over, when its owner is gone: same host and the pid is not alive,
// or the pid is ours but this process holds no such lock (a restarted container reusing the pid),
// or it has not been touched for STALE_AFTER_MS (an owner on another host, e.g. an old container).
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";

export class DirectoryLockedError extends Error {
  readonly code = "directory_locked" as const;
  constructor(
    readonly directory: string,
    readonly holderPid: number | null,
    readonly holderHost: string | null,
  ) {
    super(
      `database directory ${directory} is in use by another process ` +
        `(pid ${holderPid ?? "unknown"}${holderHost && holderHost !== hostname() ? ` on ${holderHost}` : ""}); ` +
        `stop that process first, or delete ${directory}.lock if it is certainly not running`,
    );
    this.name = "DirectoryLockedError";
  }
}

const HEARTBEAT_MS = 10_000;
const STALE_AFTER_MS = 120_000;
/** Lock files this process holds. */
const held = new Set<string>();

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

function readLock(path: string): { raw: string; info: LockInfo | null } | null {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const info = JSON.parse(raw) as LockInfo;
    return { raw, info: typeof info.pid === "number" ? info : null };
  } catch {
    return { raw, info: null }; // being written, or garbage
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isStale(path: string, holder: LockInfo | null): boolean {
  if (holder !== null && holder.host === hostname()) {
    if (holder.pid === process.pid) return !held.has(path);
    if (!isAlive(holder.pid)) return true;
  }
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false;
  }
}

export interface DirectoryLock {
  readonly path: string;
  release(): void;
}

export function lockDirectory(directory: string): DirectoryLock {
  const dir = resolve(directory);
  const path = `${dir}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };

  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const current = readLock(path);
      if (current === null) continue; // released meanwhile: try again
      const holder = current.info;
      if (!isStale(path, holder)) throw new DirectoryLockedError(dir, holder?.pid ?? null, holder?.host ?? null);
      // Take over a stale lock, unless someone else did so since we read it.
      if (readLock(path)?.raw === current.raw) {
        try {
          unlinkSync(path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        }
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(info));
    } finally {
      closeSync(fd);
    }
    held.add(path);
    const heartbeat = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        /* lock file removed under us: nothing sensible to do here */
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(path);
      process.removeListener("exit", release);
      // Only remove the lock if it is still ours.
      const current = readLock(path);
      if (current?.info?.pid === process.pid && current.info.since === info.since) {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      }
    };
    process.on("exit", release);
    return { path, release };
  }
  const holder = readLock(path)?.info ?? null;
  throw new DirectoryLockedError(dir, holder?.pid ?? null, holder?.host ?? null);
}

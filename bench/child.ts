// What every bot under benchmark shares (trials-bot, the bare bot, the framework bot): one JSON
// line per event on stdout for bench/run.ts, and commands on stdin:
//   cpu            → {"event":"cpu","userUs":…,"systemUs":…,"rssMb":…,"pauses":…,"counts"?:…}
//                    (process.cpuUsage: this process only; pauses: its longest event-loop stall and
//                    its GC pauses since the last report; counts: what the bot counts, e.g. its
//                    database round trips)
//   profile-start  → starts the V8 CPU profiler (node:inspector), {"event":"profiling"}
//   profile-stop F → writes the profile to file F (a .cpuprofile for Chrome DevTools / speedscope)
//   stop           → stops the bot, {"event":"stopped","memory":…}, exits
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { createInterface } from "node:readline";

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

export interface Memory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  gc: boolean;
}

export function memory(): Memory {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return {
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    gc: gc !== undefined,
  };
}

export function send(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

export function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`bench: ${name} is not set`);
  return v;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

interface GcKind {
  n: number;
  ms: number;
  maxMs: number;
}

/**
 * Since the last report: the longest event-loop stall, and the time and longest of GC pauses (ms),
 * also by kind of collection (minor: the young generation; major: the whole heap).
 */
function watchPauses(): () => { loopMaxMs: number; gcMs: number; gcMaxMs: number; gcKinds: Record<string, GcKind> } {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let gcMs = 0;
  let gcMaxMs = 0;
  let gcKinds: Record<string, GcKind> = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMaxMs = Math.max(gcMaxMs, e.duration);
      const kind = GC_KINDS[(e as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
      const k = gcKinds[kind] ?? { n: 0, ms: 0, maxMs: 0 };
      gcKinds[kind] = k;
      k.n++;
      k.ms = Math.round((k.ms + e.duration) * 10) / 10;
      k.maxMs = Math.max(k.maxMs, Math.round(e.duration * 10) / 10);
    }
  }).observe({ entryTypes: ["gc"] });
  return () => {
    const report = { loopMaxMs: loop.max / 1e6, gcMs, gcMaxMs, gcKinds };
    loop.reset();
    gcMs = 0;
    gcMaxMs = 0;
    gcKinds = {};
    return report;
  };
}

/** Serves the stdin commands above until "stop" (or stdin closing), then calls stop and exits. */
export function serveCommands(stop: () => Promise<void>, counts?: () => Record<string, number>): void {
  const lines = createInterface({ input: process.stdin });
  const pauses = watchPauses();
  let session: Session | null = null;
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => {
      if (!session) throw new Error(`bench: inspector ${method} before the session is open`);
      session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
    });
  let stopping = false;
  const finish = async () => {
    if (stopping) return;
    stopping = true;
    const last = memory();
    await stop();
    send({ event: "stopped", memory: last });
    lines.close();
    process.exit(0);
  };
  lines.on("line", (line) => {
    const [command, arg] = line.trim().split(/\s+/, 2);
    if (command === "cpu") {
      const c = process.cpuUsage();
      send({
        event: "cpu",
        userUs: c.user,
        systemUs: c.system,
        rssMb: mb(process.memoryUsage.rss()),
        pauses: pauses(),
        ...(counts ? { counts: counts() } : {}),
      });
    } else if (command === "profile-start") {
      session = new Session();
      session.connect();
      void post("Profiler.enable")
        .then(() => post("Profiler.setSamplingInterval", { interval: 100 }))
        .then(() => post("Profiler.start"))
        .then(() => send({ event: "profiling" }));
    } else if (command === "profile-stop" && session && arg) {
      void post<{ profile: unknown }>("Profiler.stop").then(({ profile }) => {
        writeFileSync(arg, JSON.stringify(profile));
        session?.disconnect();
        session = null;
        send({ event: "profiled", file: arg });
      });
    } else if (command === "stop") void finish();
  });
  lines.on("close", () => void finish());
}

// Summarises a V8 .cpuprofile (from bench/run.ts with BENCH_PROFILE=<dir>, or `node --cpu-prof`):
// self time grouped by where it is spent (a package, a folder of this project, or Node itself),
// and the top functions. Alone: `npx tsx bench/profile-summary.ts <file.cpuprofile>`.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function lives: "node_modules/<package>", "<project folder>/", "node:<internal>" or a V8 state. */
function place(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const [scopeOrName = "", name2] = url.slice(nm + "node_modules/".length).split("/");
    return scopeOrName.startsWith("@") ? `${scopeOrName}/${name2}` : scopeOrName;
  }
  if (url.startsWith("node:")) {
    const mod = url.slice(5).split("/");
    return `node:${mod[0] === "internal" ? mod.slice(1, 3).join("/") : mod[0]}`;
  }
  const m = /\/(app|bot|cards|domain|jobs|prisma|bench|emulator|sandbox)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

export function summariseProfile(file: string, top = 14): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let total = 0;
  let idle = 0;
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) throw new Error(`${file}: sample refers to unknown node id ${id}`);
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idle += us;
      continue;
    }
    total += us;
    const where = place(url, functionName);
    places.set(where, (places.get(where) ?? 0) + us);
    const fn = `${functionName || "(anonymous)"} ${where}${url ? `:${lineNumber + 1}` : ""}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`];
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  lines.push("by place:");
  for (const [k, us] of sorted(places)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push("top functions (self):");
  for (const [k, us] of sorted(functions)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const file of process.argv.slice(2)) console.log(`${file}\n${summariseProfile(file)}\n`);
}

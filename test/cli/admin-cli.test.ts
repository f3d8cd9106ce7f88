// The admin CLI as an operator meets it: `help` lists exactly what it takes, in plain text, with
// exit status 0 and no database; commands exit 0 when done and 1 when refused; a data directory
// in use is one clean line (exit 3), never a stack.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cliHelp, runAdmin } from "../../boot/admin.ts";
import { lockDirectory } from "../../prisma/dir-lock.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const temp: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "trials-cli-"));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

const MARKDOWN = /\*\*|`|\\[*_`]/;

describe("admin CLI help", () => {
  it("lists the commands the CLI takes (customer import --file) and none it refuses, in plain text", async () => {
    const help = await runAdmin(["help"], { env: {} });
    expect(help.code).toBe(0);
    expect(help.out).toBe(cliHelp());
    for (const usage of [
      "partner add <name> tier1|tier2",
      "person add <email> <role> [partner]",
      "person remove <email>",
      "customer import --file <customers.csv>",
    ])
      expect(help.out).toContain(usage);
    expect(help.out).not.toMatch(/^\s+(whoami|space link|trial)/m);
    expect(help.out).not.toMatch(MARKDOWN);
    // Every command help lists is one the CLI takes (not "a chat command").
    for (const line of help.out.split("\n").filter((l) => /^ {2}\S/.test(l))) {
      const words = line.trim().split(/\s+/).slice(0, 2);
      if (words[0] === "help") continue;
      const r = await runAdmin(words, { env: {} });
      expect(r.err).not.toContain("is a chat command");
    }
    expect((await runAdmin(["whoami"], { env: {} })).code).toBe(2);
    expect((await runAdmin(["space", "link", "ops"], { env: {} })).err).toContain("is a chat command");
  });
});

describe("admin CLI commands", () => {
  it("R-ORG-4: partner add, person add and customer import --file exit 0 with plain text; a refusal exits 1", async () => {
    const dir = tempDir();
    const env = { DATA_DIR: dir, LOG_LEVEL: "silent" };
    const partner = await runAdmin(["partner", "add", "Bright Partners", "tier1", "tz", "Europe/Paris"], {
      env,
      operator: "ops@cli.local",
    });
    expect(partner).toEqual({ code: 0, out: "Done: partner Bright Partners (tier1, Europe/Paris).", err: "" });
    const csv = join(dir, "customers.csv");
    writeFileSync(
      csv,
      "name,handle,country,vertical,full_admin_emails,purchased_services,managing_partners\nGlobex,globex,DE,Manufacturing,carla@globex.example,meetings,Bright Partners\n",
    );
    const imported = await runAdmin(["customer", "import", "--file", csv], { env });
    expect(imported).toEqual({ code: 0, out: "Imported: 1 new, 0 updated.", err: "" });
    const refused = await runAdmin(["person", "add", "nobody@elsewhere.example", "sales_admin", "Nowhere Partners"], {
      env,
    });
    expect(refused.code).toBe(1);
    expect(refused.out).toBe("");
    expect(refused.err).not.toBe("");
    expect(refused.err).not.toMatch(MARKDOWN);
    const missing = await runAdmin(["customer", "import", "--file", join(dir, "nope.csv")], { env });
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("no such file") });
  }, 60_000);

  it("a data directory in use: help still works; a command says so in one line (exit 3), no stack", () => {
    const dir = tempDir();
    const lock = lockDirectory(join(dir, "pglite"));
    try {
      const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent" };
      const help = spawnSync(TSX, ["boot/admin.ts", "help"], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
      expect(help.status).toBe(0);
      expect(help.stdout).toContain("customer import --file");
      expect(help.stderr).toBe("");
      const add = spawnSync(TSX, ["boot/admin.ts", "partner", "add", "Acme", "tier1"], {
        cwd: ROOT,
        env,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(add.status).toBe(3);
      expect(add.stderr).toMatch(
        /cannot open the database: database directory .* is in use by another process \(pid \d+\).*stop it/,
      );
      expect(add.stderr).not.toMatch(/\n\s+at /);
      expect(add.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      lock.release();
    }
  }, 120_000);
});

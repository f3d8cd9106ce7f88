// A send cut by SIGKILL after Webex accepted the message: the restarted bot (same instance) does
// not wait out the 120-second lease; at start it knows the claims of its previous boot are dead,
// finds the message in Webex and records it, so it goes out exactly once, at once.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { JobsOptions } from "../../jobs/index.ts";
import { waitFor } from "../support/wait-for.ts";
import { FAST, FIONA, type JobsHarness, REDIS_URL, startJobsHarness } from "./harness.ts";

const INSTANCE = "bot-a";
// The production lease: only knowing the claim is dead can beat it.
const REAL_LEASE: JobsOptions = {
  ...FAST,
  delivery: { ...FAST.delivery, instanceId: INSTANCE, leaseMs: 120_000, lockDurationMs: 30_000 },
};

let h: JobsHarness;
beforeAll(async () => {
  h = await startJobsHarness(REAL_LEASE);
});
afterAll(async () => {
  await h?.close();
});

it("a restarted bot finishes at start the send its killed predecessor claimed: recorded once, not sent again, without waiting for the lease", async () => {
  await h.stopJobs();
  const producer = await h.restartJobs({ ...REAL_LEASE, workers: false, reconcileAtStart: false });
  const text = "claimed by a bot that was then killed";
  const [id] = await h.store.enqueueMessages([
    { to: { kind: "email", email: FIONA.email }, template: "bot.reply", data: { markdown: text } },
  ]);

  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./fixtures/delivery-worker-child.ts", import.meta.url))],
    {
      env: {
        ...process.env,
        CHILD_DATABASE_URL: h.databaseUrl,
        CHILD_REDIS_URL: REDIS_URL,
        CHILD_PREFIX: h.prefix,
        CHILD_EMULATOR_URL: h.emulator.url,
        CHILD_BOT_TOKEN: h.botToken,
        CHILD_NOW: h.clock.now().toISOString(),
        CHILD_INSTANCE: INSTANCE,
        CHILD_LEASE_MS: "120000",
        // The production lock: its stalled job would come back only after 30 s.
        CHILD_LOCK_MS: "30000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  try {
    await waitFor(async () => out.includes("READY"), "the child worker", 30_000);
    await producer.delivery.enqueue([id!]);
    await waitFor(async () => out.includes("ACCEPTED"), "Webex to accept the message", 15_000);
  } finally {
    child.kill("SIGKILL");
  }
  expect(await exited).toBe("SIGKILL");
  const direct = () =>
    h.emulator.messagesSentBy(h.botId).filter((m) => m.toPersonEmail === FIONA.email && m.markdown === text);
  expect(direct()).toHaveLength(1);
  expect(await h.store.getOutboxRow(id!)).toMatchObject({
    state: "sending",
    claimedBy: expect.stringMatching(/^bot-a\//),
  });

  // The bot starts again (same instance, a new boot).
  await h.stopJobs();
  const restartedAt = Date.now();
  await h.restartJobs(REAL_LEASE);
  const row = await waitFor(
    async () => {
      const r = await h.store.getOutboxRow(id!);
      return r?.state === "sent" ? r : null;
    },
    "the row to be recorded sent",
    5_000,
  );
  expect(Date.now() - restartedAt).toBeLessThan(5_000);
  expect(row.webexMessageId).toBe(direct()[0]!.id);
  // Its old job, back from the dead worker's lock later, finds the row sent: still one message.
  expect(direct()).toHaveLength(1);
}, 90_000);

// The per-event call budget (issue 9): how many store and Webex calls one card submit that
// extends a trial, and one chat `trial extend`, cost from the webhook in to the reply out. The bot
// is composed here as in production (receiver with its webhook inbox, the bot, the outbox sender
// claiming and sending each committed row) on a fresh PostgreSQL database, with the store wrapped
// in a counting proxy; Webex calls are counted at the emulator. Used by `npm run bench` and by
// test/e2e/call-budget.test.ts.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { ManualClock } from "../app/clock.ts";
import { readConfig } from "../app/config.ts";
import { createLogger } from "../app/logger.ts";
import type { Store } from "../app/store.ts";
import { TrialCommands } from "../app/trial-commands.ts";
import { outboxDelivery } from "../boot/delivery.ts";
import { createUseCases } from "../boot/use-cases.ts";
import { createBot } from "../bot/bot.ts";
import { CardService } from "../bot/cards/service.ts";
import { createReceiver } from "../bot/http/receiver.ts";
import { WebexClient } from "../bot/webex/client.ts";
import type { Message } from "../bot/webex/types.ts";
import { registerWebhooks } from "../bot/webex/webhooks.ts";
import { CardSigner } from "../cards/reference.ts";
import { startWebexEmulator } from "../emulator/index.ts";
import { openDatabase } from "../prisma/database.ts";
import { applyMigrations } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { createReplicaStore } from "../prisma/replica-store.ts";
import { createPgDatabase } from "../test/store/harness.ts";

const CLAIMANT = { id: "call-budget", instance: "call-budget" };

/**
 * What one event cost. `delivery`: the store calls of sending its outbox rows (included in
 * `store`). `echoes`: the store calls of the webhooks Webex sends about the bot's own posts
 * (recorded by the receiver, then dropped by the bot): separate events, not in `store`.
 */
export interface EventCost {
  store: number;
  delivery: number;
  echoes: number;
  webex: number;
  storeCalls: string[];
  webexCalls: string[];
}

export interface CallBudget {
  cardExtend: EventCost;
  chatExtend: EventCost;
}

/** The store behind a proxy that records each method called while `counting` is on. */
function countingStore(store: Store, phase: AsyncLocalStorage<string>, botId: () => string) {
  const calls: { method: string; phase: string }[] = [];
  const echoKeys = new Set<string>();
  let counting = false;
  const phaseOf = (method: string, args: unknown[]): string => {
    const envelope = args[1] as { data?: { personId?: string } } | undefined;
    if (method === "recordWebhook" && envelope?.data?.personId === botId()) echoKeys.add(String(args[0]));
    if ((method === "recordWebhook" || method === "markWebhookHandled") && echoKeys.has(String(args[0]))) return "echo";
    return phase.getStore() ?? "event";
  };
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function" || typeof key !== "string") return value;
      return (...args: unknown[]) => {
        if (counting && key !== "isUnavailable") calls.push({ method: key, phase: phaseOf(key, args) });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    proxy,
    start() {
      calls.length = 0;
      counting = true;
    },
    stop() {
      counting = false;
      return [...calls];
    },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor<T>(fn: () => T | undefined | null | false, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`call budget: timed out waiting for ${what}`);
    await sleep(10);
  }
}

type Cleanup = () => Promise<unknown>;

/** A fresh PostgreSQL database with the partner, Fiona (known by her Webex id) and Acme's trial. */
async function seedWorld(cleanups: Cleanup[]) {
  const created = await createPgDatabase("trials_budget");
  cleanups.push(() => created.drop());
  const db = await openDatabase({ kind: "postgres", url: created.url });
  await applyMigrations(db);
  const raw = createPrismaStore(db);
  cleanups.push(() => raw.close());
  const emulator = await startWebexEmulator();
  cleanups.push(() => emulator.close());
  const botPerson = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
  const fiona = emulator.addPerson({ displayName: "Fiona Admin", email: "fiona@bright.example" });
  const room = emulator.createRoom({ title: "Bright trials", creatorId: fiona.id, memberIds: [botPerson.id] });

  // Started on 2 Mar (ends 1 Apr); the events happen on 12 Mar.
  const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
  await raw.upsertPartner({
    id: "p-bright",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  // Known by its Webex id already (it has written to the bot before): the steady state.
  const person = {
    id: "pp-fiona",
    email: "fiona@bright.example",
    webexPersonId: fiona.id,
    partnerId: "p-bright",
    role: "full_admin" as const,
    language: "en" as const,
  };
  await raw.upsertPerson(person);
  await raw.linkSpace({ roomId: room.id, kind: "partner", partnerId: "p-bright" });
  const seeded = await new TrialCommands({ store: raw, clock }).startNewCustomer(
    { kind: "person", person },
    {
      companyName: "Acme",
      adminEmail: "boss@acme.example",
      vertical: "Manufacturing",
      country: "US",
      locationAcknowledged: true,
      setup: { services: ["messaging", "calling"] },
    },
  );
  if (!seeded.ok) throw new Error(`call budget: seeding refused (${seeded.refusal.code})`);
  if (!seeded.trial) throw new Error("call budget: seeding returned no trial");
  clock.set(new Date("2026-03-12T10:00:00Z"));
  return { db, raw, emulator, botPerson, fiona, room, clock, trialId: seeded.trial.id };
}

type World = Awaited<ReturnType<typeof seedWorld>>;

/** The bot as in production over the counting store, its receiver listening and registered with Webex. */
async function composeBot(world: World, counted: ReturnType<typeof countingStore>, phase: AsyncLocalStorage<string>) {
  const { db, emulator, botPerson, clock } = world;
  const store = counted.proxy;
  const config = { ...readConfig({ LOG_LEVEL: "silent" }), port: 0 };
  const logger = createLogger(config);
  const secret = randomBytes(24).toString("hex");
  const client = new WebexClient({ token: botPerson.token, baseUrl: emulator.url, logger });
  const me = await client.me();
  const cards = new CardService(new CardSigner(secret), store, clock);
  const delivery = outboxDelivery({ store, client, cards, clock, logger });
  const app = createUseCases({
    store,
    clock,
    defaultTimeZone: "UTC",
    cards,
    confirmations: createReplicaStore(db),
    // What the delivery worker does with each row a commit enqueued: claim it, send it.
    afterCommit: (_commit, result) =>
      phase.run("delivery", async () => {
        for (const id of result.outboxIds) await delivery.deliver(id, { leaseMs: 120_000, claimant: CLAIMANT });
      }),
  });
  const bot = createBot({ client, app, me, botAdmins: [], logger });
  const receiver = createReceiver({
    secret,
    selfId: me.id,
    logger,
    dedupe: (key, envelope) => store.recordWebhook(key, envelope, new Date()),
    prefetch: bot.prefetch,
    onHandled: (key) => store.markWebhookHandled(key, clock.now()),
    onEvent: (event) => bot.onEvent(event),
  });
  const url = (await receiver.listen({ port: 0, host: "127.0.0.1" })).replace("0.0.0.0", "127.0.0.1");
  await registerWebhooks(client, { publicUrl: url, secret, namePrefix: "trials-bot", logger });
  return receiver;
}

/** Drives Fiona's events in the room and measures what each costs. */
function eventDriver(world: World, counted: ReturnType<typeof countingStore>, receiver: { inFlight(): number }) {
  const { emulator, botPerson, fiona, room } = world;
  const botRequests = () => emulator.requestsBy(botPerson.id);
  const settle = async () => {
    let last = -1;
    for (;;) {
      await emulator.idle();
      await sleep(150);
      const n = botRequests().length;
      if (n === last && receiver.inFlight() === 0) return;
      last = n;
    }
  };
  const botMessages = () => emulator.messagesIn(room.id).filter((m) => m.personId === botPerson.id);
  const cardPosted = (after: number) =>
    waitFor(
      () =>
        botMessages()
          .slice(after)
          .find((m: Message) => (m.attachments?.length ?? 0) > 0),
      "a card from the bot",
    );
  const press = (m: Message, action: string, inputs: Record<string, unknown> = {}) => {
    const content = m.attachments?.[0]?.content as { actions?: { data?: Record<string, unknown> }[] } | undefined;
    const button = content?.actions?.find((a) => a.data?.action === action);
    if (!button) throw new Error(`call budget: no "${action}" button`);
    emulator.userSubmitsCard(fiona.id, m.id, { ...inputs, ...button.data });
  };
  const measure = async (act: () => void): Promise<EventCost> => {
    await settle();
    const before = botRequests().length;
    counted.start();
    act();
    await settle();
    const calls = counted.stop();
    const webexCalls = botRequests()
      .slice(before)
      .map((r) => `${r.method} ${(r.path.split("?")[0] ?? "").replace(/\/[A-Za-z0-9_=-]{20,}$/, "/:id")}`);
    const own = calls.filter((c) => c.phase !== "echo");
    return {
      store: own.length,
      delivery: own.filter((c) => c.phase === "delivery").length,
      echoes: calls.length - own.length,
      webex: webexCalls.length,
      storeCalls: calls.map((c) => (c.phase === "event" ? c.method : `${c.method} (${c.phase})`)),
      webexCalls,
    };
  };
  return { settle, botMessages, cardPosted, press, measure };
}

export async function measureCallBudget(): Promise<CallBudget> {
  const cleanups: Cleanup[] = [];
  try {
    const world = await seedWorld(cleanups);
    const { raw, emulator, botPerson, fiona, room } = world;
    const phase = new AsyncLocalStorage<string>();
    const counted = countingStore(raw, phase, () => botPerson.id);
    const receiver = await composeBot(world, counted, phase);
    cleanups.unshift(() => receiver.close());
    const { settle, botMessages, cardPosted, press, measure } = eventDriver(world, counted, receiver);

    // The menu card (trial show), then the edit card it opens: the card submit measured is its extend.
    let seen = botMessages().length;
    emulator.userSays(fiona.id, room.id, "trial show acme", { mentionBot: true });
    const menu = await cardPosted(seen);
    seen = botMessages().length;
    await settle();
    press(menu, "open_edit");
    const edit = await cardPosted(seen);
    const cardExtend = await measure(() => press(edit, "extend", { days: "25" }));
    const chatExtend = await measure(() => {
      emulator.userSays(fiona.id, room.id, "trial extend acme 30", { mentionBot: true });
    });
    // Both extended (12 Mar + 25 days, then + 30): a refusal would be cheaper and prove nothing.
    const end = (await raw.getTrial(world.trialId))?.endDate;
    if (end !== "2026-04-11")
      throw new Error(
        `call budget: the trial ends on ${end}, not as extended: ${botMessages()
          .map((m) => m.markdown ?? m.text)
          .join(" | ")}`,
      );
    return { cardExtend, chatExtend };
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  }
}

/** The call counts as Markdown lines for the bench report. */
export async function benchCallBudget(): Promise<string> {
  const { cardExtend: card, chatExtend: chat } = await measureCallBudget();
  return [
    "| event | store calls | of which outbox delivery | Webex calls | store calls of the echo webhooks (bot's own posts) |",
    "|---|---|---|---|---|",
    `| card submit: extend (budget 8 store, 4 Webex) | ${card.store} | ${card.delivery} | ${card.webex} | ${card.echoes} |`,
    `| chat \`trial extend\` (budget 6 store before delivery) | ${chat.store} | ${chat.delivery} | ${chat.webex} | ${chat.echoes} |`,
  ].join("\n");
}

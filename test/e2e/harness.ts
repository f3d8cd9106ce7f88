// End-to-end harness: the real bot (startBot) on a fresh PostgreSQL database and its own queues
// on Redis, talking over real HTTP to the Webex emulator, which delivers signed webhooks to the bot's receiver. Tests act as
// the humans through the emulator's helpers and read what the bot said back from the emulator.
import { randomBytes } from "node:crypto";
import { ManualClock } from "../../app/clock.ts";
import { readConfig } from "../../app/config.ts";
import { createLogger } from "../../app/logger.ts";
import type { Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { type RunningBot, startBot } from "../../boot/start-bot.ts";
import type { Message, Room, Person as WebexPerson } from "../../bot/webex/types.ts";
import type { Partner, Person as StoredPerson, Trial } from "../../domain/model.ts";
import type { PersonRole } from "../../domain/roles.ts";
import { startWebexEmulator, type WebexEmulator } from "../../emulator/index.ts";
import { applyMigrations } from "../../prisma/migrations-runner.ts";
import { createPgDatabase } from "../store/harness.ts";
import { deleteQueueKeys, TEST_REDIS_URL, testQueuePrefix } from "../support/queue-prefix.ts";

/** "Today" for every e2e test: the bot's ManualClock stands still here unless a test moves it. */
export const TODAY = new Date("2026-03-12T10:00:00Z");
/** When the seeded trial was started (so it has 20 days left today). */
export const SEEDED_AT = new Date("2026-03-02T10:00:00Z");

export const PARTNER: Partner = {
  id: "p-bright",
  name: "Bright Partners",
  tier: "tier1",
  timeZone: "UTC",
  emailDomains: ["bright.example"],
  webexOrgId: null,
};

export type EmulatedPerson = WebexPerson & { token: string };

export interface People {
  fullAdmin: EmulatedPerson;
  salesAdmin: EmulatedPerson;
  readOnly: EmulatedPerson;
  /** In the space, but not registered with the bot. */
  stranger: EmulatedPerson;
}

export interface E2E {
  emulator: WebexEmulator;
  bot: RunningBot;
  store: Store;
  clock: ManualClock;
  /** Use cases on the bot's store and clock, for seeding. */
  commands: TrialCommands;
  /** The bot's Webex account in the emulator. */
  botPerson: EmulatedPerson;
  people: People;
  /** The partner space: a group room linked to Bright Partners, the bot a member. */
  room: Room;
  /** The seeded active trial of Acme Corp (handle `acme`). */
  acme: Trial;
  /** The webhook secret the bot was started with. */
  secret: string;
  /** The test's own PostgreSQL database (dropped by close()). */
  databaseUrl: string;
  /** Stored person records, by emulator person. */
  stored(person: EmulatedPerson): Promise<StoredPerson>;
  /**
   * `person` @mentions the bot in the partner space with `text`; resolves with the bot's replies
   * in that thread once the bot has answered and gone quiet.
   */
  say(
    person: EmulatedPerson,
    text: string,
    options?: { roomId?: string; expectReplies?: number; files?: { name: string; content: string }[] },
  ): Promise<Message[]>;
  /** The bot's replies in the thread of this message. */
  repliesTo(messageId: string): Message[];
  /** Top-level messages the bot posted in a room (not thread replies). */
  botPostsIn(roomId: string): Message[];
  /** Starts a new-customer trial through the use cases (as the full admin). */
  startTrial(companyName: string): Promise<Trial>;
  /** Waits until the emulator has no delivery in flight and the bot made no Webex call for a while. */
  settle(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The reply as a person reads it (the bot writes markdown). */
export const textOf = (m: Pick<Message, "markdown" | "text">): string => m.markdown ?? m.text ?? "";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until fn returns a value other than null/undefined/false; fails after timeoutMs. */
export async function waitFor<T>(
  fn: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(15);
  }
}

type Cleanups = (() => Promise<void>)[];

/** The humans in the partner space, and the space itself. */
function addPeopleAndRoom(emulator: WebexEmulator, botPerson: EmulatedPerson): { people: People; room: Room } {
  const people: People = {
    fullAdmin: emulator.addPerson({ displayName: "Fiona Admin", email: "fiona@bright.example" }),
    salesAdmin: emulator.addPerson({ displayName: "Sam Sales", email: "sam@bright.example" }),
    readOnly: emulator.addPerson({ displayName: "Rita Reader", email: "rita@bright.example" }),
    stranger: emulator.addPerson({ displayName: "Stan Stranger", email: "stan@elsewhere.example" }),
  };
  // Made before the bot registers its webhooks, so no "added to a space" event fires for it.
  const room = emulator.createRoom({
    title: "Bright Partners trials",
    creatorId: people.fullAdmin.id,
    memberIds: [people.salesAdmin.id, people.readOnly.id, people.stranger.id, botPerson.id],
  });
  return { people, room };
}

async function startE2EBot(
  cleanups: Cleanups,
  emulator: WebexEmulator,
  botPerson: EmulatedPerson,
  databaseUrl: string,
): Promise<{ bot: RunningBot; clock: ManualClock; secret: string }> {
  // PORT=0 (any free port) is not a valid PORT for readConfig (1-65535), so it is set after.
  // The bot's own queues on the shared Redis: the same delivery path as production.
  const queuePrefix = testQueuePrefix("e2e");
  cleanups.push(() => deleteQueueKeys(queuePrefix));
  const env = { BOT_ADMINS: "admin@bright.example", LOG_LEVEL: "silent", REDIS_URL: TEST_REDIS_URL };
  const config = { ...readConfig({ ...env, QUEUE_PREFIX: queuePrefix }), port: 0 };
  const logger = createLogger(config);
  const clock = new ManualClock(SEEDED_AT);
  const secret = randomBytes(24).toString("hex");
  const bot = await startBot({
    config,
    logger,
    clock,
    webex: { token: botPerson.token, baseUrl: emulator.url, secret },
    database: { kind: "postgres", url: databaseUrl },
    host: "127.0.0.1",
  });
  cleanups.push(() => bot.stop());
  return { bot, clock, secret };
}

/** Seed: the partner, its people (registered by e-mail; the bot learns their Webex ids), the space. */
async function seedPartner(store: Store, people: People, room: Room): Promise<void> {
  await store.upsertPartner(PARTNER);
  const roles: [EmulatedPerson, PersonRole, string][] = [
    [people.fullAdmin, "full_admin", "pp-fiona"],
    [people.salesAdmin, "sales_admin", "pp-sam"],
    [people.readOnly, "read_only", "pp-rita"],
  ];
  for (const [p, role, id] of roles) {
    await store.upsertPerson({
      id,
      email: p.emails[0]!,
      webexPersonId: null,
      partnerId: PARTNER.id,
      role,
      language: "en",
    });
  }
  await store.linkSpace({ roomId: room.id, kind: "partner", partnerId: PARTNER.id });
}

function trialStarter(
  commands: TrialCommands,
  stored: (p: EmulatedPerson) => Promise<StoredPerson>,
  people: People,
): (companyName: string) => Promise<Trial> {
  return async (companyName) => {
    const outcome = await commands.startNewCustomer(
      { kind: "person", person: await stored(people.fullAdmin) },
      {
        companyName,
        adminEmail: `boss@${companyName.toLowerCase().replace(/[^a-z]+/g, "")}.example`,
        vertical: "Manufacturing",
        country: "US",
        locationAcknowledged: true,
        setup: { services: ["messaging", "calling"] },
      },
    );
    if (!outcome.ok) throw new Error(`seeding ${companyName}: ${outcome.refusal.code}`);
    return outcome.trial!;
  };
}

function settler(bot: RunningBot, emulator: WebexEmulator, botPerson: EmulatedPerson): E2E["settle"] {
  const botCalls = () => emulator.requestsBy(botPerson.id).length;
  return async (quietMs = 120) => {
    // The bot's timers and outbox jobs first (their messages are what the tests read), then Webex.
    // Not the rows backing off before a retry (an ops space this world never links).
    await bot.jobs.drained(15_000);
    const deadline = Date.now() + 15_000;
    let last = -1;
    let quietSince = Date.now();
    for (;;) {
      await emulator.idle();
      const now = botCalls();
      if (now !== last) {
        last = now;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= quietMs) {
        return;
      }
      if (Date.now() > deadline) throw new Error("the bot did not go quiet within 15 s");
      await sleep(10);
    }
  };
}

function sayer(emulator: WebexEmulator, room: Room, repliesTo: E2E["repliesTo"], settle: E2E["settle"]): E2E["say"] {
  return async (person, text, options = {}) => {
    const message = emulator.userSays(person.id, options.roomId ?? room.id, text, {
      mentionBot: true,
      ...(options.files ? { files: options.files } : {}),
    });
    await emulator.idle();
    // The receiver acknowledges first and handles the event afterwards: wait for the answer.
    const want = options.expectReplies ?? 1;
    if (want > 0)
      await waitFor(() => repliesTo(message.id).length >= want, `${want} reply(ies) to "${text.split("\n")[0]}"`);
    await settle();
    return repliesTo(message.id);
  };
}

export async function startE2E(): Promise<E2E> {
  const cleanups: Cleanups = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    const db = await createPgDatabase("trials_e2e");
    cleanups.push(() => db.drop());
    await applyMigrations({ kind: "postgres", url: db.url });

    const emulator = await startWebexEmulator();
    cleanups.push(() => emulator.close());
    const botPerson = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
    const { people, room } = addPeopleAndRoom(emulator, botPerson);
    const { bot, clock, secret } = await startE2EBot(cleanups, emulator, botPerson, db.url);
    const store = bot.store;
    const commands = new TrialCommands({ store, clock });
    await seedPartner(store, people, room);

    const stored = async (p: EmulatedPerson): Promise<StoredPerson> => {
      const found = await store.findPersonByEmail(p.emails[0]!);
      if (!found) throw new Error(`${p.emails[0]} is not registered`);
      return found;
    };
    const startTrial = trialStarter(commands, stored, people);

    const acme = await startTrial("Acme");
    clock.set(TODAY);
    // Deliver the seeding's outbox now (trial started, welcome mail), so tests see only their own.
    await bot.outbox.deliverPending();

    const settle = settler(bot, emulator, botPerson);
    const repliesTo = (messageId: string) =>
      emulator.messagesSentBy(botPerson.id).filter((m) => m.parentId === messageId);

    return {
      emulator,
      bot,
      store,
      clock,
      commands,
      botPerson,
      people,
      room,
      acme,
      secret,
      databaseUrl: db.url,
      stored,
      repliesTo,
      botPostsIn: (roomId) => emulator.messagesIn(roomId).filter((m) => m.personId === botPerson.id && !m.parentId),
      startTrial,
      say: sayer(emulator, room, repliesTo, settle),
      settle,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

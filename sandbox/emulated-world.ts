// The sandbox's Webex: the emulator with the bot, every persona and demo person (fixed e-mails
// and tokens), and the spaces. The emulator keeps nothing between runs, so this is built the same
// way on every start; ids are new each time, and attach() points the store at them again.
import type { Store } from "../app/store.ts";
import type { Room, Person as WebexPerson } from "../bot/webex/types.ts";
import { startWebexEmulator, type WebexEmulator } from "../emulator/index.ts";
import { BOT, EXTRAS, PERSONAS, type PersonaKey, SPACES, type SpaceKey } from "./cast.ts";

export interface SandboxWorld {
  emulator: WebexEmulator;
  bot: WebexPerson & { token: string };
  /** Emulator person of each persona. */
  personas: Record<PersonaKey, WebexPerson>;
  /** Emulator room of each space. */
  rooms: Record<SpaceKey, Room>;
  /** Token → persona: the tokens the page may act with. */
  personaTokens: Map<string, PersonaKey>;
}

export async function buildWorld(): Promise<SandboxWorld> {
  const emulator = await startWebexEmulator();
  const world = emulator.world;
  const bot = emulator.addBot({ displayName: BOT.displayName, email: BOT.email, token: BOT.token });
  const personas = {} as Record<PersonaKey, WebexPerson>;
  const personaTokens = new Map<string, PersonaKey>();
  for (const p of PERSONAS) {
    // The emulator's addPerson helper makes a random token; the world accepts a fixed one.
    personas[p.key] = world.addPerson({ displayName: p.displayName, email: p.email, token: p.token }).person;
    personaTokens.set(p.token, p.key);
  }
  for (const extra of EXTRAS) world.addPerson({ displayName: extra.displayName, email: extra.email });

  // Spaces exist before the bot registers its webhooks: no "added to a space" greeting on each start.
  const rooms = {} as Record<SpaceKey, Room>;
  for (const space of SPACES) {
    const members = PERSONAS.filter((p) => p.spaces.includes(space.key));
    const creator = members[0];
    if (!creator) throw new Error(`sandbox: space ${space.key} has no member`);
    rooms[space.key] = emulator.createRoom({
      title: space.title,
      creatorId: personas[creator.key].id,
      memberIds: [...members.slice(1).map((m) => personas[m.key].id), bot.id],
    });
  }
  return { emulator, bot, personas, rooms, personaTokens };
}

/**
 * Points the store at this run's emulator: links each space to its new room (the latest link
 * wins) and gives each registered persona its new Webex id (the bot identifies senders by it).
 */
export async function attachWorld(store: Store, world: SandboxWorld): Promise<void> {
  for (const space of SPACES) {
    const partnerId = space.partner ? ((await store.findPartnerByName(space.partner))?.id ?? null) : null;
    if (space.kind === "partner" && !partnerId) continue; // the partner was never created (or the store is not the sandbox's)
    await store.linkSpace({ roomId: world.rooms[space.key].id, kind: space.kind, partnerId });
  }
  for (const persona of PERSONAS) {
    const stored = await store.findPersonByEmail(persona.email);
    if (stored && stored.webexPersonId !== world.personas[persona.key].id) {
      await store.upsertPerson({ ...stored, webexPersonId: world.personas[persona.key].id });
    }
  }
}

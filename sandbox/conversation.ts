// The sandbox's conversation, kept in <dataDir>/conversation.json: the emulator forgets everything
// when it stops, and a restart must not empty every space. Messages keep their ids (the store's
// outbox rows name the cards it sent by them); rooms and people are written by what stays the
// same across runs (the space's key, e-mails) and mapped to this run's emulator ids on restore.
// Attached files are not kept (their content lives in the emulator only).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Message } from "../bot/webex/types.ts";
import { SPACES, type SpaceKey } from "./cast.ts";
import type { SandboxWorld } from "./emulated-world.ts";

export const CONVERSATION_FILE = "conversation.json";

type SavedMessage = Omit<Message, "roomId" | "personId" | "mentionedPeople" | "toPersonId" | "files"> & {
  room: { space: SpaceKey } | { direct: [string, string] };
  mentionedEmails: string[];
};

function emailOf(world: SandboxWorld, personId: string): string | null {
  try {
    return world.emulator.world.person(personId).emails[0] ?? null;
  } catch {
    return null;
  }
}

/** Writes every message of the emulator (atomically: a crash mid-write keeps the last file). */
export function saveConversation(dataDir: string, world: SandboxWorld): number {
  const spaceOf = new Map(SPACES.map((s) => [world.rooms[s.key].id, s.key]));
  const saved: SavedMessage[] = [];
  for (const m of world.emulator.world.messages.values()) {
    const space = spaceOf.get(m.roomId);
    let room: SavedMessage["room"] | null = space ? { space } : null;
    if (!room) {
      const emails = world.emulator.world
        .membersOf(m.roomId)
        .map((x) => emailOf(world, x.personId))
        .filter((e): e is string => e !== null);
      const [one, other] = emails;
      if (emails.length === 2 && one && other) room = { direct: [one, other] };
    }
    if (!room) continue;
    const { roomId: _r, personId: _p, mentionedPeople, toPersonId: _t, files: _f, ...rest } = m;
    saved.push({
      ...rest,
      room,
      mentionedEmails: (mentionedPeople ?? []).map((id) => emailOf(world, id)).filter((e): e is string => e !== null),
    });
  }
  const path = join(dataDir, CONVERSATION_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify({ version: 1, messages: saved }));
  renameSync(`${path}.tmp`, path);
  return saved.length;
}

/** Puts the saved messages back into this run's emulator (no webhook events: the bot saw them already). */
export function restoreConversation(dataDir: string, world: SandboxWorld): number {
  const path = join(dataDir, CONVERSATION_FILE);
  if (!existsSync(path)) return 0;
  let saved: SavedMessage[];
  try {
    saved = (JSON.parse(readFileSync(path, "utf8")) as { messages: SavedMessage[] }).messages ?? [];
  } catch {
    return 0; // unreadable: start with empty spaces rather than not at all
  }
  const w = world.emulator.world;
  const idOf = (email: string) => w.personByEmail(email)?.id ?? null;
  let restored = 0;
  for (const s of saved) {
    const personId = idOf(s.personEmail);
    if (!personId) continue;
    let roomId: string | null = null;
    if ("space" in s.room) roomId = world.rooms[s.room.space]?.id ?? null;
    else {
      const [a, b] = s.room.direct.map(idOf);
      if (a && b) roomId = w.directRoom(a, b).id;
    }
    if (!roomId) continue;
    const { room: _room, mentionedEmails, ...rest } = s;
    const mentioned = mentionedEmails.map(idOf).filter((id): id is string => id !== null);
    const message: Message = { ...rest, roomId, personId, ...(mentioned.length ? { mentionedPeople: mentioned } : {}) };
    w.messages.set(message.id, message);
    restored++;
  }
  return restored;
}

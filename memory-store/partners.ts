// Partners, people and spaces in memory.
import type { PartnerStore } from "../app/ports/partners.ts";
import type { PeopleStore } from "../app/ports/people.ts";
import type { SpaceStore } from "../app/ports/spaces.ts";
import type { Partner, Person } from "../domain/model.ts";
import { foreignKeyViolation, uniqueViolation } from "./errors.ts";
import type { MemoryState } from "./state.ts";
import { compareBy, copy, sameText } from "./values.ts";

const byName = compareBy<Partner>(
  (p) => p.name,
  (p) => p.id,
);
const byEmail = compareBy<Person>((p) => p.email);

/** Rows that name a partner need it to exist (the tables' foreign keys). */
export function requirePartner(state: MemoryState, partnerId: string | null, what: string): void {
  if (partnerId !== null && !state.tables.partners.has(partnerId)) {
    throw foreignKeyViolation(`${what} → partner ${partnerId}`);
  }
}

export function memoryPartners(state: MemoryState): PartnerStore {
  const { partners } = state.tables;
  return {
    async upsertPartner(partner) {
      state.put(partners, partner.id, copy(partner));
    },
    async getPartner(id) {
      const p = partners.get(id);
      return p ? copy(p) : null;
    },
    async findPartnerByName(name) {
      const wanted = name.trim();
      const found = [...partners.values()].filter((p) => sameText(p.name, wanted)).sort(compareBy((p) => p.id));
      return found[0] ? copy(found[0]) : null;
    },
    async listPartners() {
      return [...partners.values()].sort(byName).map(copy);
    },
  };
}

function writePerson(state: MemoryState, person: Person): void {
  const { people } = state.tables;
  requirePartner(state, person.partnerId, `person ${person.email}`);
  for (const other of people.values()) {
    if (other.email === person.email) continue;
    if (other.id === person.id) throw uniqueViolation(`people.id ${person.id}`);
    if (person.webexPersonId !== null && other.webexPersonId === person.webexPersonId) {
      throw uniqueViolation(`people.webex_person_id ${person.webexPersonId}`);
    }
  }
  state.put(people, person.email, copy(person));
}

export function memoryPeople(state: MemoryState): PeopleStore {
  const { people } = state.tables;
  const list = (keep: (p: Person) => boolean) => [...people.values()].filter(keep).sort(byEmail).map(copy);
  return {
    async upsertPerson(person) {
      // The e-mail is a person's identity (see the Prisma store): re-registering replaces the row.
      writePerson(state, person);
    },
    async removePerson(email) {
      return state.remove(people, email);
    },
    async findPersonByEmail(email) {
      const p = people.get(email);
      return p ? copy(p) : null;
    },
    async findSenderByWebexId(webexPersonId) {
      const p = [...people.values()].find((x) => x.webexPersonId === webexPersonId);
      if (!p) return null;
      const partner = p.partnerId === null ? undefined : state.tables.partners.get(p.partnerId);
      return { person: copy(p), partner: partner ? copy(partner) : null };
    },
    async listPartnerPeople(partnerId) {
      return list((p) => p.partnerId === partnerId);
    },
    async listOpsPeople() {
      return list((p) => p.role === "ops");
    },
    async setPersonLanguage(email, language) {
      const p = people.get(email);
      if (p) state.put(people, email, { ...p, language });
    },
  };
}

export function memorySpaces(state: MemoryState): SpaceStore {
  const { spaces, people } = state.tables;
  const spaceFor: SpaceStore["spaceFor"] = async (kind, partnerId) => {
    // The most recently linked space wins; the partner is matched exactly (null: the ops space).
    const found = [...spaces.values()]
      .filter((s) => s.kind === kind && s.partnerId === partnerId)
      .sort(
        compareBy(
          (s) => -s.linkedAt,
          (s) => s.roomId,
        ),
      );
    const s = found[0];
    return s ? { roomId: s.roomId, kind: s.kind, partnerId: s.partnerId } : null;
  };
  return {
    async linkSpace(space) {
      requirePartner(state, space.partnerId, `space ${space.roomId}`);
      const { roomId, kind, partnerId } = space;
      state.put(spaces, roomId, { roomId, kind, partnerId, linkedAt: Date.now() });
    },
    async findSpace(roomId) {
      const s = spaces.get(roomId);
      return s ? { roomId: s.roomId, kind: s.kind, partnerId: s.partnerId } : null;
    },
    spaceFor,
    async spaceWithPeople(kind, partnerId) {
      const space = await spaceFor(kind, partnerId);
      if (!space) return null;
      const theirs = (p: Person) => (partnerId === null ? p.role === "ops" : p.partnerId === partnerId);
      return { space, people: [...people.values()].filter(theirs).sort(byEmail).map(copy) };
    },
  };
}

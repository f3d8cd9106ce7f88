// Partners, people and spaces on Prisma.
import type { PartnerStore } from "../../app/ports/partners.ts";
import type { PeopleStore } from "../../app/ports/people.ts";
import type { SpaceStore } from "../../app/ports/spaces.ts";
import { lookupBatcher } from "../batched-statements.ts";
import {
  type PartnerSqlRow,
  type PersonSqlRow,
  partnerFromRow,
  partnerFromSqlRow,
  partnerToRow,
  personFromRow,
  personFromSqlRow,
  personToRow,
  spaceFromRow,
} from "../mapping.ts";
import { literal, type PrismaContext } from "./context.ts";

export function prismaPartners({ prisma, sql }: PrismaContext): PartnerStore {
  // Read on most commands (who is asking, for whom): grouped plain SQL, see ../batched-statements.ts.
  const partnerById = lookupBatcher<PartnerSqlRow>(
    sql,
    "trials_partners_by_id",
    "SELECT id, name, tier, time_zone, email_domains, webex_org_id FROM partners WHERE id = ANY($1::text[])",
    "id",
  );
  return {
    async upsertPartner(partner) {
      const { id, ...rest } = partnerToRow(partner);
      await prisma.partner.upsert({ where: { id }, create: { id, ...rest }, update: rest });
    },
    async getPartner(id) {
      return partnerById.load(id).then((row) => (row ? partnerFromSqlRow(row) : null));
    },
    async findPartnerByName(name) {
      const row = await prisma.partner.findFirst({
        where: { name: { equals: literal(name.trim()), mode: "insensitive" } },
        orderBy: { id: "asc" },
      });
      return row ? partnerFromRow(row) : null;
    },
    async listPartners() {
      return (await prisma.partner.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] })).map(partnerFromRow);
    },
  };
}

export function prismaPeople({ prisma, sql }: PrismaContext): PeopleStore {
  // Read on every message and card submit: grouped plain SQL, see ../batched-statements.ts.
  const personByWebexId = lookupBatcher<PersonSqlRow>(
    sql,
    "trials_people_by_webex_id",
    "SELECT id, email, webex_person_id, partner_id, role, language FROM people WHERE webex_person_id = ANY($1::text[])",
    "webex_person_id",
  );
  return {
    async upsertPerson(person) {
      // The e-mail is a person's identity here (people are looked up, removed and re-registered
      // by e-mail); nothing references a person's id, so re-registering may give a new one.
      const row = personToRow(person);
      await prisma.person.upsert({ where: { email: row.email }, create: row, update: row });
    },
    async removePerson(email) {
      const { count } = await prisma.person.deleteMany({ where: { email } });
      return count > 0;
    },
    async findPersonByEmail(email) {
      const row = await prisma.person.findUnique({ where: { email } });
      return row ? personFromRow(row) : null;
    },
    async findPersonByWebexId(webexPersonId) {
      return personByWebexId.load(webexPersonId).then((row) => (row ? personFromSqlRow(row) : null));
    },
    async listPartnerPeople(partnerId) {
      return (await prisma.person.findMany({ where: { partnerId }, orderBy: { email: "asc" } })).map(personFromRow);
    },
    async listOpsPeople() {
      return (await prisma.person.findMany({ where: { role: "ops" }, orderBy: { email: "asc" } })).map(personFromRow);
    },
    async setPersonLanguage(email, language) {
      await prisma.person.updateMany({ where: { email }, data: { language } });
    },
  };
}

export function prismaSpaces({ prisma }: PrismaContext): SpaceStore {
  return {
    async linkSpace(space) {
      const data = { kind: space.kind, partnerId: space.partnerId, linkedAt: new Date() };
      await prisma.space.upsert({
        where: { roomId: space.roomId },
        create: { roomId: space.roomId, ...data },
        update: data,
      });
    },
    async findSpace(roomId) {
      const row = await prisma.space.findUnique({ where: { roomId } });
      return row ? spaceFromRow(row) : null;
    },
    async spaceFor(kind, partnerId) {
      // The most recently linked space wins when a partner linked several. The partner is
      // always matched exactly: null is the trials team's ops space, never a partner's.
      const row = await prisma.space.findFirst({
        where: { kind, partnerId },
        orderBy: [{ linkedAt: "desc" }, { roomId: "asc" }],
      });
      return row ? spaceFromRow(row) : null;
    },
  };
}

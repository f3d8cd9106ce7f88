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

const PERSON_COLUMNS = "id, email, webex_person_id, partner_id, role, language";

/** A person's row with their partner's (p_id null for ops), as the sender lookup reads them. */
type SenderSqlRow = PersonSqlRow &
  Omit<PartnerSqlRow, "id" | "time_zone"> & { p_id: string | null; p_time_zone: string };

export function prismaPeople({ prisma, sql }: PrismaContext): PeopleStore {
  // Read on every message and card submit: grouped plain SQL, see ../batched-statements.ts.
  const senderByWebexId = lookupBatcher<SenderSqlRow>(
    sql,
    "trials_senders_by_webex_id",
    `SELECT ${PERSON_COLUMNS.split(", ")
      .map((c) => `pe.${c}`)
      .join(", ")}, pa.id AS p_id, pa.name, pa.tier, pa.time_zone AS p_time_zone, pa.email_domains, pa.webex_org_id
       FROM people pe LEFT JOIN partners pa ON pa.id = pe.partner_id
      WHERE pe.webex_person_id = ANY($1::text[])`,
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
      // Read for every message the outbox sends to a person: plain SQL (see ../sql.ts).
      const { rows } = await sql.query<PersonSqlRow>(
        "trials_person_by_email",
        `SELECT ${PERSON_COLUMNS} FROM people WHERE email = $1`,
        [email],
      );
      return rows[0] ? personFromSqlRow(rows[0]) : null;
    },
    async findSenderByWebexId(webexPersonId) {
      const row = await senderByWebexId.load(webexPersonId);
      if (!row) return null;
      return {
        person: personFromSqlRow(row),
        partner: row.p_id === null ? null : partnerFromSqlRow({ ...row, id: row.p_id, time_zone: row.p_time_zone }),
      };
    },
    // A space's language is its people's: read for every message the outbox sends to a space.
    async listPartnerPeople(partnerId) {
      const { rows } = await sql.query<PersonSqlRow>(
        "trials_people_of_partner",
        `SELECT ${PERSON_COLUMNS} FROM people WHERE partner_id = $1 ORDER BY email`,
        [partnerId],
      );
      return rows.map(personFromSqlRow);
    },
    async listOpsPeople() {
      const { rows } = await sql.query<PersonSqlRow>(
        "trials_ops_people",
        `SELECT ${PERSON_COLUMNS} FROM people WHERE role = 'ops' ORDER BY email`,
        [],
      );
      return rows.map(personFromSqlRow);
    },
    async setPersonLanguage(email, language) {
      await prisma.person.updateMany({ where: { email }, data: { language } });
    },
  };
}

export function prismaSpaces({ prisma, sql }: PrismaContext): SpaceStore {
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
      // Read for every message the outbox sends to a space: plain SQL (see ../sql.ts).
      const { rows } = await sql.query<{ room_id: string; kind: string; partner_id: string | null }>(
        "trials_space_for",
        `SELECT room_id, kind, partner_id FROM spaces
          WHERE kind = $1 AND partner_id IS NOT DISTINCT FROM $2::text
          ORDER BY linked_at DESC, room_id ASC LIMIT 1`,
        [kind, partnerId],
      );
      const row = rows[0];
      return row ? spaceFromRow({ roomId: row.room_id, kind: row.kind, partnerId: row.partner_id }) : null;
    },
  };
}

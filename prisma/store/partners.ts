// Partners, people and spaces on Prisma.
import type { PartnerStore } from "../../app/ports/partners.ts";
import type { PeopleStore } from "../../app/ports/people.ts";
import type { SpaceStore } from "../../app/ports/spaces.ts";
import { lookupBatcher } from "../batched-statements.ts";
import type { Partner as PartnerRow, Person as PersonRow } from "../generated/client.ts";
import { partnerFromRow, partnerToRow, personFromRow, personToRow, spaceFromRow } from "../mapping.ts";
import { fieldsOf, PARTNERS, PEOPLE, selectColumns } from "../sql-rows.ts";
import { literal, type PrismaContext } from "./context.ts";

type SqlRow = Record<string, unknown>;
const personOf = (row: SqlRow, prefix = "") => personFromRow(fieldsOf<PersonRow>(PEOPLE, row, prefix));
const partnerOf = (row: SqlRow, prefix = "") => partnerFromRow(fieldsOf<PartnerRow>(PARTNERS, row, prefix));

export function prismaPartners({ prisma, sql }: PrismaContext): PartnerStore {
  // Read on most commands (who is asking, for whom): grouped plain SQL, see ../batched-statements.ts.
  const partnerById = lookupBatcher<SqlRow>(
    sql,
    "trials_partners_by_id",
    `SELECT ${selectColumns(PARTNERS, "pa")} FROM partners pa WHERE pa.id = ANY($1::text[])`,
    "id",
  );
  return {
    async upsertPartner(partner) {
      const { id, ...rest } = partnerToRow(partner);
      await prisma.partner.upsert({ where: { id }, create: { id, ...rest }, update: rest });
    },
    async getPartner(id) {
      return partnerById.load(id).then((row) => (row ? partnerOf(row) : null));
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

const PERSON_COLUMNS = selectColumns(PEOPLE, "pe");

export function prismaPeople({ prisma, sql }: PrismaContext): PeopleStore {
  // Read on every message and card submit: grouped plain SQL, see ../batched-statements.ts.
  const senderByWebexId = lookupBatcher<SqlRow>(
    sql,
    "trials_senders_by_webex_id",
    `SELECT ${PERSON_COLUMNS}, ${selectColumns(PARTNERS, "pa", "pa_")}
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
      const { rows } = await sql.query<SqlRow>(
        "trials_person_by_email",
        `SELECT ${PERSON_COLUMNS} FROM people pe WHERE pe.email = $1`,
        [email],
      );
      return rows[0] ? personOf(rows[0]) : null;
    },
    async findSenderByWebexId(webexPersonId) {
      const row = await senderByWebexId.load(webexPersonId);
      if (!row) return null;
      return {
        person: personOf(row),
        partner: row.pa_id == null ? null : partnerOf(row, "pa_"),
      };
    },
    // A space's language is its people's: read for every message the outbox sends to a space.
    async listPartnerPeople(partnerId) {
      const { rows } = await sql.query<SqlRow>(
        "trials_people_of_partner",
        `SELECT ${PERSON_COLUMNS} FROM people pe WHERE pe.partner_id = $1 ORDER BY pe.email`,
        [partnerId],
      );
      return rows.map((r) => personOf(r));
    },
    async listOpsPeople() {
      const { rows } = await sql.query<SqlRow>(
        "trials_ops_people",
        `SELECT ${PERSON_COLUMNS} FROM people pe WHERE pe.role = 'ops' ORDER BY pe.email`,
        [],
      );
      return rows.map((r) => personOf(r));
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

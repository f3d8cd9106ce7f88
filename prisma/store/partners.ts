// Partners, people and spaces on Prisma.
import type { PartnerStore } from "../../app/ports/partners.ts";
import type { PeopleStore } from "../../app/ports/people.ts";
import type { SpaceAudience, SpaceKind, SpaceStore } from "../../app/ports/spaces.ts";
import { batcher, lookupBatcher, senderBatcher } from "../batched-statements.ts";
import type { Partner as PartnerRow, Person as PersonRow } from "../generated/client.ts";
import { partnerFromRow, partnerToRow, personFromRow, personToRow, spaceFromRow } from "../mapping.ts";
import type { Sql } from "../sql.ts";
import { rowReader, rowsJson } from "../sql-json.ts";
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
  // Read on every message and card submit, in the statement that records the webhooks of the
  // same moment: see ../batched-statements.ts.
  const senderByWebexId = senderBatcher(sql);
  // Read for every message the outbox sends to a person, several at once when the rows of a
  // commit are delivered together: grouped too.
  const personByEmail = lookupBatcher<SqlRow>(
    sql,
    "trials_people_by_email",
    `SELECT ${PERSON_COLUMNS} FROM people pe WHERE pe.email = ANY($1::text[])`,
    "email",
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
      const row = await personByEmail.load(email);
      return row ? personOf(row) : null;
    },
    async findSenderByWebexId(webexPersonId) {
      const row = await senderByWebexId.load(webexPersonId);
      if (!row) return null;
      return {
        person: personOf(row),
        partner: row.pa_id == null ? null : partnerOf(row, "pa_"),
      };
    },
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

interface SpaceRequest {
  kind: SpaceKind;
  partnerId: string | null;
}

// spaceFor's space for each request (its statement, as a lateral subquery) with the people whose
// language the space is written in, as listPartnerPeople and listOpsPeople read them.
const SPACES_WITH_PEOPLE = `SELECT k.ord::integer AS ord, s.room_id, s.kind, s.partner_id,
    ${rowsJson(PEOPLE, "pe", "CASE WHEN k.partner_id IS NULL THEN pe.role = 'ops' ELSE pe.partner_id = k.partner_id END", "pe.email")}::text AS people
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(kind, partner_id, ord)
  CROSS JOIN LATERAL (
    SELECT sp.room_id, sp.kind, sp.partner_id FROM spaces sp
     WHERE sp.kind = k.kind AND sp.partner_id IS NOT DISTINCT FROM k.partner_id
     ORDER BY sp.linked_at DESC, sp.room_id ASC LIMIT 1) s`;

const personRow = rowReader<PersonRow>(PEOPLE);

type SpaceWithPeopleRow = { ord: number; room_id: string; kind: string; partner_id: string | null; people: string };

function spacesWithPeople(sql: Sql) {
  return batcher<SpaceRequest, SpaceAudience | null>(async (requests) => {
    const { rows } = await sql.query<SpaceWithPeopleRow>("trials_spaces_with_people", SPACES_WITH_PEOPLE, [
      requests.map((r) => r.kind),
      requests.map((r) => r.partnerId),
    ]);
    const byOrd = new Map(rows.map((row) => [row.ord, row]));
    return requests.map((_, i) => {
      const row = byOrd.get(i + 1);
      if (!row) return null;
      return {
        space: spaceFromRow({ roomId: row.room_id, kind: row.kind, partnerId: row.partner_id }),
        people: (JSON.parse(row.people) as unknown[][]).map((p) => personFromRow(personRow(p))),
      };
    });
  });
}

export function prismaSpaces({ prisma, sql }: PrismaContext): SpaceStore {
  // Every message sent to a space reads the space and its people: one statement for both, grouped
  // with the others of the same moment (../batched-statements.ts).
  const withPeople = spacesWithPeople(sql);
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
    spaceWithPeople: (kind, partnerId) => withPeople.load({ kind, partnerId }),
  };
}

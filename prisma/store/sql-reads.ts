// The reads most commands and every card submit make, each one plain-SQL statement (../sql.ts)
// returning one JSON text (../sql-json.ts): a trial; a trial with its customer, partner, the
// partner's people and its devices; a customer with its admins and managing partners. Measured
// here on PostgreSQL (CPU of the bot process per read; a trial with two devices, a customer with
// two admins): trialFacts 2.4 ms through Prisma's client with its includes, 0.17 ms as one
// statement; a customer 0.8 ms and 0.08 ms; a trial 0.55 ms and 0.08 ms. Ordered as the Prisma
// reads were: lists by position, people by e-mail, devices by shipping time then id.
import type { TrialFacts } from "../../app/ports/trials.ts";
import type { Customer, Trial } from "../../domain/model.ts";
import { lookupBatcher } from "../batched-statements.ts";
import type {
  CustomerAdmin as CustomerAdminRow,
  Customer as CustomerRow,
  DeviceUnit as DeviceRow,
  ManagingPartner as ManagingPartnerRow,
  Partner as PartnerRow,
  Person as PersonRow,
  Trial as TrialRow,
} from "../generated/client.ts";
import { customerFromRow, deviceFromRow, partnerFromRow, personFromRow, trialFromRow } from "../mapping.ts";
import type { Sql, SqlQuery } from "../sql.ts";
import { rowJson, rowReader, rowsJson } from "../sql-json.ts";
import { CUSTOMER_ADMINS, CUSTOMERS, DEVICE_UNITS, MANAGING_PARTNERS, PARTNERS, PEOPLE, TRIALS } from "../sql-rows.ts";

const trialRow = rowReader<TrialRow>(TRIALS);
const customerRow = rowReader<CustomerRow>(CUSTOMERS);
const adminRow = rowReader<CustomerAdminRow>(CUSTOMER_ADMINS);
const managingRow = rowReader<ManagingPartnerRow>(MANAGING_PARTNERS);
const partnerRow = rowReader<PartnerRow>(PARTNERS);
const personRow = rowReader<PersonRow>(PEOPLE);
const deviceRow = rowReader<DeviceRow>(DEVICE_UNITS);

type Values = readonly unknown[];

/** A customer `c` with its lists: three JSON values, read back by `customerFromJson`. */
const CUSTOMER_JSON = [
  rowJson(CUSTOMERS, "c"),
  rowsJson(CUSTOMER_ADMINS, "a", "a.customer_id = c.id", "a.position"),
  rowsJson(MANAGING_PARTNERS, "m", "m.customer_id = c.id", "m.position"),
].join(", ");

function customerFromJson([customer, admins, managing]: readonly [Values, Values[], Values[]]): Customer {
  return customerFromRow({
    ...customerRow(customer),
    admins: admins.map(adminRow),
    managingPartners: managing.map(managingRow),
  });
}

/** The one value of a one-column, at-most-one-row result, parsed; null when there is no row. */
async function readJson<T>(sql: SqlQuery, name: string, text: string, key: string): Promise<T | null> {
  const { rows } = await sql.query<{ json: string }>(name, text, [key]);
  const [row] = rows;
  return row ? (JSON.parse(row.json) as T) : null;
}

const TRIAL = `SELECT ${rowJson(TRIALS, "t")}::text AS json FROM trials t WHERE t.id = $1::text`;

export async function readTrial(sql: SqlQuery, id: string): Promise<Trial | null> {
  const values = await readJson<Values>(sql, "trials_trial_by_id", TRIAL, id);
  return values ? trialFromRow(trialRow(values)) : null;
}

const factsSql = (
  where: string,
) => `SELECT t.id AS key, json_build_array(${rowJson(TRIALS, "t")}, ${CUSTOMER_JSON}, ${rowJson(PARTNERS, "p")},
  ${rowsJson(PEOPLE, "u", "u.partner_id = p.id", "u.email")},
  ${rowsJson(DEVICE_UNITS, "d", "d.trial_id = t.id", "d.shipped_at, d.id")})::text AS json
FROM trials t JOIN customers c ON c.id = t.customer_id JOIN partners p ON p.id = t.partner_id
WHERE ${where}`;
const FACTS = factsSql("t.id = $1::text");
const FACTS_OF_MANY = factsSql("t.id = ANY($1::text[])");

type FactsJson = [Values, Values, Values[], Values[], Values, Values[], Values[]];

function factsFromJson([trial, customer, admins, managing, partner, people, devices]: FactsJson): TrialFacts {
  return {
    trial: trialFromRow(trialRow(trial)),
    customer: customerFromJson([customer, admins, managing]),
    partner: partnerFromRow(partnerRow(partner)),
    partnerPeople: people.map((p) => personFromRow(personRow(p))),
    devices: devices.map((d) => deviceFromRow(deviceRow(d))),
  };
}

export async function readTrialFacts(sql: SqlQuery, id: string): Promise<TrialFacts | null> {
  const json = await readJson<FactsJson>(sql, "trials_trial_facts", FACTS, id);
  return json ? factsFromJson(json) : null;
}

/**
 * readTrialFacts, the reads of one moment in one statement (../batched-statements.ts): a burst of
 * card submits reads their trials together.
 */
export function trialFactsReader(sql: Sql): (id: string) => Promise<TrialFacts | null> {
  const facts = lookupBatcher<{ key: string; json: string }>(sql, "trials_trial_facts_of_many", FACTS_OF_MANY, "key");
  return async (id) => {
    const row = await facts.load(id);
    return row ? factsFromJson(JSON.parse(row.json) as FactsJson) : null;
  };
}

const customerBy = (column: "id" | "handle") =>
  `SELECT json_build_array(${CUSTOMER_JSON})::text AS json FROM customers c WHERE c.${column} = $1::text`;
const CUSTOMER_BY_ID = customerBy("id");
const CUSTOMER_BY_HANDLE = customerBy("handle");

export async function readCustomer(sql: SqlQuery, by: "id" | "handle", key: string): Promise<Customer | null> {
  const json =
    by === "id"
      ? await readJson<[Values, Values[], Values[]]>(sql, "trials_customer_by_id", CUSTOMER_BY_ID, key)
      : await readJson<[Values, Values[], Values[]]>(sql, "trials_customer_by_handle", CUSTOMER_BY_HANDLE, key);
  return json ? customerFromJson(json) : null;
}

// Customers on Prisma: a customer row with its admins and managing partners in stored order;
// written as plain SQL (../sql.ts), as `commit` writes them.
import type { CustomerStore } from "../../app/ports/customers.ts";
import type { Customer } from "../../domain/model.ts";
import type { Prisma } from "../generated/client.ts";
import {
  customerAdminRows,
  customerFromRow,
  customerInclude,
  customerToRow,
  managingPartnerRows,
  trialFromRow,
} from "../mapping.ts";
import type { SqlQuery } from "../sql.ts";
import {
  CUSTOMER_ADMINS,
  CUSTOMERS,
  columnArrays,
  insertRowSql,
  insertRowsSql,
  MANAGING_PARTNERS,
  onConflictUpdate,
  rowValues,
} from "../sql-rows.ts";
import { literal, type PrismaContext } from "./context.ts";
import { readCustomer } from "./sql-reads.ts";

const BY_NAME = [{ name: "asc" as const }, { id: "asc" as const }];

const UPSERT_CUSTOMER = insertRowSql(CUSTOMERS, onConflictUpdate(CUSTOMERS, ["id"]));
const DELETE_ADMINS = "DELETE FROM customer_admins WHERE customer_id = $1::text";
const INSERT_ADMINS = insertRowsSql(CUSTOMER_ADMINS);
const DELETE_MANAGING = "DELETE FROM managing_partners WHERE customer_id = $1::text";
const INSERT_MANAGING = insertRowsSql(MANAGING_PARTNERS);

/** Creates or replaces a customer; its lists are replaced, not merged. */
export async function writeCustomer(tx: SqlQuery, customer: Customer): Promise<void> {
  const row = customerToRow(customer);
  await tx.query("trials_customer_upsert", UPSERT_CUSTOMER, rowValues(CUSTOMERS, row));
  await tx.query("trials_customer_admins_delete", DELETE_ADMINS, [row.id]);
  const admins = customerAdminRows(customer);
  if (admins.length > 0) {
    await tx.query("trials_customer_admins_insert", INSERT_ADMINS, columnArrays(CUSTOMER_ADMINS, admins));
  }
  await tx.query("trials_managing_partners_delete", DELETE_MANAGING, [row.id]);
  const partners = managingPartnerRows(customer);
  if (partners.length > 0) {
    await tx.query("trials_managing_partners_insert", INSERT_MANAGING, columnArrays(MANAGING_PARTNERS, partners));
  }
}

const UNLINK_PARTNERS = "DELETE FROM managing_partners WHERE customer_id = $1::text AND partner_id = ANY($2::text[])";

/** Removes partners from the managing partners of a customer. */
export async function unlinkPartners(tx: SqlQuery, customerId: string, partnerIds: readonly string[]): Promise<void> {
  if (partnerIds.length > 0)
    await tx.query("trials_managing_partners_unlink", UNLINK_PARTNERS, [customerId, partnerIds]);
}

/** Customers whose name or handle contains the text; names are not patterns (LIKE's wildcards matched literally). */
function customerTextMatch(text: string): Prisma.CustomerWhereInput {
  const t = literal(text.trim());
  return { OR: [{ name: { contains: t, mode: "insensitive" } }, { handle: { contains: t, mode: "insensitive" } }] };
}

export function prismaCustomers({ prisma, sql, txOptions }: PrismaContext): CustomerStore {
  return {
    async upsertCustomer(customer) {
      await sql.transaction((tx) => writeCustomer(tx, customer), txOptions);
    },
    // getCustomer and findCustomerByHandle: read by most commands, one plain-SQL statement each (sql-reads.ts).
    getCustomer(id) {
      return readCustomer(sql, "id", id);
    },
    async getCustomers(ids) {
      if (ids.length === 0) return [];
      const rows = await prisma.customer.findMany({
        where: { id: { in: [...new Set(ids)] } },
        include: customerInclude,
      });
      return rows.map(customerFromRow);
    },
    findCustomerByHandle(handle) {
      return readCustomer(sql, "handle", handle);
    },
    async searchCustomers(text) {
      const rows = await prisma.customer.findMany({
        where: customerTextMatch(text),
        include: customerInclude,
        orderBy: BY_NAME,
      });
      return rows.map(customerFromRow);
    },
    async searchCustomersWithTrials(text) {
      const rows = await prisma.customer.findMany({
        where: customerTextMatch(text),
        include: { ...customerInclude, trials: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
        orderBy: BY_NAME,
      });
      return rows.map((r) => ({ customer: customerFromRow(r), trials: r.trials.map(trialFromRow) }));
    },
    async listCustomers() {
      const rows = await prisma.customer.findMany({ include: customerInclude, orderBy: BY_NAME });
      return rows.map(customerFromRow);
    },
    async customersAdministeredBy(email) {
      const rows = await prisma.customer.findMany({
        where: { admins: { some: { email } } },
        include: customerInclude,
        orderBy: BY_NAME,
      });
      return rows.map(customerFromRow);
    },
  };
}

// Customers on Prisma: a customer row with its admins and managing partners in stored order.
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
import { literal, type PrismaContext, type Tx } from "./context.ts";

const BY_NAME = [{ name: "asc" as const }, { id: "asc" as const }];

/** Creates or replaces a customer; its lists are replaced, not merged. */
export async function writeCustomer(tx: Tx, customer: Customer): Promise<void> {
  const { id, ...rest } = customerToRow(customer);
  await tx.customer.upsert({ where: { id }, create: { id, ...rest }, update: rest });
  await tx.customerAdmin.deleteMany({ where: { customerId: id } });
  const admins = customerAdminRows(customer);
  if (admins.length > 0) await tx.customerAdmin.createMany({ data: admins });
  await tx.managingPartner.deleteMany({ where: { customerId: id } });
  const partners = managingPartnerRows(customer);
  if (partners.length > 0) await tx.managingPartner.createMany({ data: partners });
}

/** Customers whose name or handle contains the text; names are not patterns (LIKE's wildcards matched literally). */
function customerTextMatch(text: string): Prisma.CustomerWhereInput {
  const t = literal(text.trim());
  return { OR: [{ name: { contains: t, mode: "insensitive" } }, { handle: { contains: t, mode: "insensitive" } }] };
}

export function prismaCustomers({ prisma, txOptions }: PrismaContext): CustomerStore {
  return {
    async upsertCustomer(customer) {
      await prisma.$transaction((tx) => writeCustomer(tx, customer), txOptions);
    },
    async getCustomer(id) {
      const row = await prisma.customer.findUnique({ where: { id }, include: customerInclude });
      return row ? customerFromRow(row) : null;
    },
    async getCustomers(ids) {
      if (ids.length === 0) return [];
      const rows = await prisma.customer.findMany({
        where: { id: { in: [...new Set(ids)] } },
        include: customerInclude,
      });
      return rows.map(customerFromRow);
    },
    async findCustomerByHandle(handle) {
      const row = await prisma.customer.findUnique({ where: { handle }, include: customerInclude });
      return row ? customerFromRow(row) : null;
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

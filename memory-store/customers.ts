// Customers in memory: a customer is stored whole, its lists in order.
import type { CustomerStore } from "../app/ports/customers.ts";
import type { Customer } from "../domain/model.ts";
import { uniqueViolation } from "./errors.ts";
import { requirePartner } from "./partners.ts";
import type { MemoryState } from "./state.ts";
import { byCreation } from "./trials.ts";
import { compareBy, containsText, copy } from "./values.ts";

const byName = compareBy<Customer>(
  (c) => c.name,
  (c) => c.id,
);

/** Creates or replaces a customer (lists replaced, not merged), with the tables' constraints. */
export function writeCustomer(state: MemoryState, customer: Customer): void {
  for (const other of state.tables.customers.values()) {
    if (other.id !== customer.id && other.handle === customer.handle) {
      throw uniqueViolation(`customers.handle ${customer.handle}`);
    }
  }
  const emails = new Set(customer.admins.map((a) => a.email));
  if (emails.size !== customer.admins.length) throw uniqueViolation(`customer_admins of ${customer.id}`);
  const partners = new Set(customer.managingPartners.map((m) => m.partnerId));
  if (partners.size !== customer.managingPartners.length) throw uniqueViolation(`managing_partners of ${customer.id}`);
  for (const m of customer.managingPartners) requirePartner(state, m.partnerId, `customer ${customer.id}`);
  state.put(state.tables.customers, customer.id, copy(customer));
}

export function unlinkPartners(state: MemoryState, customerId: string, partnerIds: string[]): void {
  const c = state.tables.customers.get(customerId);
  if (!c || partnerIds.length === 0) return;
  const managingPartners = c.managingPartners.filter((m) => !partnerIds.includes(m.partnerId));
  state.put(state.tables.customers, customerId, { ...c, managingPartners });
}

/** Customers whose name or handle contains the text, literally (as the database's escaped ILIKE). */
function namedLike(text: string): (c: Customer) => boolean {
  const t = text.trim();
  return (c) => containsText(c.name, t) || containsText(c.handle, t);
}

export function memoryCustomers(state: MemoryState): CustomerStore {
  const { customers } = state.tables;
  const list = (keep: (c: Customer) => boolean) => [...customers.values()].filter(keep).sort(byName).map(copy);
  return {
    async upsertCustomer(customer) {
      state.atomically(() => writeCustomer(state, customer));
    },
    async getCustomer(id) {
      const c = customers.get(id);
      return c ? copy(c) : null;
    },
    async getCustomers(ids) {
      const wanted = new Set(ids);
      return list((c) => wanted.has(c.id));
    },
    async findCustomerByHandle(handle) {
      return list((c) => c.handle === handle)[0] ?? null;
    },
    async searchCustomers(text) {
      return list(namedLike(text));
    },
    async searchCustomersWithTrials(text) {
      return list(namedLike(text)).map((customer) => ({
        customer,
        trials: [...state.tables.trials.values()]
          .filter((trial) => trial.customerId === customer.id)
          .sort(byCreation)
          .map(copy),
      }));
    },
    async listCustomers() {
      return list(() => true);
    },
    async customersAdministeredBy(email) {
      return list((c) => c.admins.some((a) => a.email === email));
    },
  };
}

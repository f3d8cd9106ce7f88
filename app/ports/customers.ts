// Customers with their admins and managing partners (R-ORG-4, R-CONSENT-3).
import type { Customer } from "../../domain/model.ts";

export interface CustomerStore {
  /** Creates or replaces a customer; its lists are replaced, not merged. */
  upsertCustomer(customer: Customer): Promise<void>;
  getCustomer(id: string): Promise<Customer | null>;
  findCustomerByHandle(handle: string): Promise<Customer | null>;
  /** Customers whose name or handle contains the text (case-insensitive, literally: no wildcards). */
  searchCustomers(text: string): Promise<Customer[]>;
  listCustomers(): Promise<Customer[]>;
  /** Customers where this e-mail is an admin. */
  customersAdministeredBy(email: string): Promise<Customer[]>;
}

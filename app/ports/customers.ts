// Customers with their admins and managing partners (R-ORG-4, R-CONSENT-3).
import type { Customer, Trial } from "../../domain/model.ts";

/** A customer with all its trials (every partner's, deleted ones included). */
export interface CustomerWithTrials {
  customer: Customer;
  trials: Trial[];
}

export interface CustomerStore {
  /** Creates or replaces a customer; its lists are replaced, not merged. */
  upsertCustomer(customer: Customer): Promise<void>;
  getCustomer(id: string): Promise<Customer | null>;
  /** These customers (unknown ids left out, any order), in one read: for lists of trials. */
  getCustomers(ids: readonly string[]): Promise<Customer[]>;
  findCustomerByHandle(handle: string): Promise<Customer | null>;
  /** Customers whose name or handle contains the text (case-insensitive, literally: no wildcards). */
  searchCustomers(text: string): Promise<Customer[]>;
  listCustomers(): Promise<Customer[]>;
  /** searchCustomers, each customer with all its trials (oldest first), in one read (naming a customer's trial in chat). */
  searchCustomersWithTrials(text: string): Promise<CustomerWithTrials[]>;
  /** Customers where this e-mail is an admin. */
  customersAdministeredBy(email: string): Promise<Customer[]>;
}

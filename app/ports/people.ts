// Registered people: partner staff and the trials team (ops). The e-mail is a person's identity.
import type { Language, Partner, Person } from "../../domain/model.ts";

export interface PeopleStore {
  upsertPerson(person: Person): Promise<void>;
  /** False when nobody had that e-mail. */
  removePerson(email: string): Promise<boolean>;
  findPersonByEmail(email: string): Promise<Person | null>;
  /**
   * The person behind a Webex identity with their partner (null for ops), in one read: every
   * message and card submit asks who sent it, and most answers need the partner too.
   */
  findSenderByWebexId(webexPersonId: string): Promise<{ person: Person; partner: Partner | null } | null>;
  listPartnerPeople(partnerId: string): Promise<Person[]>;
  listOpsPeople(): Promise<Person[]>;
  setPersonLanguage(email: string, language: Language): Promise<void>;
}

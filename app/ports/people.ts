// Registered people: partner staff and the trials team (ops). The e-mail is a person's identity.
import type { Language, Person } from "../../domain/model.ts";

export interface PeopleStore {
  upsertPerson(person: Person): Promise<void>;
  /** False when nobody had that e-mail. */
  removePerson(email: string): Promise<boolean>;
  findPersonByEmail(email: string): Promise<Person | null>;
  findPersonByWebexId(webexPersonId: string): Promise<Person | null>;
  listPartnerPeople(partnerId: string): Promise<Person[]>;
  listOpsPeople(): Promise<Person[]>;
  setPersonLanguage(email: string, language: Language): Promise<void>;
}

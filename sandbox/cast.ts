// The sandbox's fixed cast: the bot, the people you can act as in the page (personas), the other
// people of the demo data, and the spaces. Everything here is re-created in the emulator on every
// start with the same e-mails and tokens, so the store's data (kept in <dataDir>) fits it again.
import type { PersonRole } from "../domain/roles.ts";

export const BOT = { displayName: "Trials Bot", email: "trials-bot@webex.bot", token: "sandbox-bot-token" } as const;

export const BRIGHT = {
  name: "Bright Partners",
  tier: "tier1",
  timeZone: "Europe/Paris",
  domains: ["bright.example"],
} as const;
export const NORTHWIND = {
  name: "Northwind Resellers",
  tier: "tier2",
  timeZone: "America/New_York",
  domains: ["northwind.example"],
} as const;

export type SpaceKey = "bright" | "northwind" | "ops";

export interface SpaceSpec {
  key: SpaceKey;
  title: string;
  kind: "partner" | "ops";
  /** Partner name for partner spaces. */
  partner: string | null;
}

export const SPACES: readonly SpaceSpec[] = [
  { key: "bright", title: "Bright Partners", kind: "partner", partner: BRIGHT.name },
  { key: "ops", title: "Trials Ops", kind: "ops", partner: null },
  { key: "northwind", title: "Northwind Resellers", kind: "partner", partner: NORTHWIND.name },
];

export type PersonaKey =
  | "partnerAdmin"
  | "salesAdmin"
  | "readOnly"
  | "customerAdmin"
  | "customerUser"
  | "ops"
  | "tier2Admin";

export interface CastMember {
  displayName: string;
  email: string;
  /** Registered with the bot (partner or ops people); customer admins are known through their customer. */
  role: PersonRole | null;
  partner: string | null;
  /** Spaces this person is a member of. */
  spaces: SpaceKey[];
}

export interface Persona extends CastMember {
  key: PersonaKey;
  /** What the page shows under the name. */
  label: string;
  token: string;
}

export const PERSONAS: readonly Persona[] = [
  {
    key: "partnerAdmin",
    label: "Partner full admin · Bright Partners",
    displayName: "Fiona Fuller",
    email: "fiona@bright.example",
    role: "full_admin",
    partner: BRIGHT.name,
    spaces: ["bright"],
    token: "sandbox-token-fiona",
  },
  {
    key: "salesAdmin",
    label: "Partner sales admin · Bright Partners",
    displayName: "Sam Sales",
    email: "sam@bright.example",
    role: "sales_admin",
    partner: BRIGHT.name,
    spaces: ["bright"],
    token: "sandbox-token-sam",
  },
  {
    key: "readOnly",
    label: "Partner read-only · Bright Partners",
    displayName: "Rita Reader",
    email: "rita@bright.example",
    role: "read_only",
    partner: BRIGHT.name,
    spaces: ["bright"],
    token: "sandbox-token-rita",
  },
  {
    key: "customerAdmin",
    label: "Customer full admin · Globex Corporation · reads Korean",
    displayName: "Carla Chen",
    email: "carla@globex.example",
    role: null,
    partner: null,
    spaces: [],
    token: "sandbox-token-carla",
  },
  {
    key: "customerUser",
    label: "Customer admin, not full · Globex Corporation",
    displayName: "Cody Cole",
    email: "cody@globex.example",
    role: null,
    partner: null,
    spaces: [],
    token: "sandbox-token-cody",
  },
  {
    key: "ops",
    label: "Trials ops · bot admin",
    displayName: "Olivia Ops",
    email: "olivia@trials-ops.example",
    role: "ops",
    partner: null,
    spaces: ["ops"],
    token: "sandbox-token-olivia",
  },
  {
    key: "tier2Admin",
    label: "Partner full admin · Northwind Resellers (tier 2)",
    displayName: "Nate North",
    email: "nate@northwind.example",
    role: "full_admin",
    partner: NORTHWIND.name,
    spaces: ["northwind"],
    token: "sandbox-token-nate",
  },
];

/** Bot admins of the sandbox: the ops persona (may add partners and people). */
export const SANDBOX_BOT_ADMINS = ["olivia@trials-ops.example"];

/** The customers of the demo data and their admins (the admins also exist in the emulator). */
export const CUSTOMERS = {
  globex: {
    name: "Globex Corporation",
    handle: "globex",
    country: "DE",
    vertical: "Manufacturing",
    admins: [
      { email: "carla@globex.example", role: "full_admin", language: "ko" },
      { email: "cody@globex.example", role: "other" },
    ],
    purchased: ["meetings"],
    managedBy: [NORTHWIND.name],
  },
  initech: {
    name: "Initech",
    handle: "initech",
    country: "US",
    vertical: "Technology",
    admins: [{ email: "ivan@initech.example", role: "full_admin" }],
    purchased: ["messaging"],
    managedBy: [],
  },
} as const;

/** Further people of the demo data: customer admins of seeded trials (they receive its messages). */
export const EXTRAS: readonly { displayName: string; email: string }[] = [
  { displayName: "Ivan Initech", email: "ivan@initech.example" },
  { displayName: "Ada Acme", email: "ada@acme.example" },
  { displayName: "Uma Umbrella", email: "uma@umbrella.example" },
  { displayName: "Hank Hooli", email: "hank@hooli.example" },
  { displayName: "Vera Vandelay", email: "vera@vandelay.example" },
];

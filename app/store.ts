// The whole store port: the intersection of the per-aggregate ports in ports/. A use case
// should ask for the narrow ports it uses (e.g. `TrialStore & CommitStore`); `Store` is what a
// persistence adapter (prisma/, memory-store/) implements and the composition root passes on.
import type { AuditStore } from "./ports/audit.ts";
import type { CommitStore } from "./ports/commit.ts";
import type { CustomerStore } from "./ports/customers.ts";
import type { StoreHealth } from "./ports/health.ts";
import type { OutboxStore } from "./ports/outbox.ts";
import type { PartnerStore } from "./ports/partners.ts";
import type { PeopleStore } from "./ports/people.ts";
import type { SettingsStore } from "./ports/settings.ts";
import type { SpaceStore } from "./ports/spaces.ts";
import type { TrialStore } from "./ports/trials.ts";
import type { WebhookStore } from "./ports/webhooks.ts";

export type { AuditStore, StoredAuditEntry } from "./ports/audit.ts";
export {
  AlreadyClaimedError,
  type Commit,
  type CommitResult,
  type CommitStore,
  ConcurrentChangeError,
} from "./ports/commit.ts";
export type { CustomerStore, CustomerWithTrials } from "./ports/customers.ts";
export type { StoreHealth } from "./ports/health.ts";
export type { OutboxClaim, OutboxClaimant, OutboxRow, OutboxState, OutboxStore } from "./ports/outbox.ts";
export type { PartnerStore } from "./ports/partners.ts";
export type { PeopleStore } from "./ports/people.ts";
export type { SettingsStore } from "./ports/settings.ts";
export type { Space, SpaceAudience, SpaceKind, SpaceStore } from "./ports/spaces.ts";
export type { ListedTrial, TrialFacts, TrialFilter, TrialStore, TrialSummary } from "./ports/trials.ts";
export type { UnhandledWebhook, WebhookStore } from "./ports/webhooks.ts";

export interface Store
  extends PartnerStore,
    PeopleStore,
    SpaceStore,
    CustomerStore,
    TrialStore,
    CommitStore,
    AuditStore,
    WebhookStore,
    SettingsStore,
    OutboxStore,
    StoreHealth {}

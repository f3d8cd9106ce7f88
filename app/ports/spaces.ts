// The Webex rooms the bot is linked to.
import type { Person } from "../../domain/model.ts";

export type SpaceKind = "partner" | "ops";

export interface Space {
  roomId: string;
  kind: SpaceKind;
  /** The partner that owns the space; null for the trials team's (bot-wide) ops space. */
  partnerId: string | null;
}

/** A space and the people whose language it is written in. */
export interface SpaceAudience {
  space: Space;
  /**
   * By e-mail: the partner's people for a partner's space (or the partner's own ops space); the
   * trials team's ops people for theirs.
   */
  people: Person[];
}

export interface SpaceStore {
  linkSpace(space: Space): Promise<void>;
  findSpace(roomId: string): Promise<Space | null>;
  /** The space messages for this partner go to (exactly this partner's; null: the trials team's ops space). */
  spaceFor(kind: SpaceKind, partnerId: string | null): Promise<Space | null>;
  /**
   * spaceFor's space with its people (listPartnerPeople, or listOpsPeople for the trials team's
   * space), in one read: every message sent to a space needs both. Null when there is no space.
   */
  spaceWithPeople(kind: SpaceKind, partnerId: string | null): Promise<SpaceAudience | null>;
}

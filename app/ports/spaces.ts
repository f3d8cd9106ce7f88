// The Webex rooms the bot is linked to.
export type SpaceKind = "partner" | "ops";

export interface Space {
  roomId: string;
  kind: SpaceKind;
  /** The partner that owns the space; null for the trials team's (bot-wide) ops space. */
  partnerId: string | null;
}

export interface SpaceStore {
  linkSpace(space: Space): Promise<void>;
  findSpace(roomId: string): Promise<Space | null>;
  /** The space messages for this partner go to (exactly this partner's; null: the trials team's ops space). */
  spaceFor(kind: SpaceKind, partnerId: string | null): Promise<Space | null>;
}

// Payload shapes of the Webex REST API (v1) as the bot uses them. Only the fields the bot reads
// or the emulator produces are listed; Webex may send more.

export type RoomType = "direct" | "group";

export interface Person {
  id: string;
  emails: string[];
  displayName: string;
  nickName?: string;
  firstName?: string;
  lastName?: string;
  orgId: string;
  type: "person" | "bot";
  created: string;
}

export interface Room {
  id: string;
  title: string;
  type: RoomType;
  isLocked: boolean;
  creatorId: string;
  created: string;
  lastActivity?: string;
}

export interface Membership {
  id: string;
  roomId: string;
  personId: string;
  personEmail: string;
  personDisplayName: string;
  personOrgId: string;
  isModerator: boolean;
  isMonitor: boolean;
  roomType: RoomType;
  created: string;
}

// An Adaptive Card is the messaging port's (app/): the cards layer builds them without knowing Webex.
import type { AdaptiveCard } from "../../app/ports/messaging.ts";

export type { AdaptiveCard };

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

export interface Message {
  id: string;
  roomId: string;
  roomType: RoomType;
  parentId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  html?: string;
  personId: string;
  personEmail: string;
  mentionedPeople?: string[];
  attachments?: CardAttachment[];
  /** URLs of attached files (GET with the bot's token; see WebexClient.downloadFile). */
  files?: string[];
  created: string;
  updated?: string;
}

/** Exactly one destination: a room, or a person for a 1:1 message. */
export type MessageTarget =
  | { roomId: string; toPersonId?: never; toPersonEmail?: never }
  | { toPersonId: string; roomId?: never; toPersonEmail?: never }
  | { toPersonEmail: string; roomId?: never; toPersonId?: never };

export type CreateMessageInput = MessageTarget & {
  /** Reply in the thread of this message. */
  parentId?: string;
  markdown?: string;
  /** Plain text; with markdown, the fallback for clients that cannot render markdown. */
  text?: string;
  /** One Adaptive Card; markdown/text then is the fallback shown where cards do not render. */
  card?: AdaptiveCard;
};

export interface AttachmentAction {
  id: string;
  type: "submit";
  messageId: string;
  inputs: Record<string, unknown>;
  personId: string;
  roomId: string;
  created: string;
}

export type WebhookResource =
  | "messages"
  | "attachmentActions"
  | "memberships"
  | "rooms"
  | "meetings"
  | "recordings"
  | "all"
  | (string & {});
export type WebhookEvent = "created" | "updated" | "deleted" | "all" | (string & {});

export interface Webhook {
  id: string;
  name: string;
  targetUrl: string;
  resource: WebhookResource;
  event: WebhookEvent;
  filter?: string;
  secret?: string;
  status: "active" | "inactive";
  orgId?: string;
  createdBy?: string;
  appId?: string;
  ownedBy?: string;
  created: string;
}

export interface CreateWebhookInput {
  name: string;
  targetUrl: string;
  resource: WebhookResource;
  event: WebhookEvent;
  filter?: string;
  secret?: string;
}

/** PUT /webhooks/{id}: resource, event and filter cannot be changed after creation. */
export interface UpdateWebhookInput {
  name: string;
  targetUrl: string;
  secret?: string;
  status?: "active" | "inactive";
}

/** The body Webex POSTs to a webhook's targetUrl. `data` carries ids only, never message text. */
export interface WebhookEnvelope<D extends WebhookData = WebhookData> {
  /** The webhook's id: the same on every delivery, so not a delivery id. */
  id: string;
  name: string;
  targetUrl: string;
  resource: WebhookResource;
  event: WebhookEvent;
  filter?: string;
  orgId?: string;
  createdBy?: string;
  appId?: string;
  ownedBy?: string;
  status?: string;
  created?: string;
  actorId?: string;
  data: D;
}

export interface WebhookData {
  id: string;
  roomId?: string;
  roomType?: RoomType;
  personId?: string;
  personEmail?: string;
  messageId?: string;
  mentionedPeople?: string[];
  created?: string;
  [key: string]: unknown;
}

export interface ListPage<T> {
  items: T[];
}

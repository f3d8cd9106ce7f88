// The emulator's data and the rules Webex applies to it (membership, visibility, limits). Both the
// REST routes and the test helpers go through here, so a helper cannot do what Webex would refuse.
import { randomBytes } from "node:crypto";
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AttachmentAction,
  type CardAttachment,
  type Membership,
  type Message,
  type Person,
  type Room,
  type RoomType,
  type Webhook,
} from "../bot/webex/types.ts";
import { badRequest, EmulatorHttpError, forbidden, notFound } from "./http-error.ts";
import { webexId } from "./ids.ts";

export const MAX_TEXT_BYTES = 7439;
export const DEFAULT_ORG_ID = webexId("ORGANIZATION", "emulated-org-0000");
export const EMULATOR_APP_ID = webexId("APPLICATION", "emulated-app-0000");

/** What happened, for the webhook dispatcher. */
export type WorldEvent =
  | { resource: "messages"; event: "created" | "deleted"; actorId: string; message: Message }
  | { resource: "memberships"; event: "created"; actorId: string; membership: Membership }
  | {
      resource: "attachmentActions";
      event: "created";
      actorId: string;
      action: AttachmentAction;
      cardAuthorId: string;
    };

export interface StoredWebhook extends Webhook {
  createdBy: string;
}

export interface NewMessage {
  roomId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  parentId?: string;
  text?: string;
  markdown?: string;
  html?: string;
  mentionedPeople?: string[];
  attachments?: unknown;
  files?: unknown;
  /** Files a user attached (URLs of contents made with addContent); not accepted over REST. */
  fileUrls?: string[];
}

/** A file a user attached to a message, served at /contents/{id} to members of its room. */
export interface StoredContent {
  name: string;
  contentType: string;
  bytes: Buffer;
  roomId: string | null;
}

const encoder = new TextEncoder();
const now = (): string => new Date().toISOString();

/** Every person the emulator makes has an email (addPerson gives one). */
function primaryEmail(person: Person): string {
  const email = person.emails[0];
  if (email === undefined) throw new Error(`emulator: ${person.id} has no email`);
  return email;
}

export class World {
  readonly people = new Map<string, Person>();
  readonly tokens = new Map<string, string>(); // token → personId
  readonly rooms = new Map<string, Room>();
  readonly memberships = new Map<string, Membership>();
  readonly messages = new Map<string, Message>(); // insertion order = creation order
  readonly deletedMessages = new Set<string>();
  readonly actions = new Map<string, AttachmentAction>();
  readonly webhooks = new Map<string, StoredWebhook>();
  readonly contents = new Map<string, StoredContent>();

  addContent(name: string, contentType: string, bytes: Buffer): string {
    const id = webexId("CONTENT");
    this.contents.set(id, { name, contentType, bytes, roomId: null });
    return id;
  }

  /** GET /contents/{id}: only members of the room the file was posted in may download it. */
  content(id: string, callerId: string): StoredContent {
    const found = this.contents.get(id);
    if (!found?.roomId || !this.isMember(found.roomId, callerId))
      throw notFound("The requested resource could not be found.");
    return found;
  }

  constructor(private readonly emit: (e: WorldEvent) => void) {}

  // People

  addPerson(input: { displayName: string; email?: string; orgId?: string; type?: "person" | "bot"; token?: string }): {
    person: Person;
    token: string;
  } {
    const type = input.type ?? "person";
    const slug =
      input.displayName
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ".")
        .replace(/^\.|\.$/g, "") || "user";
    const email = (input.email ?? (type === "bot" ? `${slug}@webex.bot` : `${slug}@example.com`)).toLowerCase();
    if (this.personByEmail(email)) throw new Error(`emulator: a person with email ${email} exists`);
    const [firstName, ...rest] = input.displayName.split(/\s+/);
    const person: Person = {
      id: webexId("PEOPLE"),
      emails: [email],
      displayName: input.displayName,
      firstName: firstName ?? input.displayName,
      lastName: rest.join(" "),
      nickName: firstName ?? input.displayName,
      orgId: input.orgId ?? DEFAULT_ORG_ID,
      type,
      created: now(),
    };
    const token = input.token ?? randomBytes(24).toString("base64url");
    this.people.set(person.id, person);
    this.tokens.set(token, person.id);
    return { person, token };
  }

  personByEmail(email: string): Person | undefined {
    const e = email.toLowerCase();
    for (const p of this.people.values()) if (p.emails.includes(e)) return p;
    return undefined;
  }

  person(id: string): Person {
    const p = this.people.get(id);
    if (!p) throw notFound();
    return p;
  }

  // Rooms and memberships

  createRoom(input: { title: string; type?: RoomType; creatorId: string; memberIds?: string[] }): Room {
    this.person(input.creatorId);
    const type = input.type ?? "group";
    const members = [...new Set([input.creatorId, ...(input.memberIds ?? [])])];
    if (type === "direct" && members.length !== 2) throw badRequest("A direct room has exactly two members.");
    const room: Room = {
      id: webexId("ROOM"),
      title: input.title,
      type,
      isLocked: false,
      creatorId: input.creatorId,
      created: now(),
      lastActivity: now(),
    };
    this.rooms.set(room.id, room);
    for (const personId of members) this.addMember(room.id, personId, { actorId: input.creatorId, isModerator: false });
    return room;
  }

  room(id: string): Room {
    const r = this.rooms.get(id);
    if (!r) throw notFound();
    return r;
  }

  /** The 1:1 room of two people, created on first use as Webex does for toPersonId messages. */
  directRoom(a: string, b: string): Room {
    for (const room of this.rooms.values()) {
      if (room.type !== "direct") continue;
      const ids = this.membersOf(room.id).map((m) => m.personId);
      if (ids.includes(a) && ids.includes(b)) return room;
    }
    const other = this.person(b);
    return this.createRoom({ title: other.displayName, type: "direct", creatorId: a, memberIds: [b] });
  }

  addMember(roomId: string, personId: string, opts: { actorId: string; isModerator?: boolean }): Membership {
    const room = this.room(roomId);
    const person = this.person(personId);
    const existing = this.membership(roomId, personId);
    if (existing) throw new EmulatorHttpError(409, "The person is already a member of the room.");
    if (room.type === "direct" && this.membersOf(roomId).length >= 2)
      throw badRequest("Cannot add people to a direct room.");
    const m: Membership = {
      id: webexId("MEMBERSHIP"),
      roomId,
      personId,
      personEmail: primaryEmail(person),
      personDisplayName: person.displayName,
      personOrgId: person.orgId,
      isModerator: opts.isModerator ?? false,
      isMonitor: false,
      roomType: room.type,
      created: now(),
    };
    this.memberships.set(m.id, m);
    this.emit({ resource: "memberships", event: "created", actorId: opts.actorId, membership: m });
    return m;
  }

  membership(roomId: string, personId: string): Membership | undefined {
    for (const m of this.memberships.values()) if (m.roomId === roomId && m.personId === personId) return m;
    return undefined;
  }

  membersOf(roomId: string): Membership[] {
    return [...this.memberships.values()].filter((m) => m.roomId === roomId);
  }

  isMember(roomId: string, personId: string): boolean {
    return this.membership(roomId, personId) !== undefined;
  }

  // Messages

  createMessage(senderId: string, input: NewMessage): Message {
    const sender = this.person(senderId);
    const targets = [input.roomId, input.toPersonId, input.toPersonEmail].filter(
      (t) => t !== undefined && t !== null && t !== "",
    );
    if (targets.length !== 1) throw badRequest("Exactly one of roomId, toPersonId or toPersonEmail is required.");
    for (const field of ["text", "markdown"] as const) {
      const v = input[field];
      if (v !== undefined && typeof v !== "string") throw badRequest(`${field} must be a string.`);
      if (typeof v === "string" && encoder.encode(v).length > MAX_TEXT_BYTES) {
        throw badRequest(`Message ${field} exceeds the maximum length of ${MAX_TEXT_BYTES} bytes.`);
      }
    }
    const attachments = this.validateAttachments(input.attachments);
    if (input.files !== undefined) throw badRequest("File uploads are not supported by the emulator.");
    const fileUrls = input.fileUrls ?? [];
    if (!input.text && !input.markdown && attachments.length === 0 && fileUrls.length === 0)
      throw badRequest("A message needs text, markdown, files or attachments.");

    let room: Room;
    if (input.roomId) {
      room = this.room(input.roomId);
      if (!this.isMember(room.id, senderId)) throw forbidden("The sender is not a member of the room.");
    } else {
      const target = input.toPersonId
        ? this.people.get(input.toPersonId)
        : input.toPersonEmail
          ? this.personByEmail(input.toPersonEmail)
          : undefined;
      if (!target) throw notFound("The recipient could not be found.");
      if (target.id === senderId) throw badRequest("Cannot send a direct message to yourself.");
      room = this.directRoom(senderId, target.id);
    }

    if (input.parentId) {
      const parent = this.messages.get(input.parentId);
      if (!parent || parent.roomId !== room.id) throw badRequest("The parent message is not in this room.");
      if (parent.parentId) throw badRequest("Cannot reply to a reply: use the thread's first message as parentId.");
    }

    const mentioned = new Set(input.mentionedPeople ?? []);
    for (const id of this.markdownMentions(input.markdown ?? "")) mentioned.add(id);

    const message: Message = {
      id: webexId("MESSAGE"),
      roomId: room.id,
      roomType: room.type,
      ...(input.toPersonId ? { toPersonId: input.toPersonId } : {}),
      ...(input.toPersonEmail ? { toPersonEmail: input.toPersonEmail } : {}),
      ...(input.parentId ? { parentId: input.parentId } : {}),
      text: input.text ?? (input.markdown !== undefined ? plainFromMarkdown(input.markdown) : ""),
      ...(input.markdown !== undefined ? { markdown: input.markdown } : {}),
      ...(input.html !== undefined ? { html: input.html } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(fileUrls.length > 0 ? { files: fileUrls } : {}),
      personId: sender.id,
      personEmail: primaryEmail(sender),
      ...(mentioned.size > 0 ? { mentionedPeople: [...mentioned] } : {}),
      created: now(),
    };
    this.messages.set(message.id, message);
    for (const url of fileUrls) {
      const content = this.contents.get(url.slice(url.lastIndexOf("/") + 1));
      if (content) content.roomId = room.id;
    }
    room.lastActivity = message.created;
    this.emit({ resource: "messages", event: "created", actorId: sender.id, message });
    return message;
  }

  /** A message as the caller may see it: members only; a bot in a group room sees only its own and those mentioning it. */
  visibleMessage(callerId: string, messageId: string): Message {
    const m = this.messages.get(messageId);
    if (!m || !this.canSee(callerId, m)) throw notFound();
    return m;
  }

  canSee(callerId: string, m: Message): boolean {
    if (!this.isMember(m.roomId, callerId)) return false;
    const caller = this.people.get(callerId);
    if (caller?.type === "bot" && m.roomType === "group") {
      return m.personId === callerId || (m.mentionedPeople ?? []).includes(callerId);
    }
    return true;
  }

  editMessage(
    callerId: string,
    messageId: string,
    input: { roomId?: unknown; text?: unknown; markdown?: unknown },
  ): Message {
    const m = this.visibleMessage(callerId, messageId);
    if (m.personId !== callerId) throw forbidden("Only the sender can edit a message.");
    if (input.roomId !== m.roomId) throw badRequest("roomId is required and must be the message's room.");
    if (input.text === undefined && input.markdown === undefined) throw badRequest("text or markdown is required.");
    for (const field of ["text", "markdown"] as const) {
      const v = input[field];
      if (v === undefined) continue;
      if (typeof v !== "string") throw badRequest(`${field} must be a string.`);
      if (encoder.encode(v).length > MAX_TEXT_BYTES)
        throw badRequest(`Message ${field} exceeds the maximum length of ${MAX_TEXT_BYTES} bytes.`);
    }
    if (typeof input.markdown === "string") {
      m.markdown = input.markdown;
      m.text = typeof input.text === "string" ? input.text : plainFromMarkdown(input.markdown);
    } else {
      m.text = input.text as string;
      delete m.markdown;
    }
    m.updated = now();
    return m;
  }

  deleteMessage(callerId: string, messageId: string): void {
    const m = this.visibleMessage(callerId, messageId);
    const moderator = this.membership(m.roomId, callerId)?.isModerator === true;
    if (m.personId !== callerId && !moderator) throw forbidden("Only the sender or a moderator can delete a message.");
    this.messages.delete(messageId);
    this.deletedMessages.add(messageId);
    this.emit({ resource: "messages", event: "deleted", actorId: callerId, message: m });
  }

  // Attachment actions

  submitCard(personId: string, messageId: string, inputs: Record<string, unknown>): AttachmentAction {
    const message = this.messages.get(messageId);
    if (!message) throw notFound("The message could not be found.");
    if (!this.isMember(message.roomId, personId)) throw forbidden("The person is not a member of the room.");
    if (!message.attachments?.length) throw badRequest("The message has no card to submit.");
    if (!inputs || typeof inputs !== "object" || Array.isArray(inputs)) throw badRequest("inputs must be an object.");
    const action: AttachmentAction = {
      id: webexId("ATTACHMENT_ACTION"),
      type: "submit",
      messageId,
      inputs,
      personId,
      roomId: message.roomId,
      created: now(),
    };
    this.actions.set(action.id, action);
    this.emit({
      resource: "attachmentActions",
      event: "created",
      actorId: personId,
      action,
      cardAuthorId: message.personId,
    });
    return action;
  }

  /** Readable by the card's author (the bot that sent it) and by the submitter. */
  visibleAction(callerId: string, actionId: string): AttachmentAction {
    const a = this.actions.get(actionId);
    if (!a) throw notFound();
    const cardAuthor = this.messages.get(a.messageId)?.personId;
    if (a.personId !== callerId && cardAuthor !== callerId) throw notFound();
    return a;
  }

  // Webhooks

  createWebhook(ownerId: string, input: Record<string, unknown>): StoredWebhook {
    const { name, targetUrl, resource, event, filter, secret } = input;
    for (const [k, v] of Object.entries({ name, targetUrl, resource, event })) {
      if (typeof v !== "string" || v === "") throw badRequest(`${k} is required.`);
    }
    assertUrl(targetUrl as string);
    const owner = this.person(ownerId);
    const wh: StoredWebhook = {
      id: webexId("WEBHOOK"),
      name: name as string,
      targetUrl: targetUrl as string,
      resource: resource as string,
      event: event as string,
      ...(typeof filter === "string" && filter !== "" ? { filter } : {}),
      ...(typeof secret === "string" && secret !== "" ? { secret } : {}),
      status: "active",
      orgId: owner.orgId,
      createdBy: ownerId,
      appId: EMULATOR_APP_ID,
      ownedBy: "creator",
      created: now(),
    };
    this.webhooks.set(wh.id, wh);
    return wh;
  }

  ownWebhook(ownerId: string, id: string): StoredWebhook {
    const wh = this.webhooks.get(id);
    if (!wh || wh.createdBy !== ownerId) throw notFound();
    return wh;
  }

  updateWebhook(ownerId: string, id: string, input: Record<string, unknown>): StoredWebhook {
    const wh = this.ownWebhook(ownerId, id);
    const { name, targetUrl, secret, status } = input;
    if (typeof name !== "string" || name === "") throw badRequest("name is required.");
    if (typeof targetUrl !== "string" || targetUrl === "") throw badRequest("targetUrl is required.");
    assertUrl(targetUrl);
    if (status !== undefined && status !== "active" && status !== "inactive")
      throw badRequest("status must be active or inactive.");
    wh.name = name;
    wh.targetUrl = targetUrl;
    if (typeof secret === "string") wh.secret = secret;
    if (status !== undefined) wh.status = status;
    return wh;
  }

  // helpers

  private validateAttachments(raw: unknown): CardAttachment[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw badRequest("attachments must be an array.");
    if (raw.length > 1) throw badRequest("Only one attachment per message is supported.");
    return raw.map((a) => {
      const att = a as { contentType?: unknown; content?: unknown };
      if (att?.contentType !== ADAPTIVE_CARD_CONTENT_TYPE)
        throw badRequest(`Unsupported attachment contentType: ${String(att?.contentType)}`);
      const content = att.content as { type?: unknown } | undefined;
      if (!content || typeof content !== "object" || content.type !== "AdaptiveCard")
        throw badRequest("The attachment content must be an AdaptiveCard.");
      return att as CardAttachment;
    });
  }

  /** `<@personId:ID|Name>` and `<@personEmail:a@b|Name>` in markdown mention people. */
  private markdownMentions(markdown: string): string[] {
    const ids: string[] = [];
    for (const m of markdown.matchAll(/<@(personId|personEmail):([^|>]+)(?:\|[^>]*)?>/g)) {
      const [, field, value = ""] = m;
      const person = field === "personId" ? this.people.get(value) : this.personByEmail(value);
      if (person) ids.push(person.id);
    }
    return ids;
  }
}

function assertUrl(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
  } catch {
    throw badRequest("targetUrl must be an http(s) URL.");
  }
}

/** Roughly what Webex puts in `text` for a markdown message: the words without the markup. */
function plainFromMarkdown(md: string): string {
  return md
    .replace(/<@(?:personId|personEmail):[^|>]+\|([^>]*)>/g, "$1")
    .replace(/\*\*|__|`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
}

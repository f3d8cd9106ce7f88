// The REST surface of the emulator: Webex's paths, payloads and status codes for what the bot uses.
import type { AttachmentAction } from "../bot/webex/types.ts";
import { badRequest, EmulatorHttpError, forbidden, notFound } from "./http-error.ts";
import { paginate } from "./pagination.ts";
import type { World } from "./world.ts";

export interface RouteRequest {
  method: string;
  /** Path below /v1, e.g. "/messages/abc". */
  path: string;
  url: URL;
  body: unknown;
  callerId: string;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  /** Bytes sent as they are (file contents), instead of a JSON body. */
  raw?: Buffer;
  headers?: Record<string, string>;
}

const ok = (body: unknown): RouteResponse => ({ status: 200, body });

function list<T>(items: T[], req: RouteRequest, max = 100, cap = 1000): RouteResponse {
  const page = paginate(items, req.url, { max, cap });
  return { status: 200, body: { items: page.items }, ...(page.link ? { headers: { link: page.link } } : {}) };
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

/** One request as a handler sees it; `id` is the path's second segment (present on every `/:id` route). */
interface Call {
  world: World;
  req: RouteRequest;
  q: URLSearchParams;
  callerId: string;
  id: string;
}
type Handler = (call: Call) => RouteResponse;

function getContent({ world, callerId, id }: Call): RouteResponse {
  const file = world.content(id, callerId);
  return {
    status: 200,
    raw: file.bytes,
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.name.replace(/"/g, "")}"`,
    },
  };
}

function listPeople({ world, req, q }: Call): RouteResponse {
  const email = q.get("email");
  const id = q.get("id");
  if (!email && !id && !q.get("displayName")) throw badRequest("One of email, displayName or id is required.");
  let people = [...world.people.values()];
  if (email) people = people.filter((p) => p.emails.includes(email.toLowerCase()));
  if (id) people = people.filter((p) => id.split(",").includes(p.id));
  const dn = q.get("displayName");
  if (dn) people = people.filter((p) => p.displayName.toLowerCase().startsWith(dn.toLowerCase()));
  return list(people, req);
}

function getRoom({ world, callerId, id }: Call): RouteResponse {
  const room = world.room(id);
  if (!world.isMember(room.id, callerId)) throw notFound();
  return ok(room);
}

function listMemberships({ world, req, q, callerId }: Call): RouteResponse {
  const roomId = q.get("roomId");
  let items = [...world.memberships.values()];
  if (roomId) {
    if (!world.rooms.has(roomId) || !world.isMember(roomId, callerId)) throw notFound();
    items = items.filter((m) => m.roomId === roomId);
  } else {
    items = items.filter((m) => m.personId === callerId);
  }
  const personId = q.get("personId");
  const personEmail = q.get("personEmail");
  if (personId) items = items.filter((m) => m.personId === personId);
  if (personEmail) items = items.filter((m) => m.personEmail === personEmail.toLowerCase());
  return list(items, req);
}

function addMembership({ world, req, callerId }: Call): RouteResponse {
  const input = bodyObject(req.body);
  const roomId = String(input.roomId ?? "");
  if (!roomId) throw badRequest("roomId is required.");
  world.room(roomId);
  if (!world.isMember(roomId, callerId)) throw notFound();
  const person =
    typeof input.personId === "string"
      ? world.people.get(input.personId)
      : typeof input.personEmail === "string"
        ? world.personByEmail(input.personEmail)
        : undefined;
  if (!person) throw badRequest("personId or personEmail of a known person is required.");
  return ok(world.addMember(roomId, person.id, { actorId: callerId, isModerator: input.isModerator === true }));
}

function createMessage({ world, req, callerId }: Call): RouteResponse {
  const input = bodyObject(req.body);
  // Only what a client may set: html and mentionedPeople are Webex's to compute.
  const { roomId, toPersonId, toPersonEmail, parentId, text, markdown, attachments, files } = input as Record<
    string,
    never
  >;
  return ok(
    world.createMessage(callerId, {
      roomId,
      toPersonId,
      toPersonEmail,
      parentId,
      text,
      markdown,
      attachments,
      files,
    }),
  );
}

function listMessages({ world, req, q, callerId }: Call): RouteResponse {
  const roomId = q.get("roomId");
  if (!roomId) throw badRequest("roomId is required.");
  const room = world.rooms.get(roomId);
  if (!room || !world.isMember(roomId, callerId)) throw notFound();
  const mentioned = q.get("mentionedPeople");
  // Webex: "Bots must include this parameter to list messages in group rooms"; without it a bot
  // is answered 403 "Failed to get activity." (and with it, its own posts are not listed).
  if (
    world.people.get(callerId)?.type === "bot" &&
    room.type === "group" &&
    mentioned !== "me" &&
    mentioned !== callerId
  )
    throw forbidden("Failed to get activity.");
  let items = [...world.messages.values()].filter((m) => m.roomId === roomId && world.canSee(callerId, m));
  if (mentioned) {
    const who = mentioned === "me" ? callerId : mentioned;
    items = items.filter((m) => (m.mentionedPeople ?? []).includes(who));
  }
  const parentId = q.get("parentId");
  if (parentId) items = items.filter((m) => m.parentId === parentId);
  // Newest first, as Webex lists them.
  return list(items.reverse(), req, 50, 1000);
}

/** The caller's 1:1 messages with a person (Webex: GET /messages/direct?personEmail|personId). */
function listDirectMessages({ world, req, q, callerId }: Call): RouteResponse {
  const email = q.get("personEmail");
  const personId = q.get("personId");
  const other = personId ? world.people.get(personId) : email ? world.personByEmail(email) : undefined;
  if (!personId && !email) throw badRequest("personId or personEmail is required.");
  if (!other) return list([], req, 50, 1000);
  const room = [...world.rooms.values()].find(
    (r) => r.type === "direct" && world.isMember(r.id, callerId) && world.isMember(r.id, other.id),
  );
  if (!room) return list([], req, 50, 1000);
  let items = [...world.messages.values()].filter((m) => m.roomId === room.id && world.canSee(callerId, m));
  const parentId = q.get("parentId");
  if (parentId) items = items.filter((m) => m.parentId === parentId);
  return list(items.reverse(), req, 50, 1000);
}

function editMessage({ world, req, callerId, id }: Call): RouteResponse {
  const { roomId, text, markdown } = bodyObject(req.body);
  return ok(world.editMessage(callerId, id, { roomId, text, markdown }));
}

/** Each path by method and shape (`/:id` for each segment after the first). */
const ROUTES: Record<string, Handler> = {
  "GET /contents/:id": getContent,
  "GET /people/:id": ({ world, callerId, id }) => ok(world.person(id === "me" ? callerId : id)),
  "GET /people": listPeople,
  "GET /rooms": ({ world, req, callerId }) =>
    list(
      [...world.rooms.values()].filter((r) => world.isMember(r.id, callerId)),
      req,
      100,
      1000,
    ),
  "GET /rooms/:id": getRoom,
  "GET /memberships": listMemberships,
  "POST /memberships": addMembership,
  "POST /messages": createMessage,
  "GET /messages": listMessages,
  "GET /messages/:id": (call) =>
    call.id === "direct" ? listDirectMessages(call) : ok(call.world.visibleMessage(call.callerId, call.id)),
  "PUT /messages/:id": editMessage,
  "DELETE /messages/:id": ({ world, callerId, id }) => {
    world.deleteMessage(callerId, id);
    return { status: 204 };
  },
  "GET /webhooks": ({ world, req, callerId }) =>
    list(
      [...world.webhooks.values()].filter((w) => w.createdBy === callerId),
      req,
      100,
      100,
    ),
  "POST /webhooks": ({ world, req, callerId }) => ok(world.createWebhook(callerId, bodyObject(req.body))),
  "GET /webhooks/:id": ({ world, callerId, id }) => ok(world.ownWebhook(callerId, id)),
  "PUT /webhooks/:id": ({ world, req, callerId, id }) => ok(world.updateWebhook(callerId, id, bodyObject(req.body))),
  "DELETE /webhooks/:id": ({ world, callerId, id }) => {
    world.ownWebhook(callerId, id);
    world.webhooks.delete(id);
    return { status: 204 };
  },
};

/** /attachment/actions and /attachment/actions/{id}. */
function attachmentActions(world: World, req: RouteRequest, parts: string[]): RouteResponse | null {
  const [a, b, c] = parts;
  if (a !== "attachment" || b !== "actions") return null;
  if (req.method === "GET" && c && parts.length === 3) return ok(world.visibleAction(req.callerId, c));
  if (req.method === "POST" && parts.length === 2) {
    const input = bodyObject(req.body);
    if (input.type !== "submit") throw badRequest("type must be submit.");
    if (typeof input.messageId !== "string") throw badRequest("messageId is required.");
    const action: AttachmentAction = world.submitCard(
      req.callerId,
      input.messageId,
      (input.inputs ?? {}) as Record<string, unknown>,
    );
    return ok(action);
  }
  return null;
}

export function route(world: World, req: RouteRequest): RouteResponse {
  const { method, callerId } = req;
  const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent);
  const [a, b] = parts;
  const key = `${method} /${a ?? ""}${parts.length > 1 ? "/:id" : ""}${parts.length > 2 ? "/:id" : ""}`;
  const handler = ROUTES[key];
  if (handler) return handler({ world, req, q: req.url.searchParams, callerId, id: b ?? "" });
  const action = attachmentActions(world, req, parts);
  if (action) return action;
  throw new EmulatorHttpError(404, `No such endpoint: ${method} ${req.path}`);
}

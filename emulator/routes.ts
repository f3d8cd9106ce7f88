// The REST surface of the emulator: Webex's paths, payloads and status codes for what the bot uses.
import type { AttachmentAction } from "../bot/webex/types.ts";
import { EmulatorHttpError, badRequest, notFound } from "./http-error.ts";
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

export function route(world: World, req: RouteRequest): RouteResponse {
  const { method, callerId } = req;
  const q = req.url.searchParams;
  const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent);
  const [a, b, c] = parts;
  const key = `${method} /${a ?? ""}${parts.length > 1 ? "/:id" : ""}${parts.length > 2 ? "/:id" : ""}`;

  switch (key) {
    case "GET /contents/:id": {
      const file = world.content(b!, callerId);
      return {
        status: 200,
        raw: file.bytes,
        headers: {
          "content-type": file.contentType,
          "content-disposition": `attachment; filename="${file.name.replace(/"/g, "")}"`,
        },
      };
    }
    case "GET /people/:id":
      return ok(b === "me" ? world.person(callerId) : world.person(b!));
    case "GET /people": {
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

    case "GET /rooms":
      return list(
        [...world.rooms.values()].filter((r) => world.isMember(r.id, callerId)),
        req,
        100,
        1000,
      );
    case "GET /rooms/:id": {
      const room = world.room(b!);
      if (!world.isMember(room.id, callerId)) throw notFound();
      return ok(room);
    }

    case "GET /memberships": {
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
    case "POST /memberships": {
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

    case "POST /messages": {
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
    case "GET /messages": {
      const roomId = q.get("roomId");
      if (!roomId) throw badRequest("roomId is required.");
      if (!world.rooms.has(roomId) || !world.isMember(roomId, callerId)) throw notFound();
      let items = [...world.messages.values()].filter((m) => m.roomId === roomId && world.canSee(callerId, m));
      const mentioned = q.get("mentionedPeople");
      if (mentioned) {
        const who = mentioned === "me" ? callerId : mentioned;
        items = items.filter((m) => (m.mentionedPeople ?? []).includes(who));
      }
      const parentId = q.get("parentId");
      if (parentId) items = items.filter((m) => m.parentId === parentId);
      // Newest first, as Webex lists them.
      return list(items.reverse(), req, 50, 1000);
    }
    case "GET /messages/:id": {
      if (b === "direct") {
        // The caller's 1:1 messages with a person (Webex: GET /messages/direct?personEmail|personId).
        const email = q.get("personEmail");
        const other = q.get("personId")
          ? world.people.get(q.get("personId")!)
          : email
            ? world.personByEmail(email)
            : undefined;
        if (!q.get("personId") && !email) throw badRequest("personId or personEmail is required.");
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
      return ok(world.visibleMessage(callerId, b!));
    }
    case "PUT /messages/:id": {
      const { roomId, text, markdown } = bodyObject(req.body);
      return ok(world.editMessage(callerId, b!, { roomId, text, markdown }));
    }
    case "DELETE /messages/:id":
      world.deleteMessage(callerId, b!);
      return { status: 204 };

    case "GET /attachment/:id/:id":
    case "POST /attachment/:id":
      break;

    case "GET /webhooks":
      return list(
        [...world.webhooks.values()].filter((w) => w.createdBy === callerId),
        req,
        100,
        100,
      );
    case "POST /webhooks":
      return ok(world.createWebhook(callerId, bodyObject(req.body)));
    case "GET /webhooks/:id":
      return ok(world.ownWebhook(callerId, b!));
    case "PUT /webhooks/:id":
      return ok(world.updateWebhook(callerId, b!, bodyObject(req.body)));
    case "DELETE /webhooks/:id":
      world.ownWebhook(callerId, b!);
      world.webhooks.delete(b!);
      return { status: 204 };
  }

  // /attachment/actions and /attachment/actions/{id}
  if (a === "attachment" && b === "actions") {
    if (method === "GET" && c && parts.length === 3) return ok(world.visibleAction(callerId, c));
    if (method === "POST" && parts.length === 2) {
      const input = bodyObject(req.body);
      if (input.type !== "submit") throw badRequest("type must be submit.");
      if (typeof input.messageId !== "string") throw badRequest("messageId is required.");
      const action: AttachmentAction = world.submitCard(
        callerId,
        input.messageId,
        (input.inputs ?? {}) as Record<string, unknown>,
      );
      return ok(action);
    }
  }
  throw new EmulatorHttpError(404, `No such endpoint: ${method} ${req.path}`);
}

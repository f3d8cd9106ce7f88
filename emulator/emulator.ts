// A local, faithful stand-in for the Webex REST API and its webhooks, for tests and local runs.
// It speaks HTTP on 127.0.0.1 like webexapis.com/v1 does; tests drive the "humans" through the
// programmatic helpers below and assert on what the bot said through the request log.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AttachmentAction, Membership, Message, Person, Room, RoomType } from "../bot/webex/types.ts";
import { type DeliveryRecord, Dispatcher } from "./deliveries.ts";
import { FaultPlan, type FaultSpec } from "./faults.ts";
import { EmulatorHttpError, errorBody } from "./http-error.ts";
import { trackingId } from "./ids.ts";
import { route } from "./routes.ts";
import { type StoredWebhook, World } from "./world.ts";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Deliver each webhook event this many times. */
  duplicateDeliveries?: number;
  /** How long an idle client connection is kept open (default 1 s; Webex itself keeps them longer). */
  keepAliveTimeoutMs?: number;
}

export interface RequestRecord {
  at: string;
  method: string;
  /** Below /v1, with the query string: "/messages", "/webhooks?max=2". */
  path: string;
  body: unknown;
  status: number;
  /** The person whose token made the call; undefined when unauthenticated. */
  callerId?: string;
  /** True when answered by an injected fault. */
  fault?: boolean;
}

export interface UserSaysOptions {
  /** true: @mention the (only) bot in the room; a string: @mention that person. */
  mentionBot?: boolean | string;
  /** Further people to @mention, after the text. */
  mentions?: string[];
  parentId?: string;
  /** Files the user attaches (served at /v1/contents/{id} to members of the room). */
  files?: { name: string; contentType?: string; content: string | Buffer }[];
}

const API_PREFIX = "/v1";
const MAX_BODY = 5 * 1024 * 1024;

export class WebexEmulator {
  readonly world: World;
  readonly requests: RequestRecord[] = [];
  private readonly dispatcher: Dispatcher;
  private readonly faults = new FaultPlan();
  private server: Server | undefined;
  private baseUrl = "";
  private readonly keepAliveTimeoutMs: number;

  constructor(options: EmulatorOptions = {}) {
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 1_000;
    this.dispatcher = new Dispatcher(() => this.world);
    this.dispatcher.duplicateDeliveries = options.duplicateDeliveries ?? 1;
    this.world = new World((e) => this.dispatcher.dispatch(e));
  }

  /** Base URL ending in /v1, to give the client as baseUrl. */
  get url(): string {
    return this.baseUrl;
  }

  get deliveries(): readonly DeliveryRecord[] {
    return this.dispatcher.log;
  }

  set duplicateDeliveries(n: number) {
    this.dispatcher.duplicateDeliveries = n;
  }

  get duplicateDeliveries(): number {
    return this.dispatcher.duplicateDeliveries;
  }

  async listen(port = 0, host = "127.0.0.1"): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = this.keepAliveTimeoutMs;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    this.server = server;
    this.baseUrl = `http://${host}:${addr.port}${API_PREFIX}`;
  }

  /** Waits for deliveries in flight, then stops the server. */
  async close(): Promise<void> {
    await this.idle();
    this.dispatcher.close();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Resolves once no webhook delivery is in flight. */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  // Test helpers: people and rooms

  addPerson(input: { displayName: string; email?: string; orgId?: string }): Person & { token: string } {
    const { person, token } = this.world.addPerson({ ...input, type: "person" });
    return { ...person, token };
  }

  /** A bot account; its token is what the bot under test is configured with. */
  addBot(input: { displayName: string; email?: string; orgId?: string; token?: string }): Person & { token: string } {
    const { person, token } = this.world.addPerson({ ...input, type: "bot" });
    return { ...person, token };
  }

  /** A room made by creatorId with these members; fires memberships:created for each member. */
  createRoom(input: { title?: string; type?: RoomType; creatorId: string; memberIds?: string[] }): Room {
    return this.world.createRoom({
      title: input.title ?? "Emulated space",
      type: input.type ?? "group",
      creatorId: input.creatorId,
      memberIds: input.memberIds ?? [],
    });
  }

  /** The 1:1 room of two people, created on first use. */
  directRoom(personA: string, personB: string): Room {
    return this.world.directRoom(personA, personB);
  }

  /** Adds a member (fires memberships:created, the "bot added to a space" event when it is the bot). */
  addMember(roomId: string, personId: string, options: { by?: string; isModerator?: boolean } = {}): Membership {
    const actorId = options.by ?? this.world.rooms.get(roomId)?.creatorId ?? personId;
    return this.world.addMember(roomId, personId, { actorId, isModerator: options.isModerator ?? false });
  }

  // Test helpers: what users do

  /**
   * A user posts in a room. With mentionBot the text starts with the bot's name, the html carries a
   * spark-mention tag and mentionedPeople the bot's id, as a Webex client produces them.
   */
  userSays(personId: string, roomId: string, text: string, options: UserSaysOptions = {}): Message {
    const mentionIds: string[] = [];
    if (options.mentionBot)
      mentionIds.push(typeof options.mentionBot === "string" ? options.mentionBot : this.onlyBotIn(roomId));
    const trailing = options.mentions ?? [];
    const tag = (id: string) => {
      const p = this.world.person(id);
      return {
        plain: p.displayName,
        html: `<spark-mention data-object-type="person" data-object-id="${id}">${escapeHtml(p.displayName)}</spark-mention>`,
      };
    };
    const lead = mentionIds.map(tag);
    const tail = trailing.map(tag);
    const plain = [...lead.map((t) => t.plain), text, ...tail.map((t) => t.plain)].filter(Boolean).join(" ");
    const all = [...mentionIds, ...trailing];
    const html =
      all.length > 0
        ? `<p>${[...lead.map((t) => t.html), escapeHtml(text), ...tail.map((t) => t.html)].filter(Boolean).join(" ")}</p>`
        : undefined;
    return this.world.createMessage(personId, {
      roomId,
      text: plain,
      ...(html ? { html } : {}),
      ...(all.length > 0 ? { mentionedPeople: all } : {}),
      ...(options.parentId ? { parentId: options.parentId } : {}),
      ...(options.files?.length
        ? {
            fileUrls: options.files.map(
              (f) =>
                `${this.url}/contents/${this.world.addContent(f.name, f.contentType ?? "text/csv", Buffer.from(f.content))}`,
            ),
          }
        : {}),
    });
  }

  /** A user writes to someone 1:1 (the direct room is created on first use). */
  userSaysDirect(personId: string, toPersonId: string, text: string): Message {
    return this.world.createMessage(personId, { toPersonId, text });
  }

  /** A user presses Submit on a card: creates the attachment action and fires attachmentActions:created. */
  userSubmitsCard(personId: string, messageId: string, inputs: Record<string, unknown>): AttachmentAction {
    return this.world.submitCard(personId, messageId, inputs);
  }

  // Test helpers: faults

  /** The next `count` requests matching path/method fail as specified (429 + Retry-After, 5xx, reset). */
  injectFaults(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // Test helpers: assertions

  /** Messages that person created (through the API or a helper), oldest first; deleted ones excluded. */
  messagesSentBy(personId: string): Message[] {
    return [...this.world.messages.values()].filter((m) => m.personId === personId);
  }

  messagesIn(roomId: string): Message[] {
    return [...this.world.messages.values()].filter((m) => m.roomId === roomId);
  }

  webhooksOf(personId: string): StoredWebhook[] {
    return [...this.world.webhooks.values()].filter((w) => w.createdBy === personId);
  }

  requestsBy(personId: string): RequestRecord[] {
    return this.requests.filter((r) => r.callerId === personId);
  }

  // HTTP

  private onlyBotIn(roomId: string): string {
    const bots = this.world.membersOf(roomId).filter((m) => this.world.people.get(m.personId)?.type === "bot");
    const [bot] = bots;
    if (!bot || bots.length !== 1)
      throw new Error(`emulator: mentionBot needs exactly one bot in the room, found ${bots.length}`);
    return bot.personId;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const tid = trackingId();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const record: RequestRecord = {
      at: new Date().toISOString(),
      method,
      path: path + url.search,
      body: undefined,
      status: 0,
    };
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}, raw?: Buffer): void => {
      record.status = status;
      this.requests.push(record);
      const payload = raw ?? (body === undefined ? "" : JSON.stringify(body));
      res.writeHead(status, {
        trackingid: tid,
        ...(payload.length && !raw ? { "content-type": "application/json;charset=UTF-8" } : {}),
        ...headers,
      });
      res.end(payload);
    };

    try {
      const raw = await readBody(req);
      if (raw.length > 0) {
        try {
          record.body = JSON.parse(raw.toString("utf8"));
        } catch {
          record.body = raw.toString("utf8");
          if (method !== "GET") throw new EmulatorHttpError(400, "The request body is not valid JSON.");
        }
      }

      if (!url.pathname.startsWith(`${API_PREFIX}/`))
        throw new EmulatorHttpError(404, `No such endpoint: ${method} ${url.pathname}`);

      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
      const callerId = token ? this.world.tokens.get(token) : undefined;
      if (callerId) record.callerId = callerId;

      const fault = this.faults.take(method, path);
      if (fault) {
        record.fault = true;
        if (fault.reset) {
          record.status = 0;
          this.requests.push(record);
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> =
          fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
        // FaultPlan.add refuses a fault with neither a status nor reset.
        send(
          fault.status ?? 500,
          errorBody(fault.status === 429 ? "Too Many Requests" : "Injected failure", tid),
          headers,
        );
        return;
      }

      if (!callerId) {
        throw new EmulatorHttpError(
          401,
          "The request requires a valid access token set in the Authorization request header.",
        );
      }

      const out = route(this.world, { method, path, url, body: record.body, callerId });
      send(out.status, out.body, out.headers, out.raw);
    } catch (err) {
      if (err instanceof EmulatorHttpError) {
        send(err.status, errorBody(err.message, tid), err.headers);
      } else {
        send(500, errorBody(`Emulator bug: ${err instanceof Error ? err.message : String(err)}`, tid));
      }
    }
  }
}

export async function startWebexEmulator(options: EmulatorOptions = {}): Promise<WebexEmulator> {
  const emulator = new WebexEmulator(options);
  await emulator.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return emulator;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new EmulatorHttpError(413, "The request body is too large."));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// The messaging port (app/ports/messaging.ts) on the Webex REST API: posts through WebexClient
// (which splits long texts and retries 429/5xx itself), and turns its errors into the port's
// typed refusals. How Webex splits and truncates a message is known here only.
import type { Destination, MessageContent, Messaging, PostedCheck, PostResult } from "../../app/ports/messaging.ts";
import type { WebexClient } from "./client.ts";
import { WebexApiError, type WebexErrorCode } from "./errors.ts";
import { splitMessage, truncateMessage } from "./split.ts";
import type { ListPage, Message } from "./types.ts";

/** Webex will not take these however often it is asked. */
const PERMANENT: readonly WebexErrorCode[] = ["bad_request", "forbidden", "not_found"];

export class WebexMessaging implements Messaging {
  private botId: string | undefined;

  constructor(
    private readonly client: Pick<WebexClient, "createMessage" | "deleteMessage" | "json" | "me" | "getRoom">,
  ) {}

  async post(to: Destination, content: MessageContent): Promise<PostResult> {
    try {
      const [message] = await this.client.createMessage({
        ...to,
        markdown: content.markdown,
        ...(content.card ? { card: content.card } : {}),
      });
      return { ok: true, messageId: message?.id ?? "" };
    } catch (error) {
      if (!(error instanceof WebexApiError)) throw error;
      return {
        ok: false,
        permanent: PERMANENT.includes(error.code),
        code: error.code,
        error: error.message,
        ...(error.retryAfter !== undefined ? { retryAfterMs: error.retryAfter * 1000 } : {}),
      };
    }
  }

  delete(messageId: string): Promise<void> {
    return this.client.deleteMessage(messageId);
  }

  /**
   * Looks at the bot's recent messages to the room (GET /messages?roomId=…) or person
   * (GET /messages/direct?personEmail=…) for one created since `since` whose text is what the
   * first (or only) message posted for `content` carried: a card's text truncated, a long text split.
   * Webex lists a group space's messages to a bot only with `mentionedPeople=me` (else 403 "Failed
   * to get activity"), which leaves out the bot's own posts: there it cannot tell.
   */
  async findPosted(
    to: Destination,
    content: MessageContent,
    since: Date,
    options: { max?: number } = {},
  ): Promise<PostedCheck> {
    const expected = content.card ? truncateMessage(content.markdown) : splitMessage(content.markdown)[0];
    const max = options.max ?? 100;
    let query: { path: string; query: Record<string, string | number> };
    if ("roomId" in to) {
      const room = await this.client.getRoom(to.roomId);
      if (room.type !== "direct")
        return { kind: "cannot_tell", why: "Webex does not list a group space's messages to a bot" };
      query = {
        path: "/messages",
        query: { roomId: to.roomId, max, ...(to.parentId ? { parentId: to.parentId } : {}) },
      };
    } else {
      query = { path: "/messages/direct", query: { personEmail: to.toPersonEmail, max } };
    }
    this.botId ??= (await this.client.me()).id;
    const page = await this.client.json<ListPage<Message>>("GET", query.path, { query: query.query });
    const hit = page.items.find(
      (m) =>
        m.personId === this.botId && Date.parse(m.created) >= since.getTime() && (m.markdown ?? m.text) === expected,
    );
    return hit ? { kind: "posted", messageId: hit.id } : { kind: "not_posted" };
  }
}

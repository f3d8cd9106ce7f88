// The sandbox page: a Webex-like client on the emulator. Pick a persona, pick a space, type to
// the bot (it is @mentioned for you in group spaces), read replies in their threads, fill and
// submit cards. New messages are polled once a second.
import { clockNow, sandboxInfo, WebexApi } from "./api.js";
import { renderCard } from "./cards.js";
import { escapeHtml, renderMarkdown } from "./markdown.js";

const POLL_MS = 1000;
const ROOMS_POLL_MS = 3000;
const MAX_MESSAGES = 500;
const CARD_TYPE = "application/vnd.microsoft.card.adaptive";

const TIPS = {
  partner: ["help", "trial list", "trial start", "trial start existing", "trial show acme", "clock advance 7d"],
  ops: ["help", "trial list", "clock show", "clock advance 7d"],
  direct: ["help", "whoami", "trial list", "clock show"],
};

const $ = (id) => document.getElementById(id);
const el = (tag, className, html) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
};

const state = {
  info: null, // /api/sandbox
  persona: null,
  api: null,
  rooms: [], // the persona's rooms, as the list shows them
  current: null, // { id|null, title, type, direct: boolean }
  rendered: new Map(), // messageId → { node, updated }
  threads: new Map(), // root messageId → replies container
  replyTo: null,
  lastSeen: {}, // roomId → ISO of the newest message seen
  generation: 0, // bumps on every persona/room switch; stale polls drop their results
};

// ---- people -------------------------------------------------------------------------------

function person(id) {
  return state.info.people[id] ?? { displayName: "Someone", email: "" };
}

function initials(name) {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0].toUpperCase())
      .join("") || "?"
  );
}

function avatarColor(seed) {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 55% 42%)`;
}

// The bot's avatar: a small robot head (no emoji font needed).
const BOT_GLYPH = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><rect x="4" y="8" width="16" height="11" rx="3"/><path d="M12 4v4M9 13h.01M15 13h.01M9.5 16h5"/></svg>`;

function avatar(id, name) {
  const node = el("div", "avatar", id === state.info.bot.id ? BOT_GLYPH : escapeHtml(initials(name)));
  node.style.background = id === state.info.bot.id ? "#1170cf" : avatarColor(name);
  node.setAttribute("aria-hidden", "true");
  return node;
}

// ---- rooms --------------------------------------------------------------------------------

async function directTitle(room) {
  if (room.type !== "direct") return room.title;
  const members = await state.api.members(room.id);
  const other = members.find((m) => m.personId !== state.persona.id);
  return other ? other.personDisplayName : room.title;
}

async function loadRooms() {
  const generation = state.generation;
  const items = await state.api.rooms();
  const order = new Map(state.info.spaces.map((s, i) => [s.roomId, i]));
  const rooms = [];
  for (const room of items)
    rooms.push({
      id: room.id,
      type: room.type,
      title: await directTitle(room),
      lastActivity: room.lastActivity,
      direct: room.type === "direct",
    });
  // The direct space with the bot exists once someone wrote in it; until then a placeholder opens it.
  if (!rooms.some((r) => r.direct && r.title === state.info.bot.displayName)) {
    rooms.push({
      id: null,
      type: "direct",
      title: state.info.bot.displayName,
      lastActivity: null,
      direct: true,
      toPersonId: state.info.bot.id,
    });
  }
  rooms.sort(
    (a, b) =>
      Number(a.direct) - Number(b.direct) ||
      (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99) ||
      a.title.localeCompare(b.title),
  );
  if (generation !== state.generation) return;
  state.rooms = rooms;
  renderRoomList();
  // Looking at the placeholder while the bot opened the direct space: switch to the real one.
  const opened =
    state.current && !state.current.id && rooms.find((r) => r.id && r.direct && r.title === state.current.title);
  if (opened) await openRoom(opened);
}

function renderRoomList() {
  const spaces = $("space-list");
  const direct = $("direct-list");
  spaces.replaceChildren();
  direct.replaceChildren();
  for (const room of state.rooms) {
    const current = state.current && (room.id ? room.id === state.current.id : !state.current.id && room.direct);
    const unread = room.id && !current && room.lastActivity && room.lastActivity > (state.lastSeen[room.id] ?? "");
    const item = el("li");
    const button = el("button", `room${current ? " current" : ""}${unread ? " unread" : ""}`);
    button.type = "button";
    button.dataset.roomTitle = room.title;
    button.append(
      room.direct
        ? avatar(room.title === state.info.bot.displayName ? state.info.bot.id : (room.id ?? room.title), room.title)
        : el("div", "room-icon", escapeHtml(initials(room.title))),
    );
    button.append(el("span", "room-title", escapeHtml(room.title)));
    if (unread) button.append(el("span", "dot", ""));
    button.addEventListener("click", () => openRoom(room));
    item.append(button);
    (room.direct ? direct : spaces).append(item);
  }
  if (!spaces.children.length)
    spaces.append(el("li", "empty", "Not in any space: messages from the bot arrive under Direct."));
}

async function openRoom(room) {
  state.generation += 1;
  state.current = room;
  state.rendered.clear();
  state.threads.clear();
  setReplyTo(null);
  $("messages").replaceChildren();
  $("space-title").textContent = room.title;
  const space = state.info.spaces.find((s) => s.roomId === room.id);
  $("space-sub").textContent = room.direct
    ? `Direct space with ${room.title}`
    : space?.kind === "ops"
      ? "Ops space: every expiry event, and the daily digest"
      : "Partner space: the bot is @mentioned for you";
  const mention = $("mention-chip");
  mention.hidden = room.direct;
  mention.textContent = `@${state.info.bot.displayName}`;
  $("input").placeholder = room.direct
    ? `Write to ${room.title}`
    : `Write to ${room.title} (to @${state.info.bot.displayName})`;
  renderTips(room.direct ? TIPS.direct : space?.kind === "ops" ? TIPS.ops : TIPS.partner);
  renderRoomList();
  saveLocation();
  await pollMessages();
  $("input").focus();
}

function renderTips(tips) {
  const host = $("tips");
  host.replaceChildren();
  for (const tip of tips) {
    const button = el("button", "tip", escapeHtml(tip));
    button.type = "button";
    button.title = "Put in the message box";
    button.addEventListener("click", () => {
      $("input").value = tip;
      autoGrow();
      $("input").focus();
    });
    host.append(button);
  }
}

// ---- messages -----------------------------------------------------------------------------

function messageNode(message) {
  const author = person(message.personId);
  const node = el("div", "message");
  node.dataset.messageId = message.id;
  node.dataset.author =
    message.personId === state.info.bot.id ? "bot" : message.personId === state.persona.id ? "me" : "other";
  node.append(avatar(message.personId, author.displayName));
  const body = el("div", "message-body");
  const meta = el("div", "meta");
  meta.append(el("span", "name", escapeHtml(author.displayName)));
  const time = el(
    "time",
    "",
    escapeHtml(new Date(message.created).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })),
  );
  time.dateTime = message.created;
  meta.append(time);
  body.append(meta);
  const card = message.attachments?.find((a) => a.contentType === CARD_TYPE);
  const text = el("div", "text");
  // A Webex app that shows the card does not show its fallback text.
  if (!card) fillText(text, message);
  body.append(text);
  if (card)
    body.append(renderCard(card.content, (inputs) => state.api.submitCard(message.id, inputs).then(() => pollSoon())));
  node.append(body);
  if (!message.parentId) {
    const reply = el("button", "reply-button", "Reply");
    reply.type = "button";
    reply.title = "Reply in this thread";
    reply.addEventListener("click", () => setReplyTo(message.id));
    node.append(reply);
  }
  return node;
}

function fillText(host, message) {
  const source = message.markdown ?? message.text ?? "";
  host.innerHTML =
    message.markdown !== undefined ? renderMarkdown(source) : `<p>${escapeHtml(source).replace(/\n/g, "<br>")}</p>`;
}

function place(message) {
  const list = $("messages");
  const node = messageNode(message);
  if (message.parentId) {
    let replies = state.threads.get(message.parentId);
    if (!replies) {
      // The parent is not shown (older than the window): show the reply on its own.
      const orphan = el("article", "thread");
      replies = el("div", "replies");
      orphan.append(replies);
      list.append(orphan);
      state.threads.set(message.parentId, replies);
    }
    replies.append(node);
  } else {
    const thread = el("article", "thread");
    thread.dataset.threadId = message.id;
    thread.append(node);
    const replies = el("div", "replies");
    thread.append(replies);
    state.threads.set(message.id, replies);
    list.append(thread);
  }
  state.rendered.set(message.id, { node, updated: message.updated ?? message.created });
}

async function pollMessages() {
  const room = state.current;
  if (!room?.id) {
    if (!$("messages").children.length)
      $("messages").append(
        el(
          "div",
          "empty-room",
          `<p>No messages yet. Say <code>help</code> to ${escapeHtml(room?.title ?? "the bot")}.</p>`,
        ),
      );
    return;
  }
  const generation = state.generation;
  const messages = await state.api.messages(room.id, MAX_MESSAGES);
  if (generation !== state.generation) return;
  const list = $("messages");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  let added = 0;
  list.querySelector(".empty-room")?.remove();
  for (const message of messages) {
    const seen = state.rendered.get(message.id);
    if (!seen) {
      place(message);
      added += 1;
    } else if (message.updated && message.updated !== seen.updated && !message.attachments?.length) {
      fillText(seen.node.querySelector(".text"), message);
      seen.updated = message.updated;
    }
  }
  // Deleted messages (a card the bot replaced after its submit) leave the list, as in Webex.
  if (messages.length < MAX_MESSAGES) {
    const present = new Set(messages.map((m) => m.id));
    for (const [id, seen] of state.rendered) {
      if (present.has(id)) continue;
      seen.node.remove();
      state.rendered.delete(id);
    }
  }
  if (messages.length === 0 && !list.children.length)
    list.append(el("div", "empty-room", "<p>No messages yet. Say <code>help</code>.</p>"));
  const newest = messages.at(-1)?.created;
  if (newest) state.lastSeen[room.id] = newest > (state.lastSeen[room.id] ?? "") ? newest : state.lastSeen[room.id];
  if (added && (nearBottom || added === messages.length)) list.scrollTop = list.scrollHeight;
}

let pollTimer = null;
function pollSoon(delay = 150) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(() => pollMessages().catch(showError), delay);
}

// ---- composing ----------------------------------------------------------------------------

function setReplyTo(messageId) {
  state.replyTo = messageId;
  $("reply-note").hidden = !messageId;
  for (const t of document.querySelectorAll(".thread.replying")) t.classList.remove("replying");
  if (messageId) {
    document.querySelector(`.thread[data-thread-id="${CSS.escape(messageId)}"]`)?.classList.add("replying");
    $("input").focus();
  }
}

function autoGrow() {
  const input = $("input");
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 220)}px`;
}

async function send(text) {
  const room = state.current;
  const bot = state.info.bot;
  const parent = state.replyTo ? { parentId: state.replyTo } : {};
  let message;
  if (!room.direct) {
    // As a Webex client does: the mention in markdown, the bot's name leading the plain text.
    const command = text.replace(
      new RegExp(`^@?${bot.displayName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b\\s*`, "i"),
      "",
    );
    message = {
      roomId: room.id,
      text: `${bot.displayName} ${command}`,
      markdown: `<@personId:${bot.id}|${bot.displayName}> ${command}`,
      ...parent,
    };
  } else if (room.id) {
    message = { roomId: room.id, text, ...parent };
  } else {
    message = { toPersonId: room.toPersonId, text };
  }
  const sent = await state.api.send(message);
  if (!room.id) {
    // The direct space now exists: open it.
    await loadRooms();
    const created = state.rooms.find((r) => r.id === sent.roomId);
    if (created) await openRoom(created);
  }
  setReplyTo(null);
  pollSoon(50);
}

function setUpComposer() {
  const input = $("input");
  input.addEventListener("input", autoGrow);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !state.current) return;
    input.value = "";
    autoGrow();
    try {
      await send(text);
    } catch (error) {
      input.value = text;
      showError(error);
    }
  });
  $("reply-cancel").addEventListener("click", () => setReplyTo(null));
}

// ---- persona, clock, start ----------------------------------------------------------------

function renderPersonaCard() {
  const host = $("persona-card");
  host.replaceChildren(avatar(state.persona.id, state.persona.displayName));
  host.append(
    el(
      "div",
      "persona-text",
      `<strong>${escapeHtml(state.persona.displayName)}</strong><span>${escapeHtml(state.persona.email)}</span><span class="persona-label">${escapeHtml(state.persona.label)}</span>`,
    ),
  );
}

async function choosePersona(key, preferredRoom) {
  state.persona = state.info.personas.find((p) => p.key === key) ?? state.info.personas[0];
  state.api = new WebexApi(state.persona.token);
  state.generation += 1;
  state.current = null;
  state.lastSeen = JSON.parse(localStorage.getItem(`sandbox.seen.${state.persona.key}`) ?? "{}");
  $("persona").value = state.persona.key;
  renderPersonaCard();
  await loadRooms();
  const room = state.rooms.find((r) => r.title === preferredRoom) ?? state.rooms[0];
  if (room) await openRoom(room);
}

function saveLocation() {
  localStorage.setItem("sandbox.persona", state.persona.key);
  if (state.current) localStorage.setItem(`sandbox.room.${state.persona.key}`, state.current.title);
  localStorage.setItem(`sandbox.seen.${state.persona.key}`, JSON.stringify(state.lastSeen));
}

async function refreshClock() {
  const now = await clockNow();
  if (!now) return;
  const date = new Date(now);
  $("clock-now").textContent = `${date.toLocaleString([], {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  })} UTC`;
  $("clock-now").dataset.now = now;
}

let errorTimer = null;
/**
 * The sandbox server does not answer (stopped, restarting): a bar above the messages says so and
 * goes away by itself once it answers again; no raw "Failed to fetch" toast over the composer.
 */
function setOffline(offline) {
  let bar = document.getElementById("offline-bar");
  if (!offline) {
    bar?.remove();
    return;
  }
  if (!bar) {
    bar = el(
      "div",
      "offline-bar",
      "The sandbox is not answering: is <code>npm start</code> still running? Trying again…",
    );
    bar.id = "offline-bar";
    bar.setAttribute("role", "status");
    $("messages").before(bar);
  }
}

function showError(error) {
  console.error(error);
  // fetch rejects with a TypeError when nothing answers; the server's own refusals are Errors with a status.
  if (error instanceof TypeError && error.status === undefined) return setOffline(true);
  let bar = document.querySelector(".error-bar");
  if (!bar) {
    bar = el("div", "error-bar");
    bar.setAttribute("role", "alert");
    document.body.append(bar);
  }
  bar.textContent = error?.message ?? String(error);
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => bar.remove(), 6000);
}

async function start() {
  state.info = await sandboxInfo();
  const select = $("persona");
  for (const p of state.info.personas) {
    const option = el("option", "", escapeHtml(`${p.displayName} — ${p.label}`));
    option.value = p.key;
    select.append(option);
  }
  select.addEventListener("change", () => {
    saveLocation();
    choosePersona(select.value, localStorage.getItem(`sandbox.room.${select.value}`)).catch(showError);
  });
  setUpComposer();
  const key =
    new URLSearchParams(location.search).get("persona") ??
    localStorage.getItem("sandbox.persona") ??
    state.info.personas[0].key;
  await choosePersona(key, localStorage.getItem(`sandbox.room.${key}`));
  await refreshClock();
  setInterval(() => pollMessages().catch(showError), POLL_MS);
  setInterval(() => {
    loadRooms().catch(showError);
    refreshClock().catch(() => undefined);
    if (state.persona) saveLocation();
  }, ROOMS_POLL_MS);
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  showError(error);
  $("space-title").textContent = "The sandbox is not running";
});

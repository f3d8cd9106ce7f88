// In a group space the bot only hears messages that @mention it, and the mention arrives inside
// `text` as the bot's name ("Trials Bot start trial"): it must go before the command is parsed.
// Users can shorten a mention to a first name, so the label actually used is read from the
// `html` spark-mention tag when present, falling back to the display name and its first word.
import type { Message } from "./types.ts";

export interface BotIdentity {
  id: string;
  displayName: string;
}

export function mentionsBot(message: Pick<Message, "mentionedPeople" | "html">, bot: Pick<BotIdentity, "id">): boolean {
  if (message.mentionedPeople?.some((id) => sameId(id, bot.id))) return true;
  return mentionLabels(message.html, bot.id).length > 0;
}

/** The command text: the message text with the bot's mention removed and whitespace tidied. */
export function stripBotMention(
  message: Pick<Message, "text" | "html" | "mentionedPeople" | "roomType">,
  bot: BotIdentity,
): string {
  let text = (message.text ?? "").trim();
  const labels = [...mentionLabels(message.html, bot.id)];
  const mentioned = labels.length > 0 || message.mentionedPeople?.some((id) => sameId(id, bot.id)) === true;
  if (mentioned || message.roomType === "group") {
    labels.push(bot.displayName);
    const first = bot.displayName.split(/\s+/)[0];
    if (first && first !== bot.displayName) labels.push(first);
  }
  // Longest first, so "Trials Bot" wins over "Trials".
  const unique = [...new Set(labels.map((l) => l.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  let stripped = false;
  for (const label of unique) {
    if (startsWithWord(text, label)) {
      text = text.slice(label.length);
      stripped = true;
      break;
    }
  }
  // A mention in the middle ("hey Trials Bot help") only when the html says there is one.
  if (!stripped) {
    for (const label of mentionLabels(message.html, bot.id).sort((a, b) => b.length - a.length)) {
      const at = text.indexOf(label);
      if (at >= 0) {
        text = text.slice(0, at) + text.slice(at + label.length);
        break;
      }
    }
  }
  // Tidy spaces within lines only: the lines after a command (CSV for `customer import`) matter.
  return text
    .replace(/^[\s,:;-]+/u, "")
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/[^\S\n]+/gu, " ")
        .replace(/ ([,;:])/gu, "$1")
        .trim(),
    )
    .join("\n")
    .trim();
}

function startsWithWord(text: string, label: string): boolean {
  if (!text.toLowerCase().startsWith(label.toLowerCase())) return false;
  const next = text.charAt(label.length);
  return next === "" || /[\s,:;]/u.test(next);
}

/** Inner texts of the spark-mention tags in `html` that point at this person. */
export function mentionLabels(html: string | undefined, personId: string): string[] {
  if (!html) return [];
  const labels: string[] = [];
  const re = /<spark-mention\b([^>]*)>([\s\S]*?)<\/spark-mention>/giu;
  for (const m of html.matchAll(re)) {
    const attrs = m[1] ?? "";
    const id = /data-object-id\s*=\s*"([^"]*)"/iu.exec(attrs)?.[1];
    const type = /data-object-type\s*=\s*"([^"]*)"/iu.exec(attrs)?.[1];
    if (type && type !== "person") continue;
    if (id && sameId(id, personId)) labels.push(decodeEntities((m[2] ?? "").replace(/<[^>]*>/g, "")));
  }
  return labels;
}

/** Webex ids are base64 of "ciscospark://us/PEOPLE/<uuid>"; html may carry either form. */
function sameId(a: string, b: string): boolean {
  return a === b || uuidOf(a) === uuidOf(b);
}

function uuidOf(id: string): string {
  try {
    const decoded = Buffer.from(id, "base64").toString("utf8");
    if (decoded.startsWith("ciscospark://")) return decoded.slice(decoded.lastIndexOf("/") + 1);
  } catch {
    // not base64: a raw uuid
  }
  return id;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

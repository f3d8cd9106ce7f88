// The bot's message catalogue: every refusal (`refusal.<code>`), every outgoing message
// (`template.<name>`) and the command texts, in English and Korean. A Korean entry that is
// missing falls back to English. A key missing in both throws in strict mode (tests) and is
// shown as the key itself in production, so a gap never takes a reply down.
import type { MessageTemplate, OutgoingMessage } from "../../domain/effects.ts";
import type { Refusal, RefusalCode } from "../../domain/refusals.ts";
import { commands as enCommands } from "./en/commands.ts";
import { refusals as enRefusals } from "./en/refusals.ts";
import { replies as enReplies } from "./en/replies.ts";
import { templates as enTemplates } from "./en/templates.ts";
import { commands as koCommands } from "./ko/commands.ts";
import { refusals as koRefusals } from "./ko/refusals.ts";
import { replies as koReplies } from "./ko/replies.ts";
import { templates as koTemplates } from "./ko/templates.ts";
import { isLanguage, type Language, type Render } from "./types.ts";

export { formatDate, formatDateTime, joinList, serviceList, serviceName } from "./format.ts";
export type { Language, Render } from "./types.ts";
export { isLanguage, LANGUAGES } from "./types.ts";

export type RefusalKey = `refusal.${RefusalCode}`;
export type TemplateKey = `template.${MessageTemplate}`;
/** Refusal and template keys are typed; command keys are whatever the command catalogue holds. */
export type MessageKey = RefusalKey | TemplateKey | (string & {});

export class MissingMessageError extends Error {
  constructor(
    readonly key: string,
    readonly language: Language,
  ) {
    super(`no message "${key}" in the ${language} catalogue (nor in English)`);
    this.name = "MissingMessageError";
  }
}

export interface CatalogueParts {
  commands?: Record<string, Render>;
  refusals?: Partial<Record<RefusalCode, Render>>;
  templates?: Partial<Record<MessageTemplate, Render>>;
}

/** One language's flat catalogue: command keys as given, `refusal.<code>`, `template.<name>`. */
export function buildCatalogue({
  commands = {},
  refusals = {},
  templates = {},
}: CatalogueParts): ReadonlyMap<string, Render> {
  const map = new Map<string, Render>(Object.entries(commands));
  // Refusals and templates win over a command text that happens to use the same key.
  for (const [code, render] of Object.entries(refusals)) if (render) map.set(`refusal.${code}`, render);
  for (const [name, render] of Object.entries(templates)) if (render) map.set(`template.${name}`, render);
  return map;
}

const CATALOGUES: Record<Language, ReadonlyMap<string, Render>> = {
  en: buildCatalogue({ commands: { ...enCommands, ...enReplies }, refusals: enRefusals, templates: enTemplates }),
  ko: buildCatalogue({ commands: { ...koCommands, ...koReplies }, refusals: koRefusals, templates: koTemplates }),
};

// ---- strict mode ----------------------------------------------------------------------------

function strictFromEnv(): boolean {
  const env = typeof process !== "undefined" ? process.env : {};
  if (env.I18N_STRICT === "1" || env.I18N_STRICT === "true") return true;
  if (env.I18N_STRICT === "0" || env.I18N_STRICT === "false") return false;
  return env.VITEST !== undefined || env.NODE_ENV === "test";
}

let strict = strictFromEnv();

/** Strict: a missing key or a failing message throws. Default: on under vitest / NODE_ENV=test. */
export function setStrict(value: boolean): void {
  strict = value;
}

export function isStrict(): boolean {
  return strict;
}

// ---- lookup -----------------------------------------------------------------------------------

/** The keys of a language's own catalogue (without the English fallback). */
export function catalogueKeys(lang: Language): string[] {
  return [...(CATALOGUES[lang] ?? CATALOGUES.en).keys()];
}

/** Is there a message for `key` in `lang` itself (`fallback`: or in English)? */
export function hasMessage(lang: Language, key: string, fallback = true): boolean {
  return (CATALOGUES[lang]?.has(key) ?? false) || (fallback && CATALOGUES.en.has(key));
}

/** Any value that names a language; anything else is English. */
export function languageOf(value: unknown): Language {
  return isLanguage(value) ? value : "en";
}

export type Translate = (lang: Language, key: MessageKey, params?: Record<string, unknown>) => string;

/**
 * A translate function over the given catalogues (English is the fallback of every language).
 * `isStrictNow` is asked on every call.
 */
export function createTranslate(
  catalogues: Partial<Record<Language, ReadonlyMap<string, Render>>> & { en: ReadonlyMap<string, Render> },
  isStrictNow: () => boolean,
): Translate {
  return (lang, key, params = {}) => {
    const language = languageOf(lang);
    const own = catalogues[language]?.get(key);
    const english = catalogues.en.get(key);
    if (!own && !english) {
      if (isStrictNow()) throw new MissingMessageError(key, language);
      return key;
    }
    for (const render of [own, english]) {
      if (!render) continue;
      try {
        return render(params ?? {});
      } catch (error) {
        if (isStrictNow()) throw error;
      }
    }
    return key;
  };
}

/**
 * The message `key` in `lang`, rendered with `params` (Webex markdown). Falls back to English
 * when the language has no entry. A missing key throws MissingMessageError in strict mode and
 * renders as the key otherwise; a message that fails to render falls back to English, then to
 * the key (strict mode rethrows).
 */
export const translate: Translate = createTranslate(CATALOGUES, () => strict);

/** A domain refusal in the person's language. */
export function renderRefusal(
  lang: Language,
  refusal: Pick<Refusal, "code" | "params"> & { messageKey?: string },
): string {
  return translate(lang, refusal.messageKey ?? `refusal.${refusal.code}`, { ...refusal.params });
}

/**
 * An outgoing message in `lang`. The language is usually the recipient's
 * (`message.to.language` for e-mail recipients, see `messageLanguage`).
 */
export function renderTemplate(lang: Language, message: Pick<OutgoingMessage, "template" | "data">): string {
  return translate(lang, `template.${message.template}`, message.data);
}

/** The language a message's recipient reads, when the domain knows it; else `fallback`. */
export function messageLanguage(message: Pick<OutgoingMessage, "to">, fallback: Language = "en"): Language {
  return message.to.kind === "email" && isLanguage(message.to.language) ? message.to.language : fallback;
}

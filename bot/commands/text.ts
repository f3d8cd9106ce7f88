// The command texts of bot/i18n/{en,ko}/commands.ts, looked up directly (not through the
// catalogue index, which also loads refusals and templates): Korean falls back to English, and a
// key missing in both renders as the key itself.
import type { Language } from "../../domain/model.ts";
import { commands as en } from "../i18n/en/commands.ts";
import { commands as ko } from "../i18n/ko/commands.ts";

export type CommandTexts = Record<string, (p: Record<string, unknown>) => string>;

export const COMMAND_TEXTS: Record<Language, CommandTexts> = { en, ko };

export function commandText(lang: Language, key: string, params: Record<string, unknown> = {}): string {
  const render = COMMAND_TEXTS[lang]?.[key] ?? COMMAND_TEXTS.en[key];
  return render ? render(params) : key;
}

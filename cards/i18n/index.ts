// The card text catalogue: English and Korean (cards/i18n/en.ts, ko.ts).
import type { Language } from "../../domain/model.ts";
import { en } from "./en.ts";
import { ko } from "./ko.ts";
import type { CardTexts } from "./types.ts";

export type { CardTexts } from "./types.ts";

const TEXTS: Record<Language, CardTexts> = { en, ko };

export function cardTexts(lang: Language): CardTexts {
  return TEXTS[lang] ?? en;
}

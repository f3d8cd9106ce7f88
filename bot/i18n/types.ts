// The message catalogue's shapes. A message is a function of its parameters that returns Webex
// markdown; every language provides the same keys (English is the fallback).

export const LANGUAGES = ["en", "ko"] as const;
export type Language = (typeof LANGUAGES)[number];

/** One message: its parameters in, Webex markdown out. */
export type Render = (p: Record<string, unknown>) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

// Small builders for the Adaptive Card elements trials-bot uses, all within schema 1.3 as Webex
// renders it: TextBlock, FactSet, Container, ColumnSet, Input.Text/Number/ChoiceSet/Toggle,
// Action.Submit/OpenUrl/ShowCard. No Action.Execute, no Table; at most five actions per card.
import type { AdaptiveCard } from "../app/ports/messaging.ts";
import type { CardTexts } from "./i18n/types.ts";
import { ACTION_FIELD, REF_FIELD } from "./reference.ts";
import type { FieldId, FieldProblem } from "./submit/problems.ts";

export type { AdaptiveCard } from "../app/ports/messaging.ts";
export type Element = Record<string, unknown>;

export const CARD_VERSION = "1.3";
export const MAX_ACTIONS = 5;

/** A built card and the markdown sent with it (shown where cards do not render; < 7439 bytes). */
export interface BuiltCard {
  card: AdaptiveCard;
  fallback: string;
}

/** What a card is pre-filled with (the raw inputs of a previous submit) and what was wrong. */
export interface CardState {
  values?: Record<string, unknown>;
  problems?: readonly FieldProblem[];
  /** A message shown at the top (a refusal to fix, rendered in the card's language). */
  notice?: string;
}

export function card(body: Element[], actions: Element[] = []): AdaptiveCard {
  if (actions.length > MAX_ACTIONS)
    throw new Error(`a Webex card has at most ${MAX_ACTIONS} actions, got ${actions.length}`);
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export function text(
  value: string,
  opts: Partial<{
    weight: "Bolder";
    size: "Small" | "Medium" | "Large";
    color: "Attention" | "Warning" | "Good" | "Accent";
    isSubtle: boolean;
    spacing: "Small" | "Medium" | "Large";
    separator: boolean;
  }> = {},
): Element {
  return { type: "TextBlock", text: value, wrap: true, ...opts };
}

export const heading = (value: string): Element => text(value, { weight: "Bolder", size: "Medium" });
export const subheading = (value: string): Element =>
  text(value, { weight: "Bolder", spacing: "Medium", separator: true });

export function facts(items: [string, string][]): Element {
  return { type: "FactSet", facts: items.map(([title, value]) => ({ title, value })) };
}

export function container(items: Element[], style?: "emphasis" | "attention" | "warning" | "good"): Element {
  return { type: "Container", items, ...(style ? { style } : {}) };
}

export function columns(...cols: Element[][]): Element {
  return { type: "ColumnSet", columns: cols.map((items) => ({ type: "Column", width: "stretch", items })) };
}

/** The raw value a previous submit gave for an input, as the card's pre-filled value. */
export function stateValue(state: CardState, id: string): string | undefined {
  const v = state.values?.[id];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function textInput(
  id: string,
  label: string,
  opts: {
    value?: string;
    placeholder?: string;
    required?: boolean;
    errorMessage?: string;
    regex?: string;
    maxLength?: number;
    multiline?: boolean;
    style?: "Email" | "Tel" | "Url" | "Text";
  } = {},
): Element {
  return {
    type: "Input.Text",
    id,
    label,
    ...(opts.value !== undefined && opts.value !== "" ? { value: opts.value } : {}),
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    ...(opts.required ? { isRequired: true } : {}),
    ...(opts.errorMessage ? { errorMessage: opts.errorMessage } : {}),
    ...(opts.regex ? { regex: opts.regex } : {}),
    ...(opts.maxLength ? { maxLength: opts.maxLength } : {}),
    ...(opts.multiline ? { isMultiline: true } : {}),
    ...(opts.style ? { style: opts.style } : {}),
  };
}

export function numberInput(
  id: string,
  label: string,
  opts: {
    value?: string;
    min?: number;
    max?: number;
    placeholder?: string;
    required?: boolean;
    errorMessage?: string;
  } = {},
): Element {
  const n =
    opts.value !== undefined && opts.value.trim() !== "" && Number.isFinite(Number(opts.value))
      ? Number(opts.value)
      : undefined;
  return {
    type: "Input.Number",
    id,
    label,
    ...(n !== undefined ? { value: n } : {}),
    // adaptivecards 3.0.6 refuses to submit an EMPTY optional Input.Number that has min/max, so
    // optional numbers carry no bounds: the server-side schema checks them either way.
    ...(opts.required && opts.min !== undefined ? { min: opts.min } : {}),
    ...(opts.required && opts.max !== undefined ? { max: opts.max } : {}),
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    ...(opts.required ? { isRequired: true } : {}),
    ...(opts.errorMessage ? { errorMessage: opts.errorMessage } : {}),
  };
}

export function choiceInput(
  id: string,
  label: string,
  choices: { title: string; value: string }[],
  opts: {
    value?: string;
    multi?: boolean;
    expanded?: boolean;
    required?: boolean;
    errorMessage?: string;
    placeholder?: string;
  } = {},
): Element {
  return {
    type: "Input.ChoiceSet",
    id,
    label,
    choices,
    style: opts.expanded ? "expanded" : "compact",
    ...(opts.multi ? { isMultiSelect: true } : {}),
    ...(opts.value !== undefined && opts.value !== "" ? { value: opts.value } : {}),
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    ...(opts.required ? { isRequired: true } : {}),
    ...(opts.errorMessage ? { errorMessage: opts.errorMessage } : {}),
  };
}

export function toggleInput(id: string, title: string, opts: { value?: string; label?: string } = {}): Element {
  return {
    type: "Input.Toggle",
    id,
    title,
    ...(opts.label ? { label: opts.label } : {}),
    value: opts.value === "true" ? "true" : "false",
    valueOn: "true",
    valueOff: "false",
  };
}

export function submit(
  title: string,
  ref: string,
  action: string,
  opts: { style?: "positive" | "destructive"; inputs?: "auto" | "none"; extra?: Record<string, string> } = {},
): Element {
  return {
    type: "Action.Submit",
    title,
    data: { [REF_FIELD]: ref, [ACTION_FIELD]: action, ...opts.extra },
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.inputs ? { associatedInputs: opts.inputs } : {}),
  };
}

export function openUrl(title: string, url: string): Element {
  return { type: "Action.OpenUrl", title, url };
}

// ---- problems ---------------------------------------------------------------------------------

export function problemText(t: CardTexts, p: FieldProblem): string {
  const label = `${t.fields[p.field]}${p.line ? ` ${p.line}` : ""}`;
  const { wrong, expected } = t.problems[p.code];
  const value = p.value !== undefined && p.value !== "" ? ` ("${p.value.slice(0, 60)}")` : "";
  return `${label}: ${wrong}${value}. ${t.common.expected}: ${expected}.`;
}

/** Problems of one field (and device line), as red text under its input. */
export function problemsOf(t: CardTexts, state: CardState, field: FieldId, line?: number): Element[] {
  return (state.problems ?? [])
    .filter((p) => p.field === field && (line === undefined || p.line === line))
    .map((p) => text(problemText(t, p), { color: "Attention", size: "Small", spacing: "Small" }));
}

/** The top of a card re-sent with problems or a refusal to fix. */
export function stateBanner(t: CardTexts, state: CardState): Element[] {
  const out: Element[] = [];
  if (state.notice) out.push(container([text(state.notice, { color: "Attention" })], "attention"));
  if (state.problems?.length)
    out.push(container([text(t.common.fixBelow, { color: "Attention", weight: "Bolder" })], "attention"));
  return out;
}

/** Input plus its problems, in order. */
export function withProblems(t: CardTexts, state: CardState, field: FieldId, input: Element, line?: number): Element[] {
  return [input, ...problemsOf(t, state, field, line)];
}

/** The fallback markdown: the card's title and, when re-sent, the problems as a list. */
export function fallbackOf(t: CardTexts, title: string, state: CardState = {}, extra: string[] = []): string {
  const lines = [`**${title}**`, ...extra];
  if (state.notice) lines.push(state.notice);
  for (const p of (state.problems ?? []).slice(0, 30)) lines.push(`- ${problemText(t, p)}`);
  lines.push(t.common.fallback(title));
  // At most 2,400 characters: under 7,439 bytes even when every character takes three bytes (Korean).
  return lines.join("\n\n").slice(0, 2400);
}

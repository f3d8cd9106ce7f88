// What a card submit comes to (bot/cards/submit.ts delivers it), and the translation of a use
// case's outcome into it. Whether a refusal keeps the card, re-sends it or removes it follows the
// refusal's nature (domain/refusal-nature.ts), not a list kept here.
import type { Outcome, TrialCommands, TrialFacts } from "../../app/trial-commands.ts";
import type { TrialQueries } from "../../app/trial-queries.ts";
import type { BuiltCard, CardState } from "../../cards/elements.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import type { CardRef } from "../../cards/reference.ts";
import type { Inputs } from "../../cards/submit/schemas.ts";
import type { Actor, Language, Person } from "../../domain/model.ts";
import { refusalNature } from "../../domain/refusal-nature.ts";
import type { Refusal } from "../../domain/refusals.ts";
import { renderRefusal } from "../i18n/index.ts";
import type { CardService } from "./service.ts";

export type Result =
  /** Delete the card, post this outcome. */
  | { kind: "done"; markdown: string }
  /** Delete the card, post this card instead (pre-filled with problems, or the next step). */
  | { kind: "replace"; built: BuiltCard }
  /** Keep the card, post this card as well (the trial menu opening a card). */
  | { kind: "open"; built: BuiltCard }
  /**
   * Post the refusal; keepCard: the card stays, else it is replaced by the refusal. topLevel:
   * posted as a new message in the room, where the person looks now, not in the card's thread.
   */
  | { kind: "refused"; refusal: Refusal; keepCard: boolean; topLevel?: boolean }
  | { kind: "say"; markdown: string; keepCard: boolean }
  | { kind: "ignore"; why: string };

/** One card submit, as its handler sees it: who, which card, what was typed, and the use cases for it. */
export interface Submit {
  ref: CardRef;
  action: string;
  inputs: Inputs;
  actor: Actor;
  person: Person | null;
  email: string;
  lang: Language;
  /** The trial the card names, read once for the whole submit (cards without a trial: null). */
  facts: TrialFacts | Refusal | null;
  /** The use cases on that trial; a commit records the card as submitted in its own transaction. */
  commands: TrialCommands;
  /** Who may submit the card, and what it may name: the use cases decide. */
  queries: TrialQueries;
  cards: CardService;
  /** Records the card as submitted when nothing is committed; false when it was already. */
  claim(): Promise<boolean>;
}

export const ALREADY: Result = { kind: "ignore", why: "card already submitted" };

export const keepCard = (refusal: Refusal): Result => ({ kind: "refused", refusal, keepCard: true });
export const wrongCard = (s: Submit): Result => ({
  kind: "say",
  markdown: cardTexts(s.lang).outcome.wrongCard,
  keepCard: true,
});

/** The result, once the card is recorded as submitted (a second click gets ALREADY). */
export async function claimed(s: Submit, result: Result | (() => Result | Promise<Result>)): Promise<Result> {
  if (!(await s.claim())) return ALREADY;
  return typeof result === "function" ? result() : result;
}

/** The outcome of a use case as a Result: success text, the card re-sent for a fixable refusal. */
export async function settle(
  s: Submit,
  outcome: Outcome,
  success: (o: Extract<Outcome, { ok: true }>) => string,
  resend?: (state: CardState) => BuiltCard | Promise<BuiltCard>,
): Promise<Result> {
  // Applied: the commit recorded the card as submitted.
  if (outcome.ok) return { kind: "done", markdown: success(outcome) };
  const r = outcome.refusal;
  const nature = refusalNature(r.code);
  // The wrong person: nothing is claimed, the card stays for the person it is meant for.
  if (nature === "who") return keepCard(r);
  return claimed(s, async (): Promise<Result> => {
    // A stale card: it goes, and the person is told so where they are looking, with the name to
    // type for a fresh one (the card's thread may be far up the space).
    if (r.code === "changed_meanwhile")
      return {
        kind: "refused",
        refusal: { ...r, params: { ...r.params, card: "removed" } },
        keepCard: false,
        topLevel: true,
      };
    if (resend && nature === "fixable")
      return { kind: "replace", built: await resend({ values: s.inputs, notice: renderRefusal(s.lang, r) }) };
    return { kind: "refused", refusal: r, keepCard: false };
  });
}

/** The card again, pre-filled, with the problems of what was typed; the old card counts as submitted. */
export async function withProblems(
  s: Submit,
  problems: NonNullable<CardState["problems"]>,
  resend: (state: CardState) => BuiltCard | Promise<BuiltCard>,
): Promise<Result> {
  return claimed(s, async () => ({ kind: "replace", built: await resend({ values: s.inputs, problems }) }));
}

// A card was submitted (attachmentActions:created): who clicked (the Webex person, looked up in
// the store; nothing in the card grants rights), which card (its signed reference), what was
// typed (validated per card), then the use case. What happens to the card:
//   - success: the card message is deleted and the outcome posted in its place;
//   - bad inputs, or a refusal the person can fix (a site URL taken, a service not eligible,
//     missing services at conversion…): the card is replaced by the same card, pre-filled with
//     what was typed and the problems shown;
//   - a final refusal (stale card: changed meanwhile; consent expired; wrong status): the card is
//     replaced by the refusal, since submitting it again can never work;
//   - the wrong person (not registered, wrong role or partner, not a full admin of the customer):
//     the refusal is posted and the card stays for the right person; nothing is claimed;
//   - a forged or tampered reference: refused, the card stays, nothing changes;
//   - a second submit of the same card (double click, or two people at once): ignored. Each
//     card's nonce ("card:<nonce>") is recorded once: by the use case's commit, in its own
//     transaction, or (when nothing is committed) by EventClaims; repeated webhook deliveries are
//     already dropped by the receiver.
// Per submit the trial a card names is read once (with its customer, partner and people, among
// whom the person who clicked usually is) and handed to the use case; see bench/call-budget.ts.
import type { Logger } from "pino";
import type { EventClaims } from "../../app/event-claims.ts";
import type { TrialCommands } from "../../app/trial-commands.ts";
import { AlreadyClaimedError, type TrialFacts } from "../../app/trial-commands.ts";
import type { TrialQueries } from "../../app/trial-queries.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import { ACTION_FIELD, type CardRef, REF_FIELD } from "../../cards/reference.ts";
import type { Language } from "../../domain/model.ts";
import { isRefusal, type Refusal } from "../../domain/refusals.ts";
import { isLanguage, renderRefusal, translate } from "../i18n/index.ts";
import type { Sender } from "../identity.ts";
import type { WebexClient } from "../webex/client.ts";
import { WebexApiError } from "../webex/errors.ts";
import type { AttachmentAction, WebhookEnvelope } from "../webex/types.ts";
import type { CardService } from "./service.ts";
import { consent, opsExtension, reminder } from "./submit-answers.ts";
import { ALREADY, type Result, type Submit } from "./submit-result.ts";
import { customerTrial, existingLookup, newCustomer } from "./submit-start.ts";
import { partnerTrialCard } from "./submit-trial.ts";
import { placedIn, threadOf } from "./thread.ts";

/** The use cases a card submit runs (the chat handlers' UseCases has them). */
export interface CardSubmitApp {
  commands: TrialCommands;
  queries: TrialQueries;
  claims: EventClaims;
  identify(botAdmins: readonly string[], webexPersonId: string, email: string): Promise<Sender>;
}

export interface CardSubmitDeps {
  client: WebexClient;
  app: CardSubmitApp;
  cards: CardService;
  me: { id: string };
  botAdmins: readonly string[];
  logger: Logger;
}

type Place = { roomId: string; parentId?: string };

const BY_KIND: Partial<Record<CardRef["kind"], (s: Submit) => Promise<Result>>> = {
  new_customer: newCustomer,
  existing_lookup: existingLookup,
  existing_customer: customerTrial,
  paying_customer: customerTrial,
  consent,
  reminder,
  ops_extension: opsExtension,
};

export function createCardSubmitHandler(deps: CardSubmitDeps) {
  return {
    onAttachmentAction: (envelope: WebhookEnvelope, log: Logger = deps.logger) =>
      onAttachmentAction(deps, envelope, log),
  };
}

async function onAttachmentAction(deps: CardSubmitDeps, envelope: WebhookEnvelope, log: Logger): Promise<void> {
  const { client, app, cards, me } = deps;
  const action = await client.getAttachmentAction(envelope.data.id);
  if (action.personId === me.id) return;
  const inputs = action.inputs ?? {};
  const ref = cards.signer.verify(inputs[REF_FIELD]);
  const place = await placeOf(deps, action, ref, log);
  if (!place) return;
  const facts = ref?.trialId ? await app.commands.facts(ref.trialId) : null;
  const sender = await senderOf(deps, action, facts);
  // The language only picks the texts; it grants nothing.
  const lang: Language = sender.person?.language ?? (isLanguage(inputs.lang) ? inputs.lang : "en");
  let result: Result;
  if (!ref) {
    log.warn({ person: sender.email }, "card submit refused: invalid reference");
    result = { kind: "say", markdown: cardTexts(lang).outcome.invalidReference, keepCard: true };
  } else {
    result = await run(deps, action, ref, facts, sender, lang, log);
  }
  log.info(
    { card: ref?.kind, action: inputs[ACTION_FIELD], person: sender.email, result: result.kind },
    "card submitted",
  );
  await deliver(client, result, action.messageId, place, lang, log);
}

/**
 * Where the answer goes: the card's thread, which a card the bot posted names itself. A card
 * that does not (posted at the top by the outbox, or a forged one) is read back from Webex: it
 * must be the bot's, and still there (gone: it was already submitted and replaced).
 */
async function placeOf(
  { client, me }: CardSubmitDeps,
  action: AttachmentAction,
  ref: CardRef | null,
  log: Logger,
): Promise<Place | null> {
  const thread = threadOf(action.inputs ?? {});
  if (ref && thread !== null) return { roomId: action.roomId, ...(thread ? { parentId: thread } : {}) };
  try {
    const card = await client.getMessage(action.messageId);
    if (card.personId !== me.id) return null;
    return { roomId: card.roomId, ...(card.parentId ? { parentId: card.parentId } : {}) };
  } catch (error) {
    if (!(error instanceof WebexApiError && error.code === "not_found")) throw error;
    log.info({ messageId: action.messageId }, "card submit ignored: card already replaced");
    return null;
  }
}

/** Who clicked: one of the trial's partner people when the store knows their Webex id, else looked up. */
async function senderOf(
  deps: CardSubmitDeps,
  action: AttachmentAction,
  facts: TrialFacts | Refusal | null,
): Promise<Sender> {
  const known = facts && !isRefusal(facts) && facts.partnerPeople.find((p) => p.webexPersonId === action.personId);
  if (known)
    return {
      webexPersonId: action.personId,
      email: known.email,
      person: known,
      partner: (facts as TrialFacts).partner,
      isBotAdmin: deps.botAdmins.includes(known.email),
      language: known.language,
      customerAdminOf: [],
    };
  const webexPerson = await deps.client.person(action.personId);
  return deps.app.identify(deps.botAdmins, action.personId, webexPerson.emails[0] ?? "");
}

async function run(
  { app, cards }: CardSubmitDeps,
  action: AttachmentAction,
  ref: CardRef,
  facts: TrialFacts | Refusal | null,
  sender: Sender,
  lang: Language,
  log: Logger,
): Promise<Result> {
  const key = `card:${ref.nonce}`;
  let claimed = false;
  const inputs = action.inputs ?? {};
  const submit: Submit = {
    ref,
    action: typeof inputs[ACTION_FIELD] === "string" ? (inputs[ACTION_FIELD] as string) : "",
    inputs,
    actor: sender.person ? { kind: "person", person: sender.person } : { kind: "customer_admin", email: sender.email },
    person: sender.person,
    email: sender.email,
    lang,
    facts,
    commands: app.commands.within({ ...(facts && !isRefusal(facts) ? { facts } : {}), claim: key }),
    queries: app.queries,
    cards,
    claim: async () => (claimed = await app.claims.claim(key)),
  };
  try {
    return await (BY_KIND[ref.kind] ?? partnerTrialCard)(submit);
  } catch (error) {
    // Two submits of one card at once: the other one's commit recorded it first.
    if (error instanceof AlreadyClaimedError) return ALREADY;
    // Nothing was applied (a use case commits all or nothing): free the card for another try
    // and tell the person, instead of leaving a card that silently ignores every click.
    if (claimed) await app.claims.release(key);
    log.error({ err: error, card: ref.kind }, "card submit failed");
    return { kind: "say", markdown: translate(lang, "reply.failed"), keepCard: true };
  }
}

async function deliver(
  client: WebexClient,
  result: Result,
  cardId: string,
  place: Place,
  lang: Language,
  log: Logger,
): Promise<void> {
  const removeCard = async () => {
    try {
      await client.deleteMessage(cardId);
    } catch (error) {
      if (!(error instanceof WebexApiError)) throw error;
      log.warn({ err: error, messageId: cardId }, "could not delete the card message");
    }
  };
  const postCard = (built: { fallback: string; card: Parameters<typeof placedIn>[0] }) =>
    client.createMessage({ ...place, markdown: built.fallback, card: placedIn(built.card, place.parentId) });
  switch (result.kind) {
    case "ignore":
      log.info({ why: result.why }, "card submit ignored");
      return;
    case "done":
      await removeCard();
      await client.createMessage({ ...place, markdown: result.markdown });
      return;
    case "replace":
      await removeCard();
      await postCard(result.built);
      return;
    case "open":
      await postCard(result.built);
      return;
    case "refused":
    case "say": {
      const markdown = result.kind === "say" ? result.markdown : renderRefusal(lang, result.refusal);
      if (!result.keepCard) await removeCard();
      await client.createMessage({
        ...(result.kind === "refused" && result.topLevel ? { roomId: place.roomId } : place),
        markdown,
      });
      return;
    }
  }
}

// The message catalogue as the delivery use case's MessageTexts port (app/ports/messaging.ts).
import type { MessageTexts } from "../../app/ports/messaging.ts";
import { messageLanguage, renderTemplate } from "./index.ts";

export const messageTexts: MessageTexts = {
  render: (lang, message) => renderTemplate(lang, message),
  languageOf: (message) => messageLanguage(message),
};

// Who sent a message or a card: the use case is app/identify-sender.ts (it reads the store and
// audits a first-message link); the chat and card handlers call it through this name.
export { customerAdminLanguage, identifySender as identify, type Sender } from "../app/identify-sender.ts";

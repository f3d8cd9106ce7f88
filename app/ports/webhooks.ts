// The webhook inbox and the keys of events already seen (deduplication of webhooks and card nonces).

/** A webhook recorded before Webex was answered and not handled yet. */
export interface UnhandledWebhook {
  key: string;
  /** The envelope as received (JSON). */
  envelope: unknown;
  at: Date;
}

export interface WebhookStore {
  /** Records an event key; false when it was already recorded (a repeated delivery). */
  markEventProcessed(key: string, at: Date): Promise<boolean>;
  /** Forgets a recorded key, so the same event may be handled again (its handling failed before changing anything). */
  forgetEvent(key: string): Promise<void>;
  /**
   * The webhook inbox: records an event and its envelope before Webex gets its answer; false when
   * the key was already recorded (a repeated delivery). A throw means nothing was recorded.
   */
  recordWebhook(key: string, envelope: unknown, at: Date): Promise<boolean>;
  /** The key stays known (a repeat is still a duplicate); the envelope is dropped. */
  markWebhookHandled(key: string, at: Date): Promise<void>;
  /** Recorded webhooks not handled yet, received since `since` (and before `before`, when given), oldest first. */
  unhandledWebhooks(since: Date, limit: number, before?: Date): Promise<UnhandledWebhook[]>;
}

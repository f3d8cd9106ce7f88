// Questions waiting for a "yes" (R-DEL-1), per person and space. Kept in the database the replicas
// share: the "yes" may reach another replica than the question did, and a restart keeps them.
// Taking a question removes it, so each is answered once, whichever replicas get two answers.
export interface PendingConfirmation {
  action: "trial.delete";
  trialId: string;
  version: number;
  customer: string;
  expiresAt: number;
}

/** Where the questions are kept (prisma/replica-store.ts). */
export interface ConfirmationStore {
  putConfirmation(key: string, value: unknown, expiresAt: Date): Promise<void>;
  /** The value under key, removed; null when none, or expired. */
  takeConfirmation(key: string, now: Date): Promise<unknown>;
}

export class Confirmations {
  constructor(
    private readonly store: ConfirmationStore,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  private key(roomId: string, personId: string): string {
    // No NUL: PostgreSQL text refuses it. Webex ids never contain "|".
    return `${roomId}|${personId}`;
  }

  async ask(
    roomId: string,
    personId: string,
    question: Omit<PendingConfirmation, "expiresAt">,
    now: number,
  ): Promise<void> {
    const expiresAt = now + this.ttlMs;
    await this.store.putConfirmation(this.key(roomId, personId), { ...question, expiresAt }, new Date(expiresAt));
  }

  /** The pending question, removed: each question is answered once. */
  async take(roomId: string, personId: string, now: number): Promise<PendingConfirmation | null> {
    const found = await this.store.takeConfirmation(this.key(roomId, personId), new Date(now));
    return isPending(found) ? found : null;
  }
}

function isPending(value: unknown): value is PendingConfirmation {
  const v = value as Partial<PendingConfirmation> | null;
  return (
    !!v &&
    v.action === "trial.delete" &&
    typeof v.trialId === "string" &&
    typeof v.version === "number" &&
    typeof v.customer === "string"
  );
}

/**
 * Questions kept in this process only: for a single process that never shares its chat with
 * another (the admin CLI, which asks nothing, and use-case tests). The bot uses the database.
 */
export function inProcessConfirmations(): ConfirmationStore {
  const pending = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    async putConfirmation(key, value, expiresAt) {
      pending.set(key, { value, expiresAt: expiresAt.getTime() });
    },
    async takeConfirmation(key, now) {
      const found = pending.get(key);
      pending.delete(key);
      return found && found.expiresAt > now.getTime() ? found.value : null;
    },
  };
}

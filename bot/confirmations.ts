// Questions waiting for a "yes" (R-DEL-1), per person and space. Kept in memory: a restart
// forgets them, and the person simply asks again.
export interface PendingConfirmation {
  action: "trial.delete";
  trialId: string;
  version: number;
  customer: string;
  expiresAt: number;
}

export class Confirmations {
  private readonly pending = new Map<string, PendingConfirmation>();
  constructor(private readonly ttlMs = 5 * 60_000) {}

  private key(roomId: string, personId: string): string {
    return `${roomId}\u0000${personId}`;
  }

  ask(roomId: string, personId: string, question: Omit<PendingConfirmation, "expiresAt">, now: number): void {
    this.pending.set(this.key(roomId, personId), { ...question, expiresAt: now + this.ttlMs });
  }

  /** The pending question, removed: each question is answered once. */
  take(roomId: string, personId: string, now: number): PendingConfirmation | null {
    const key = this.key(roomId, personId);
    const found = this.pending.get(key);
    this.pending.delete(key);
    return found && found.expiresAt > now ? found : null;
  }
}

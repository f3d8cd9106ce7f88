// Readiness and shutdown of the store.
export interface StoreHealth {
  /** Throws when the database cannot be reached (readiness). */
  ping(): Promise<void>;
  /**
   * True for an error that says the database could not be reached (down, restarting, connections
   * cut): the work may be retried later as it was, nothing having been written.
   */
  isUnavailable(error: unknown): boolean;
  close(): Promise<void>;
}

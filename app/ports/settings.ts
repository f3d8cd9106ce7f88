// Small state of the bot that must survive restarts (the test clock's time), as JSON.
export interface SettingsStore {
  /** The value stored under the key, or null. */
  getSetting(key: string): Promise<unknown>;
  putSetting(key: string, value: unknown): Promise<void>;
}

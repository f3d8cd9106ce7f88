// Settings that survive restarts, in memory (as long as the process lives: see memory-store.ts).
import type { SettingsStore } from "../app/ports/settings.ts";
import type { MemoryState } from "./state.ts";
import { jsonCopy } from "./values.ts";

export function memorySettings(state: MemoryState): SettingsStore {
  const { settings } = state.tables;
  return {
    async getSetting(key) {
      return settings.has(key) ? jsonCopy(settings.get(key)) : null;
    },
    async putSetting(key, value) {
      state.put(settings, key, jsonCopy(value));
    },
  };
}

// Settings that survive restarts, on Prisma (table bot_settings).
import type { SettingsStore } from "../../app/ports/settings.ts";
import type { Prisma } from "../generated/client.ts";
import type { PrismaContext } from "./context.ts";

export function prismaSettings({ prisma }: PrismaContext): SettingsStore {
  return {
    async getSetting(key) {
      return (await prisma.botSetting.findUnique({ where: { key } }))?.value ?? null;
    },
    async putSetting(key, value) {
      const json = value as Prisma.InputJsonValue;
      await prisma.botSetting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
    },
  };
}

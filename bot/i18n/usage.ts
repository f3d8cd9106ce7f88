// Chat commands the refusals point people to ("what to do instead"), as the command catalogue
// (./en/commands.ts) spells them. Kept in one place so the refusals follow the command grammar
// if it changes. Commands are typed in English in every language.
import { code } from "./format.ts";

export const USAGE = {
  show: code("trial show <customer>"),
  list: code("trial list"),
  start: code("trial start"),
  add: code("trial add <customer>"),
  extend: code("trial extend <customer> <days>"),
  extendConfirm: code("trial extend <customer> <days> confirm"),
  cancel: code("trial cancel <customer>"),
  resend: code("trial resend <customer>"),
  provision: code("trial provision <customer>"),
  services: code("trial services <customer> +calling -meetings"),
  convertConfirm: code("trial convert <customer> order <number> contact <email> confirm"),
  deviceContact: code("device contact <customer> [demo <order>] [org <orgId>] [admin <email>] [serials <s1,s2>]"),
  help: code("help"),
} as const;

/** The same commands for Korean readers: command words stay English, placeholders are Korean. */
export const USAGE_KO: Record<keyof typeof USAGE, string> = {
  show: code("trial show <고객>"),
  list: code("trial list"),
  start: code("trial start"),
  add: code("trial add <고객>"),
  extend: code("trial extend <고객> <일수>"),
  extendConfirm: code("trial extend <고객> <일수> confirm"),
  cancel: code("trial cancel <고객>"),
  resend: code("trial resend <고객>"),
  provision: code("trial provision <고객>"),
  services: code("trial services <고객> +calling -meetings"),
  convertConfirm: code("trial convert <고객> order <주문번호> contact <이메일> confirm"),
  deviceContact: code("device contact <고객> [demo <주문번호>] [org <조직ID>] [admin <이메일>] [serials <s1,s2>]"),
  help: code("help"),
};

// The tokeniser's fast path (a line without quotes) must split exactly as yargs-parser does.

import { describe, expect, it } from "vitest";
import yargsParser from "yargs-parser";
import { tokenise } from "../../bot/commands/parse.ts";

const viaYargs = (line: string) =>
  yargsParser(`x ${line}`, {
    configuration: { "parse-numbers": false, "parse-positional-numbers": false, "halt-at-non-option": true },
  })
    ._.slice(1)
    .map(String);

describe("tokenise", () => {
  it("splits a line without quotes as yargs-parser does, options, numbers and runs of spaces included", () => {
    const lines = [
      "whoami",
      "trial list",
      "trial   extend acme 30",
      " trial extend acme 30 ",
      "trial start -meetings --calling -5 -- x",
      "trial list expiring 7 --json=1 -n 3",
      "customer add acme.example Acme\u00e9 Corp 0012",
      "trial extend 012 1e3 0x10 -0",
      "a=b c==d --e f",
      "",
    ];
    for (const line of lines) expect(tokenise(line).map((t) => t.text)).toEqual(viaYargs(line));
    for (const line of lines) expect(tokenise(line).every((t) => !t.quoted)).toBe(true);
  });

  it("still reads quotes through yargs-parser", () => {
    expect(tokenise('trial start "Acme  Corp" 30')).toEqual([
      { text: "trial", quoted: false },
      { text: "start", quoted: false },
      { text: "Acme Corp", quoted: true, closed: true },
      { text: "30", quoted: false },
    ]);
    expect(tokenise("trial show 'Acme").at(-1)).toEqual({ text: "Acme", quoted: true, closed: false });
  });
});

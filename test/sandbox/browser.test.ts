// The sandbox in a real browser (Debian's Chromium driven by playwright-core): the page acts as
// the personas through the Webex emulator, the bot answers, cards are rendered by the official
// Adaptive Cards renderer and submitted as attachment actions, and the test clock moves a trial
// to its expiry. Screenshots of the main screens go to test/sandbox/artifacts/ (not in git);
// with SANDBOX_DOCS_SCREENSHOT=1 the new-customer card in the partner space is also saved as
// docs/sandbox.png (the README's picture).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../app/config.ts";
import { createLogger } from "../../app/logger.ts";
import { type RunningSandbox, startSandbox } from "../../sandbox/index.ts";
import { resetSandbox } from "../../sandbox/reset.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = join(ROOT, "test", "sandbox", "artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const WAIT = 20_000;

let sandbox: RunningSandbox;
let dataDir: string;
const config = readConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" });
let browser: BrowserContext;
let page: Page;
const temp: string[] = [];

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};

async function shoot(name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The message list of the open space. */
const messages = () => page.locator("#messages");

/** Types a message in the composer and sends it with Enter. */
async function say(text: string): Promise<void> {
  const input = page.locator("#input");
  await input.fill(text);
  await input.press("Enter");
}

async function openRoom(title: string): Promise<void> {
  await page.locator(`.room[data-room-title="${title}"]`).click();
  await expect.poll(() => page.locator("#space-title").textContent()).toBe(title);
}

async function actAs(persona: string, room: string): Promise<void> {
  await page.locator("#persona").selectOption(persona);
  await page.locator(`.room[data-room-title="${room}"]`).waitFor({ timeout: WAIT });
  await openRoom(room);
}

/** The newest card in the open space that has an input with this id, pinned to its message. */
async function cardWith(inputId: string): Promise<Locator> {
  const newest = messages()
    .locator(".message")
    .filter({ has: page.locator(`.card [id="${inputId}"]`) })
    .last();
  await newest.waitFor({ timeout: WAIT });
  const id = await newest.getAttribute("data-message-id");
  return messages().locator(`.message[data-message-id="${id}"] .card`);
}

/** Sets an Adaptive Card input by its id: text, a compact choice (select), checkboxes (multi choice) or a toggle. */
async function setInput(card: Locator, id: string, value: string | string[] | boolean): Promise<void> {
  const input = card.locator(`[id="${id}"]`);
  if (typeof value === "boolean") return input.locator("input[type=checkbox]").first().setChecked(value);
  if (Array.isArray(value)) {
    for (const v of value) await input.locator(`input[type=checkbox][value="${v}"]`).check();
    return;
  }
  if ((await input.locator("select").count()) > 0) {
    await input.locator("select").selectOption(value);
    return;
  }
  await input.locator("input, textarea").first().fill(value);
}

async function see(text: string | RegExp): Promise<Locator> {
  const found = messages().locator(".message").filter({ hasText: text }).last();
  await found.waitFor({ timeout: WAIT });
  return found;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  dataDir = tempDir("trials-sandbox-");
  sandbox = await startSandbox({ config, logger: createLogger(config), dataDir, port: 0 });
  browser = await chromium.launchPersistentContext(tempDir("trials-chromium-"), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
  });
  page = await browser.newPage();
  page.setDefaultTimeout(WAIT);
  await page.goto(`${sandbox.url}?persona=partnerAdmin`);
  await page.locator("body[data-ready=true]").waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  // Also clears the sandbox's queues from the shared Redis.
  if (dataDir) await resetSandbox({ dataDir, redisUrl: config.redisUrl, queuePrefix: config.queuePrefix });
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
}, 60_000);

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("the sandbox in a browser", () => {
  it("opens as the partner's full admin in the Bright Partners space, with the seeded history", async () => {
    expect(sandbox.seeded).toBe(true);
    await expect.poll(() => page.locator("#space-title").textContent()).toBe("Bright Partners");
    await see("Trial started for Acme Corp");
    await expect.poll(() => page.locator("#persona-card").textContent()).toContain("Fiona Fuller");
    // The spaces of this persona, and the direct space with the bot.
    await page.locator('.room[data-room-title="Trials Bot"]').waitFor();
    expect(await page.locator('.room[data-room-title="Trials Ops"]').count()).toBe(0);
  });

  it("R-NEW-1: starts a new-customer trial by filling and submitting the card", async () => {
    await say("trial start");
    const card = await cardWith("companyName");
    // The reply is in the thread of the command.
    expect(
      await messages().locator(".thread").filter({ hasText: "trial start" }).last().locator(".replies .card").count(),
    ).toBe(1);
    await setInput(card, "companyName", "Stark Industries");
    await setInput(card, "adminEmail", "tony@stark.example");
    await setInput(card, "vertical", "Manufacturing");
    await setInput(card, "country", "US");
    await setInput(card, "locationAck", true);
    await setInput(card, "services", ["messaging", "calling"]);
    // The command, the card's title and its first inputs in view: the README's picture.
    await card.evaluate((el) => el.closest(".thread")?.scrollIntoView({ block: "start" }));
    await shoot("1-new-customer-card");
    if (process.env.SANDBOX_DOCS_SCREENSHOT === "1") await page.screenshot({ path: join(ROOT, "docs", "sandbox.png") });
    await card.getByRole("button", { name: "Start trial" }).click();
    await see(/Trial started for Stark Industries/);
    await shoot("2-trial-started");
  });

  it("R-CONSENT-1/2: starts an existing-customer trial, which asks the customer for consent", async () => {
    await say("trial start existing");
    const lookup = await cardWith("customer");
    await setInput(lookup, "customer", "globex");
    await lookup.getByRole("button", { name: "Next" }).click();
    const card = await cardWith("orgConfirmed");
    await setInput(card, "orgConfirmed", true);
    await setInput(card, "adminEmail", "carla@globex.example");
    await setInput(card, "services", ["messaging"]);
    await card.getByRole("button", { name: "Send consent request" }).click();
    await see(/Consent requested from Globex Corporation/);
  });

  it("R-CONSENT-3/4: a customer admin's day in Korean: the consent card, accept; the partner provisions", async () => {
    await actAs("customerAdmin", "Trials Bot");
    // The persona's label is shown whole, not cut off.
    const label = page.locator("#persona-card .persona-label");
    await expect.poll(() => label.textContent()).toBe("Customer full admin · Globex Corporation · reads Korean");
    expect(
      await label.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().width > 0),
    ).toBe(true);
    const card = await cardWith("fullAdminAccess");
    await expect
      .poll(() => card.textContent())
      .toContain("Bright Partners에서 Globex Corporation의 Webex 트라이얼 시작을 요청합니다");
    await setInput(card, "fullAdminAccess", true);
    await shoot("3-consent-card-ko");
    await card.getByRole("button", { name: "수락" }).click();
    // The card is replaced by the outcome, in Korean, and the partner hears of it in its space.
    await see("감사합니다: 트라이얼을 수락했습니다.");
    expect(
      await messages()
        .locator(".card")
        .filter({ has: page.locator('[id="fullAdminAccess"]') })
        .count(),
    ).toBe(0);
    await actAs("partnerAdmin", "Bright Partners");
    // The news comes as the provisioning card itself (R-CONSENT-4): the customer accepted, and the
    // next step is one button away.
    const provision = messages()
      .locator(".message .card")
      .filter({ hasText: "Provision the trial of Globex Corporation" })
      .last();
    await provision.waitFor({ timeout: WAIT });
    expect(await provision.textContent()).toContain("The customer accepted");
    await provision.getByRole("button", { name: "Activate trial" }).click();
    await see(/Done: the trial of Globex Corporation is active until/);
  });

  it("R-EXP-1: the Korean reminder card 23 days later; 'interested in purchasing' reaches the partner", async () => {
    await actAs("ops", "Trials Ops");
    await say("clock advance 24d");
    await see(/Test clock: .*timer\(s\) fired/);
    await actAs("customerAdmin", "Trials Bot");
    const reminder = messages()
      .locator(".message .card")
      .filter({ hasText: /Webex 트라이얼이 \d+일 후에 끝납니다/ })
      .last();
    await reminder.waitFor({ timeout: WAIT });
    expect(await reminder.textContent()).toContain("Globex Corporation의");
    await shoot("3b-reminder-card-ko");
    await reminder.getByRole("button", { name: "구매에 관심이 있습니다" }).click();
    await see("감사합니다: Bright Partners에게 구매 관심을 알렸습니다.");
    await actAs("partnerAdmin", "Bright Partners");
    await see(/Globex Corporation is interested in purchasing/);
  });

  it("R-EXP-1/2/6: advancing the test clock to day 31 expires the new trial; ops see the alerts in their space", async () => {
    await actAs("ops", "Trials Ops");
    await say("clock advance 7d");
    const reply = await see(/Test clock: .*timer\(s\) fired/);
    await expect
      .poll(async () =>
        Number(
          /\((\d+) timer/.exec(
            (await messages()
              .locator(".message")
              .filter({ hasText: /Test clock: .*timer\(s\) fired/ })
              .last()
              .textContent()) ?? "",
          )?.[1],
        ),
      )
      .toBeGreaterThanOrEqual(3);
    void reply;
    await see(/Expiry reminder sent:.*Stark Industries ends in 7 days/);
    await see(/Trial expired:.*Stark Industries/);
    // R-EXP-6: the daily digest follows the test clock into the ops space.
    await see(/Daily trials digest/);
    await page.locator("#messages").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await shoot("4-ops-expiry-alerts");
    // The page's clock follows.
    await expect
      .poll(() => page.locator("#clock-now").getAttribute("data-now"), { timeout: WAIT })
      .toBe(sandbox.testClock.show().toISOString());
  });

  it("replies in a thread: the command and the bot's answer show under the thread's first message", async () => {
    await actAs("salesAdmin", "Bright Partners");
    const root = await see("Trial started for Acme Corp");
    await root.hover();
    await root.getByRole("button", { name: "Reply" }).click();
    await expect.poll(() => page.locator("#reply-note").isVisible()).toBe(true);
    await say("trial show acme");
    const thread = messages()
      .locator(".thread")
      .filter({ has: page.locator(`.message[data-message-id="${await root.getAttribute("data-message-id")}"]`) });
    await thread.locator(".replies .message[data-author=bot]").filter({ hasText: "Acme Corp" }).first().waitFor();
    await shoot("5-thread-reply");
    expect(await thread.locator(".replies .message[data-author=me]").textContent()).toContain("trial show acme");
    await expect.poll(() => page.locator("#reply-note").isVisible()).toBe(false);
  });

  it("lists the trials in the partner space, the new one expired", async () => {
    await actAs("partnerAdmin", "Bright Partners");
    await say("trial list");
    await see(/Stark Industries.*expired/);
    await page.locator("#messages").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await shoot("6-partner-space");
  });

  it("a card's own validation (a required field left empty) is highlighted like the bot's problems", async () => {
    await actAs("partnerAdmin", "Bright Partners");
    await say("trial start");
    const card = await cardWith("companyName");
    await card.getByRole("button", { name: "Start trial" }).click();
    const field = card.locator('[id="companyName"]');
    const message = card.locator(".ac-input-validation-failed").first();
    await message.waitFor({ timeout: WAIT });
    // The renderer's message under the field, in the attention colour the bot's problems use,
    // and the field itself marked as failed.
    const colourOf = (l: Locator, property: "color" | "borderTopColor") =>
      // biome-ignore lint/suspicious/noExplicitAny: a DOM element in the page, and this project compiles without the DOM lib
      l.evaluate((el: any, p: string) => el.ownerDocument.defaultView.getComputedStyle(el)[p] as string, property);
    const note = field
      .locator(".ac-textBlock", { hasText: /^fill it in$/ })
      .or(card.locator(".ac-textBlock", { hasText: /^fill it in$/ }))
      .first();
    await note.waitFor({ timeout: WAIT });
    expect(await colourOf(note, "color")).toBe("rgb(209, 47, 47)");
    expect(await colourOf(message, "borderTopColor")).toBe("rgb(209, 47, 47)");
  });

  it("in a 760-pixel window the persona picker, the spaces and the clock stay in view and usable", async () => {
    await page.setViewportSize({ width: 760, height: 700 });
    try {
      for (const selector of ["#persona", '.room[data-room-title="Bright Partners"]', "#clock-now", "#send"]) {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        expect(box!.width, selector).toBeGreaterThan(10);
        expect(box!.x + box!.width, selector).toBeLessThanOrEqual(760);
        expect(box!.y + box!.height, selector).toBeLessThanOrEqual(700);
      }
      // The side panel does not collapse: beside the messages, full height, and nothing in it covered.
      const rail = (await page.locator(".rail").boundingBox())!;
      const list = (await page.locator("#messages").boundingBox())!;
      expect(rail.width).toBeGreaterThanOrEqual(200);
      expect(rail.height).toBeGreaterThanOrEqual(690);
      expect(rail.x + rail.width).toBeLessThanOrEqual(list.x);
      for (const selector of ["#persona", "#clock"]) {
        const box = (await page.locator(selector).boundingBox())!;
        const hit = await page.evaluate(
          `(() => { const e = document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2}); return e ? (e.closest("${selector}") ? "ok" : e.outerHTML.slice(0, 120)) : "nothing"; })()`,
        );
        expect(hit, selector).toBe("ok");
      }
      await actAs("salesAdmin", "Bright Partners");
      await expect.poll(() => page.locator("#persona-card").textContent()).toContain("Sam Sales");
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
    }
  });

  it("a stopped server: a 'not answering' bar above the messages, no 'Failed to fetch' over Send; gone once it answers", async () => {
    await page.route("**/webex/v1/**", (route) => route.abort("connectionrefused"));
    try {
      await page.locator("#offline-bar").waitFor({ timeout: WAIT });
      expect(await page.locator("#offline-bar").textContent()).toContain("The sandbox is not answering");
      expect(await page.locator(".error-bar").count()).toBe(0);
      expect(await page.locator("body").textContent()).not.toContain("Failed to fetch");
      const send = (await page.locator("#send").boundingBox())!;
      expect(
        await page.evaluate(`document.elementFromPoint(${send.x + send.width / 2}, ${send.y + send.height / 2})?.id`),
      ).toBe("send");
    } finally {
      await page.unroute("**/webex/v1/**");
    }
    await expect.poll(() => page.locator("#offline-bar").count(), { timeout: WAIT }).toBe(0);
  });
});

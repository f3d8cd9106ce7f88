// A test clock, like a billing system's: time stands still until someone moves it, and moving it
// fires every deadline that falls due on the way, in order, as if that time had passed. The sandbox
// (and lifecycle tests) use it so a trial goes through reminders, expiry, grace and lapse in a
// minute: `clock advance 7d`.
//
// Each deadline is fired at its own instant (the clock steps to it first): a reminder fired after
// the trial's end would be skipped by the domain, as it would in real life if the job ran late.
// Each firing recomputes the trial's timers, so deadlines that appear (grace end after expiry)
// are found by the next pass. Firing goes through TrialCommands.fireTimer, the same use case the
// queue's jobs call; a job that fires later for a deadline handled here does nothing.
import type { TimerKind } from "../domain/effects.ts";
import { type Refusal, refuse } from "../domain/refusals.ts";
import type { ManualClock } from "./clock.ts";
import type { Store } from "./store.ts";
import type { Outcome } from "./trial-commands.ts";

export interface TestClockDeps {
  store: Pick<Store, "pendingTimers">;
  commands: { fireTimer(trialId: string, kind: TimerKind, dueAt: Date): Promise<Outcome> };
  /** Delivers the outbox after deadlines fired (the bot's outbox delivery), so their messages are out when advance resolves. */
  deliver?: () => Promise<unknown>;
  /**
   * Keeps the clock's time where a restart finds it (the store): awaited at every move, so a bot
   * killed mid-advance restarts at the last deadline it fired, not at wall time.
   */
  persist?: (at: Date) => Promise<void>;
}

/** The store setting that holds the test clock's time across restarts. */
export const TEST_CLOCK_SETTING = "test_clock";

/** The saved time of a test clock, or null when none (or unreadable) was saved. */
export function savedTestClock(value: unknown): Date | null {
  const at = value && typeof value === "object" ? Date.parse(String((value as { now?: unknown }).now)) : NaN;
  return Number.isFinite(at) ? new Date(at) : null;
}

export interface FiredTimer {
  trialId: string;
  kind: TimerKind;
  dueAt: Date;
}

/** A bound on deadlines fired by one advance: a bug that keeps re-creating a due timer stops here. */
const MAX_FIRINGS_PER_ADVANCE = 10_000;

export class TestClock {
  private deps: TestClockDeps | null;
  /** Advances run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The advance under way: how far it goes, and the deadlines fired so far. */
  private current: { target: number; fired: FiredTimer[] } | null = null;

  /**
   * Who may move it from chat: "everyone" in the local sandbox (nothing real is at stake), else
   * bot admins only (a test clock on a bot connected to real or emulated Webex).
   */
  readonly audience: "everyone" | "bot_admins";

  constructor(
    readonly clock: ManualClock,
    deps?: TestClockDeps,
    private readonly options: { onMoved?: (now: Date) => void; audience?: "everyone" | "bot_admins" } = {},
  ) {
    this.deps = deps ?? null;
    this.audience = options.audience ?? "bot_admins";
  }

  /** Whether this person may read or move the clock from chat (its audience), or the refusal. */
  refusalFor(who: { isBotAdmin: boolean }): Refusal | null {
    return this.audience === "bot_admins" && !who.isBotAdmin ? refuse("role_required", { roles: ["bot admin"] }) : null;
  }

  /** For composition roots that build the store and use cases after the clock. */
  bind(deps: TestClockDeps): void {
    this.deps = deps;
  }

  get isBound(): boolean {
    return this.deps !== null;
  }

  show(): Date {
    return this.clock.now();
  }

  /** Moves the clock forward by ms, fires every deadline due on the way; returns how many fired. */
  async advance(ms: number): Promise<number> {
    return (await this.advanceWithDetails(ms)).length;
  }

  /** As advance, with the deadlines fired (those that changed something), in the order fired. */
  advanceWithDetails(ms: number): Promise<FiredTimer[]> {
    if (!Number.isFinite(ms) || ms < 0)
      return Promise.reject(new RangeError(`the test clock only moves forward (got ${ms} ms)`));
    const run = this.queue.then(() => this.runTo(new Date(this.clock.now().getTime() + ms)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Moves the clock to `target` (not backwards), firing what falls due; for seeding history. */
  advanceTo(target: Date): Promise<FiredTimer[]> {
    return this.advanceWithDetails(Math.max(0, target.getTime() - this.clock.now().getTime()));
  }

  /**
   * A deadline the timer jobs fired (they run beside the clock, and once the clock has moved to a
   * deadline its job may fire it before the advance's own loop does): fired within the advance
   * under way, if any, so the advance reports it too.
   */
  noteFired(timer: FiredTimer): void {
    const current = this.current;
    if (current && timer.dueAt.getTime() <= current.target) note(current.fired, timer);
  }

  private async runTo(target: Date): Promise<FiredTimer[]> {
    const fired: FiredTimer[] = [];
    this.current = { target: target.getTime(), fired };
    try {
      return await this.fireUpTo(target, fired);
    } finally {
      this.current = null;
    }
  }

  private async fireUpTo(target: Date, fired: FiredTimer[]): Promise<FiredTimer[]> {
    const deps = this.deps;
    if (!deps) throw new Error("the test clock is not bound to a store yet");
    // A deadline the domain skips (stale, moved) stays listed until its trial changes: try each once.
    const tried = new Set<string>();
    for (let i = 0; i < MAX_FIRINGS_PER_ADVANCE; i++) {
      const next = (await deps.store.pendingTimers())
        .filter((t) => t.dueAt.getTime() <= target.getTime() && !tried.has(keyOf(t)))
        .sort(
          (a, b) =>
            a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind) || a.trialId.localeCompare(b.trialId),
        )[0];
      if (!next) break;
      tried.add(keyOf(next));
      if (next.dueAt.getTime() > this.clock.now().getTime()) await this.moveTo(next.dueAt);
      const outcome = await deps.commands.fireTimer(next.trialId, next.kind, next.dueAt);
      if (outcome.ok && !outcome.decision.skipped)
        note(fired, { trialId: next.trialId, kind: next.kind, dueAt: next.dueAt });
    }
    if (target.getTime() > this.clock.now().getTime()) await this.moveTo(target);
    if (deps.deliver && fired.length > 0) await deps.deliver();
    return fired;
  }

  private async moveTo(at: Date): Promise<void> {
    this.clock.set(at);
    this.options.onMoved?.(at);
    await this.deps?.persist?.(at);
  }
}

/** Adds a firing once (the clock's loop and a timer job cannot both fire one deadline, but say so). */
function note(fired: FiredTimer[], timer: FiredTimer): void {
  if (!fired.some((f) => keyOf(f) === keyOf(timer))) fired.push(timer);
}

function keyOf(t: FiredTimer): string {
  return `${t.trialId}|${t.kind}|${t.dueAt.toISOString()}`;
}

// The clock is injected everywhere: production uses the system clock; tests and the sandbox's
// test clock move it by hand.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date) {
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = to.getTime();
  }
  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

// Time comes from a Clock so tests can move it; nothing else calls Date.now() for logic.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests and the console's `:time` meta-command. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | string | number = Date.now()) {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(at: Date | string | number): void {
    this.ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * The minute `at` falls in, as a clock shows it (ms since the epoch, floored to the minute):
 * windows shown to the minute ("opens at 10:51") are enforced on it, so 10:51:05 is 10:51.
 */
export const minuteOf = (at: Date): number => Math.floor(at.getTime() / 60_000);

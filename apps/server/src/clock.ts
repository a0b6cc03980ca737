/** Time source for everything that depends on "now" (holds, deadlines, token expiry), so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  #t: number;
  constructor(start: Date | string = new Date()) {
    this.#t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#t);
  }
  set(t: Date | string): void {
    this.#t = new Date(t).getTime();
  }
  advance(ms: number): void {
    this.#t += ms;
  }
}

/** A clock that can be moved (ManualClock, or the demo seed's OffsetClock). */
export interface SettableClock extends Clock {
  set(t: Date | string): void;
}
export function isSettable(c: Clock): c is SettableClock {
  return typeof (c as Partial<SettableClock>).set === 'function';
}

/**
 * The machine's time shifted by an offset that `set` chooses: the demo seed runs parties in the past through the
 * real services (book, go live, complete, review) and then returns to the present with `set(realNow)`.
 */
export class OffsetClock implements SettableClock {
  #offset = 0;
  now(): Date {
    return new Date(Date.now() + this.#offset);
  }
  set(t: Date | string): void {
    this.#offset = new Date(t).getTime() - Date.now();
  }
  /** Back to the machine's time. */
  reset(): void {
    this.#offset = 0;
  }
}

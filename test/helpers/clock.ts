// A Clock the test moves by hand, so backoff, leases and hold expiry are deterministic.
import type { Clock } from '../../src/governance/ports.ts';

export interface ManualClock extends Clock {
  /** Milliseconds since the epoch the clock now reads. */
  readonly ms: number;
  advance(ms: number): Date;
  set(at: Date | number): Date;
}

export function manualClock(start: Date | number = Date.UTC(2030, 0, 1)): ManualClock {
  let ms = typeof start === 'number' ? start : start.getTime();
  return {
    get ms() {
      return ms;
    },
    now: () => new Date(ms),
    advance: (by) => {
      if (by < 0) throw new Error('a manual clock only moves forward');
      ms += by;
      return new Date(ms);
    },
    set: (at) => {
      ms = typeof at === 'number' ? at : at.getTime();
      return new Date(ms);
    },
  };
}

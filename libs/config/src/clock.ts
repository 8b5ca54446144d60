import { readFileSync } from 'node:fs';
import type { Environment } from './environment';

/** Where time comes from for anything that decides by it (send windows, scheduled jobs); injectable for tests. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Tests only: the real time plus the milliseconds written in a file (missing or empty: plus 0), read on
 * every call so a test can move the clock of services running in other processes too.
 */
export class OffsetFileClock extends Clock {
  constructor(private readonly path: string) {
    super();
  }

  now(): Date {
    let offset = 0;
    try {
      offset = Number(readFileSync(this.path, 'utf8').trim()) || 0;
    } catch {
      // no file yet: no offset
    }
    return new Date(Date.now() + offset);
  }
}

/** The system clock, or the movable one when TEST_CLOCK_FILE is set (validated to happen only under NODE_ENV=test). */
export function clockFor(environment: Pick<Environment, 'TEST_CLOCK_FILE'>): Clock {
  return environment.TEST_CLOCK_FILE ? new OffsetFileClock(environment.TEST_CLOCK_FILE) : new SystemClock();
}

import type { FilterQuery } from 'mongoose';
import { ErrorCode, FollowupError } from '@followup/contracts';

export type OrderKeyValue = Date | number | string | null;

/** One key of a list's order: a field of the stored record (a dotted path for a nested one), its direction and type. */
export interface OrderKey {
  field: string;
  direction: 1 | -1;
  type: 'date' | 'number' | 'string';
}

interface EncodedPosition {
  o: string;
  v: (string | number | null)[];
}

function read(record: object, field: string): unknown {
  let value: unknown = record;
  for (const part of field.split('.'))
    value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[part];
  return value;
}

function malformed(): FollowupError {
  return new FollowupError(ErrorCode.InvalidRequest, 'Field cursor is malformed.', {
    invalid_fields: ['cursor'],
    violations: { cursor: ['isCursor'] },
  });
}

/**
 * A list's order for keyset pagination ("the records after the last one of the previous page", not an offset, so a
 * page is neither skipped nor repeated while records come and go): the sort, the cursor after a record, and the
 * filter for what comes after a cursor. The last key must be unique. A record without a value for a key sorts
 * below every value, as MongoDB sorts a missing field: first when ascending, last when descending. A cursor names
 * its order, so one taken in another order is refused as malformed.
 */
export class KeysetOrder {
  constructor(
    readonly name: string,
    readonly keys: readonly OrderKey[],
  ) {}

  get sort(): Record<string, 1 | -1> {
    return Object.fromEntries(this.keys.map((key) => [key.field, key.direction]));
  }

  /** The cursor for the page that follows `record`. */
  cursorAfter(record: object): string {
    const position: EncodedPosition = {
      o: this.name,
      v: this.keys.map((key) => {
        const value = read(record, key.field);
        if (value === undefined || value === null) return null;
        return key.type === 'date' ? new Date(value as Date | string).toISOString() : (value as string | number);
      }),
    };
    return Buffer.from(JSON.stringify(position)).toString('base64url');
  }

  /**
   * A page of `limit` from what a query in this order fetched after the cursor (`limit + 1` records at most: one more
   * tells whether a next page exists), with the cursor for that next page.
   */
  page<T extends object>(fetched: T[], limit: number): { items: T[]; next_cursor: string | null } {
    const items = fetched.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next_cursor: fetched.length > limit && last ? this.cursorAfter(last) : null };
  }

  /** What a request's cursor asks for: the records after it, or (no cursor, or an empty one) the first page, unfiltered. */
  from(cursor: string | undefined): FilterQuery<unknown> | undefined {
    return cursor ? this.after(cursor) : undefined;
  }

  /** The records after the cursor's position in this order; a cursor that is not one of this order's is a 400. */
  after(cursor: string): FilterQuery<unknown> {
    const position = this.decode(cursor);
    const branches: FilterQuery<unknown>[] = [];
    this.keys.forEach((key, index) => {
      const beyond = KeysetOrder.beyond(key, position[index]);
      if (!beyond) return;
      const equalBefore = this.keys.slice(0, index).map((earlier, at) => ({ [earlier.field]: position[at] }));
      branches.push(equalBefore.length === 0 ? beyond : { $and: [...equalBefore, beyond] });
    });
    return { $or: branches };
  }

  /** Records strictly past `value` on one key; undefined when none can be (descending past a missing value). */
  private static beyond({ field, direction }: OrderKey, value: OrderKeyValue): FilterQuery<unknown> | undefined {
    if (direction === 1) return value === null ? { [field]: { $ne: null } } : { [field]: { $gt: value } };
    return value === null ? undefined : { $or: [{ [field]: { $lt: value } }, { [field]: null }] };
  }

  private decode(cursor: string): OrderKeyValue[] {
    let position: Partial<EncodedPosition>;
    try {
      position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<EncodedPosition>;
    } catch {
      throw malformed();
    }
    if (position?.o !== this.name || !Array.isArray(position.v) || position.v.length !== this.keys.length) throw malformed();
    return this.keys.map((key, index) => {
      const value = position.v![index];
      if (value === null && index < this.keys.length - 1) return null;
      if (key.type === 'number' && typeof value === 'number' && Number.isFinite(value)) return value;
      if (key.type === 'string' && typeof value === 'string') return value;
      if (key.type === 'date' && typeof value === 'string') {
        const date = new Date(value);
        if (!Number.isNaN(date.getTime())) return date;
      }
      throw malformed();
    });
  }
}

import type { FilterQuery, Model, UpdateQuery } from 'mongoose';
import { GroupCommitBatcher } from '@followup/config';

interface PendingUpdate<D> {
  filter: FilterQuery<D>;
  update: UpdateQuery<D>;
  /** Whether the update surely matched its document. */
  matched?: boolean;
  /** The failure of an update of it alone: what its caller is told. */
  failure?: unknown;
}

/**
 * Conditional updates of one document each, in one collection, as a group commit (GroupCommitBatcher): the updates
 * handed over while the previous write is under way go together in one unordered bulkWrite, so concurrent handlers
 * share one database command under load, and a lone update goes at once as an updateOne. Each is cast by the model
 * as `Model.updateOne` casts it, the schema's `updated_at` timestamp included.
 *
 * The database answers a bulk write with how many of its updates matched, not which. When all did, each caller
 * learns that its update matched; when one or more did not, every caller of that group learns only that its update
 * may not have (false), and must look at the document, as after a conditional update that lost a race. So it serves
 * updates whose misses are rare and whose callers read the document after one. A bulk write that fails is tried
 * again as single updates, each alone, so only the update at fault (or every one, when the database is away) fails.
 * That retry may follow a bulk write that applied some of them, so each update must change a field its filter tests
 * (a version: `{version: n}` → `$set: {version: n + 1}`), which makes an applied one match nothing and answer false
 * instead of being applied twice.
 */
export class GroupUpdate<D> {
  private readonly batcher = new GroupCommitBatcher<PendingUpdate<D>>((pending) => this.updateAll(pending));

  constructor(private readonly model: Model<D>) {}

  /** True when the update matched its document; false when it did not, or may not have (see the class). */
  async updateOne(filter: FilterQuery<D>, update: UpdateQuery<D>): Promise<boolean> {
    const pending: PendingUpdate<D> = { filter, update };
    await this.batcher.add(pending);
    if (pending.failure !== undefined) throw pending.failure;
    return pending.matched === true;
  }

  private async updateAll(pending: PendingUpdate<D>[]): Promise<void> {
    if (pending.length === 1) {
      const [alone] = pending;
      try {
        const { matchedCount } = await this.model.updateOne(alone.filter, alone.update).exec();
        alone.matched = matchedCount > 0;
      } catch (error) {
        alone.failure = error;
      }
      return;
    }
    try {
      const operations = pending.map(({ filter, update }) => ({ updateOne: { filter, update } }));
      const { matchedCount } = await this.model.bulkWrite(operations as Parameters<Model<D>['bulkWrite']>[0], {
        ordered: false,
        throwOnValidationError: true,
      });
      const everyOneMatched = matchedCount === pending.length;
      for (const one of pending) one.matched = everyOneMatched;
    } catch {
      await Promise.all(pending.map((one) => this.updateAll([one])));
    }
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { onlyDuplicateKeys } from '@followup/persistence';
import { TextDigestKeyDocument } from './audit-record.schema';
import { DigestKeyOwner, newDigestKey, ownerIdOf } from './text-digest-keys';

export type StoredDigestKey = DigestKeyOwner & { key: Buffer };

/** The restricted store of the digest keys, one per owner of a tenant. */
@Injectable()
export class TextDigestKeyRepository {
  constructor(@InjectModel(TextDigestKeyDocument.name) private readonly keys: Model<TextDigestKeyDocument>) {}

  /**
   * Each owner's key, created on first use: a new random key is inserted for every owner (one command), and where the
   * unique (owner, tenant) index refuses one (an owner seen before, or another instance inserting at the same time) the
   * stored keys are read instead (one query), so every instance digests an owner's texts under the same key. An owner
   * whose key an erasure deleted between the two is tried again.
   */
  async keysOf(owners: readonly DigestKeyOwner[]): Promise<StoredDigestKey[]> {
    const found: StoredDigestKey[] = [];
    let missing = owners;
    while (missing.length > 0) {
      const created = missing.map(({ tenant, owner }) => ({ tenant, owner, key: newDigestKey() }));
      try {
        const createdAt = new Date().toISOString();
        await this.keys.collection.insertMany(
          created.map(({ tenant, owner, key }) => ({ tenant, owner, key: key.toString('hex'), created_at: createdAt })),
          { ordered: false },
        );
        return [...found, ...created];
      } catch (error) {
        if (!onlyDuplicateKeys(error)) throw error;
      }
      const stored = await this.storedKeysOf(missing);
      found.push(...stored);
      const storedIds = new Set(stored.map(ownerIdOf));
      missing = missing.filter((owner) => !storedIds.has(ownerIdOf(owner)));
    }
    return found;
  }

  private async storedKeysOf(owners: readonly DigestKeyOwner[]): Promise<StoredDigestKey[]> {
    const wanted = new Set(owners.map(ownerIdOf));
    const stored = await this.keys
      .find({ owner: { $in: [...new Set(owners.map(({ owner }) => owner))] } }, { _id: 0, tenant: 1, owner: 1, key: 1 })
      .lean<TextDigestKeyDocument[]>()
      .exec();
    return stored
      .filter((key) => wanted.has(ownerIdOf(key)))
      .map(({ tenant, owner, key }) => ({ tenant, owner, key: Buffer.from(key, 'hex') }));
  }

  /** Erasure: deletes the keys of these owners of the tenant. Returns how many. */
  async erase(tenant: string, owners: readonly string[]): Promise<number> {
    const result = await this.keys.collection.deleteMany({ tenant, owner: { $in: [...owners] } });
    return result.deletedCount;
  }
}

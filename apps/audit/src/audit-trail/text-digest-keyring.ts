import { Injectable } from '@nestjs/common';
import { BoundedMap } from '@followup/config';
import { ErasedLeads } from '@followup/messaging';
import { TextDigestKeyRepository } from './text-digest-key.repository';
import { DigestKeyOwner, digestKeyOwnerOf, DigestKeys, newDigestKey, ownerIdOf } from './text-digest-keys';

/** How many owners' keys the process remembers (32 bytes each). */
export const REMEMBERED_KEYS = 10_000;

/** The ids of a record that say whose texts it holds. */
export interface TextOwnerIds {
  tenant: string;
  lead_id?: string;
  recommendation_id?: string;
}

/**
 * The digest keys of the first stage: an owner's key is remembered once read or created, so a lead's later events
 * cost no query. A lead erased before (ErasedLeads) gets a random key kept nowhere, and its remembered key is
 * forgotten: its texts are stored as tombstones, and their digests must not be linkable to any text either.
 */
@Injectable()
export class TextDigestKeyring {
  private readonly remembered = new BoundedMap<string, Buffer>(REMEMBERED_KEYS);

  constructor(private readonly repository: TextDigestKeyRepository) {}

  /** The keys of the records' owners: remembered, else created or read for all of them at once. */
  async keysFor(records: readonly TextOwnerIds[], erased: ErasedLeads): Promise<DigestKeys> {
    const keys = new DigestKeys();
    const unknown = new Map<string, DigestKeyOwner>();
    for (const record of records) {
      const owner = digestKeyOwnerOf(record);
      if (keys.has(owner)) continue;
      const id = ownerIdOf(owner);
      if (record.lead_id !== undefined && erased.has(record.tenant, record.lead_id)) {
        this.remembered.delete(id);
        keys.set(owner, newDigestKey());
        continue;
      }
      const known = this.remembered.get(id);
      if (known) keys.set(owner, known);
      else unknown.set(id, owner);
    }
    if (unknown.size === 0) return keys;
    for (const { key, ...owner } of await this.repository.keysOf([...unknown.values()])) {
      this.remembered.set(ownerIdOf(owner), key);
      keys.set(owner, key);
    }
    return keys;
  }

  /** Erasure: deletes (and forgets) the keys of these owners of the tenant; returns how many were stored. */
  erase(tenant: string, owners: readonly string[]): Promise<number> {
    for (const owner of owners) this.remembered.delete(ownerIdOf({ tenant, owner }));
    return this.repository.erase(tenant, owners);
  }
}

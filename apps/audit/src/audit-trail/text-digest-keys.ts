import { randomBytes } from 'node:crypto';

/** A digest key's length: 32 random bytes, the size of the HMAC-SHA256 output. */
export const DIGEST_KEY_BYTES = 32;

/** Whose texts a digest key digests, within a tenant: `lead:<id>`, `recommendation:<id>` or `tenant`. */
export interface DigestKeyOwner {
  tenant: string;
  owner: string;
}

export const leadKeyOwner = (leadId: string): string => `lead:${leadId}`;
export const recommendationKeyOwner = (recommendationId: string): string => `recommendation:${recommendationId}`;
export const TENANT_KEY_OWNER = 'tenant';

/**
 * Whose key digests a record's texts, as `draft_texts` ties them: the lead the record names; else the recommendation
 * (a text naming no lead, which the lead's erasure erases through its recommendations); else the tenant (an
 * unattributable dead letter, which no erasure reaches). So an erasure deletes the keys of exactly the texts it erases.
 */
export function digestKeyOwnerOf(record: { tenant: string; lead_id?: string; recommendation_id?: string }): DigestKeyOwner {
  if (record.lead_id) return { tenant: record.tenant, owner: leadKeyOwner(record.lead_id) };
  if (record.recommendation_id) return { tenant: record.tenant, owner: recommendationKeyOwner(record.recommendation_id) };
  return { tenant: record.tenant, owner: TENANT_KEY_OWNER };
}

export function newDigestKey(): Buffer {
  return randomBytes(DIGEST_KEY_BYTES);
}

/** One name per owner across tenants (a tenant id holds no space). */
export const ownerIdOf = ({ tenant, owner }: DigestKeyOwner): string => `${tenant} ${owner}`;

/** The digest keys of the owners of a batch's texts. */
export class DigestKeys {
  private readonly byOwner = new Map<string, Buffer>();

  set(owner: DigestKeyOwner, key: Buffer): void {
    this.byOwner.set(ownerIdOf(owner), key);
  }

  has(owner: DigestKeyOwner): boolean {
    return this.byOwner.has(ownerIdOf(owner));
  }

  /** Throws for an owner whose key was not looked up: a text is never digested without its owner's key. */
  of(owner: DigestKeyOwner): Buffer {
    const key = this.byOwner.get(ownerIdOf(owner));
    if (!key) throw new Error(`no digest key was looked up for ${ownerIdOf(owner)}`);
    return key;
  }
}

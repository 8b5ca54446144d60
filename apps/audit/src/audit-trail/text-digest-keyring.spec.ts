import { ErasedLeads } from '@followup/messaging';
import { StoredDigestKey, TextDigestKeyRepository } from './text-digest-key.repository';
import { TextDigestKeyring } from './text-digest-keyring';
import { DigestKeyOwner } from './text-digest-keys';

/** A repository that hands out a fixed key per owner, and logs what it is asked. */
function keyring() {
  const asked: string[] = [];
  const stored = new Map<string, Buffer>();
  const repository = {
    keysOf: async (owners: DigestKeyOwner[]): Promise<StoredDigestKey[]> => {
      asked.push(`keys of ${owners.map(({ tenant, owner }) => `${tenant} ${owner}`).join(', ')}`);
      return owners.map((owner) => {
        const id = `${owner.tenant} ${owner.owner}`;
        if (!stored.has(id)) stored.set(id, Buffer.alloc(32, stored.size + 1));
        return { ...owner, key: stored.get(id)! };
      });
    },
    erase: async (tenant: string, owners: string[]) => {
      asked.push(`erase ${tenant} ${owners.join(', ')}`);
      return owners.length;
    },
  } as unknown as TextDigestKeyRepository;
  return { keyring: new TextDigestKeyring(repository), asked, stored };
}

describe('TextDigestKeyring', () => {
  it('asks once for the keys of every owner of a batch, and remembers them for the next', async () => {
    const { keyring: ring, asked } = keyring();
    const records = [
      { tenant: 'acme', lead_id: 'LD-1', recommendation_id: 'r-1' },
      { tenant: 'acme', lead_id: 'LD-1', recommendation_id: 'r-2' },
      { tenant: 'acme', recommendation_id: 'r-3' },
      { tenant: 'globex', lead_id: 'LD-1' },
    ];
    const first = await ring.keysFor(records, new ErasedLeads());
    expect(asked).toEqual(['keys of acme lead:LD-1, acme recommendation:r-3, globex lead:LD-1']);
    expect(first.of({ tenant: 'acme', owner: 'lead:LD-1' })).toEqual(Buffer.alloc(32, 1));
    expect(first.of({ tenant: 'globex', owner: 'lead:LD-1' })).toEqual(Buffer.alloc(32, 3));

    const again = await ring.keysFor([records[0], { tenant: 'acme', lead_id: 'LD-2' }], new ErasedLeads());
    expect(asked).toEqual(['keys of acme lead:LD-1, acme recommendation:r-3, globex lead:LD-1', 'keys of acme lead:LD-2']);
    expect(again.of({ tenant: 'acme', owner: 'lead:LD-1' })).toEqual(Buffer.alloc(32, 1));
  });

  it('gives a lead erased before a key of its own that is stored nowhere, and forgets the one it remembered', async () => {
    const { keyring: ring, asked, stored } = keyring();
    const lead = { tenant: 'acme', lead_id: 'LD-9' };
    const before = (await ring.keysFor([lead], new ErasedLeads())).of({ tenant: 'acme', owner: 'lead:LD-9' });

    const erased = ErasedLeads.of([{ tenant: 'acme', lead_id: 'LD-9' }]);
    const after = await ring.keysFor([lead, lead], erased);
    const throwaway = after.of({ tenant: 'acme', owner: 'lead:LD-9' });
    expect(throwaway).toHaveLength(32);
    expect(throwaway.equals(before)).toBe(false);
    expect(asked).toEqual(['keys of acme lead:LD-9']);
    expect(stored.size).toBe(1);
    // were the lead no longer erased (it never is), its key would be asked for again, not taken from memory
    await ring.keysFor([lead], new ErasedLeads());
    expect(asked).toEqual(['keys of acme lead:LD-9', 'keys of acme lead:LD-9']);
  });

  it('erases the keys of the owners in the store and in memory', async () => {
    const { keyring: ring, asked } = keyring();
    await ring.keysFor([{ tenant: 'acme', lead_id: 'LD-9' }], new ErasedLeads());
    expect(await ring.erase('acme', ['lead:LD-9', 'recommendation:r-1'])).toBe(2);
    await ring.keysFor([{ tenant: 'acme', lead_id: 'LD-9' }], new ErasedLeads());
    expect(asked).toEqual(['keys of acme lead:LD-9', 'erase acme lead:LD-9, recommendation:r-1', 'keys of acme lead:LD-9']);
  });
});

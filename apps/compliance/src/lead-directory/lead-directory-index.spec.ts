import { directoryEntryOf, LeadDirectoryIndex, MAX_CANDIDATES, NAME_READ_LIMIT, strongestMatches } from './lead-directory-index';

const lead = (lead_id: string, first_name: string, last_name?: string, contacts: { email?: string; phone?: string } = {}, version = 1) =>
  directoryEntryOf('acme', { lead_id, first_name, last_name, contacts, version });

const none = { words: [], emails: [], phones: [] };

describe('directoryEntryOf', () => {
  it('stores the names and contacts as announced and their lower-cased, trimmed copies for look-ups', () => {
    expect(lead('LD-1', ' Priya ', 'Raman', { email: ' P.Raman@Globex.com', phone: '+14155550199' }, 3)).toEqual({
      tenant: 'acme',
      lead_id: 'LD-1',
      first_name: ' Priya ',
      last_name: 'Raman',
      email: ' P.Raman@Globex.com',
      phone: '+14155550199',
      first_name_lc: 'priya',
      last_name_lc: 'raman',
      email_lc: 'p.raman@globex.com',
      version: 3,
    });
    // an empty last name is no last name
    expect(lead('LD-2', 'Tom', '')).toMatchObject({ last_name: undefined, last_name_lc: undefined });
  });
});

describe('LeadDirectoryIndex', () => {
  let index: LeadDirectoryIndex;
  beforeEach(() => {
    index = new LeadDirectoryIndex();
    index.upsert(lead('LD-1', 'Sarah', 'Lee', { phone: '+61412345678' }));
    index.upsert(lead('LD-2', 'Priya', 'Raman', { email: 'priya.raman@globexmail.com', phone: '+14155550199' }));
    index.upsert(lead('LD-3', 'Sarah', 'Whitfield'));
    index.upsert(lead('LD-4', 'Lee', 'Park'));
  });

  it('finds the recipient and the other leads whose first or last name is a word of the draft', () => {
    // "sarah" is LD-1's and LD-3's first name, "lee" LD-1's last name and LD-4's first name; LD-1 is the recipient.
    // Both names have two holders, so LD-3 and LD-4 tie (1/2 each) and keep the order read: "lee" before "sarah"
    expect(index.find('LD-1', { ...none, words: ['hi', 'sarah', 'lee'] })).toEqual({
      recipient: { lead_id: 'LD-1', first_name: 'Sarah', last_name: 'Lee', phone: '+61412345678' },
      others: [
        { lead_id: 'LD-4', first_name: 'Lee', last_name: 'Park' },
        { lead_id: 'LD-3', first_name: 'Sarah', last_name: 'Whitfield' },
      ],
    });
  });

  it('finds leads by their lower-cased email and by their phone number, each once', () => {
    expect(index.findOthers('LD-1', { words: ['raman'], emails: ['priya.raman@globexmail.com'], phones: ['+14155550199'] })).toEqual([
      { lead_id: 'LD-2', first_name: 'Priya', last_name: 'Raman', email: 'priya.raman@globexmail.com', phone: '+14155550199' },
    ]);
    expect(index.findOthers('LD-1', { ...none, phones: ['+61412345678'] })).toEqual([]); // the recipient's own number
  });

  it('answers no recipient for a lead it does not hold, and nothing for words no name equals', () => {
    expect(index.find('LD-9', { ...none, words: ['sar', 'whitfields', 'priya raman'] })).toEqual({ recipient: undefined, others: [] });
  });

  it('replaces an entry only with a newer version, and then forgets its old names', () => {
    expect(index.upsert(lead('LD-3', 'Sally', 'Whitfield', {}, 1))).toBe(false); // same version
    expect(index.findOthers('LD-1', { ...none, words: ['sally'] })).toEqual([]);
    expect(index.upsert(lead('LD-3', 'Sally', 'Whitfield', {}, 2))).toBe(true);
    expect(index.findOthers('LD-1', { ...none, words: ['sally'] })).toEqual([
      { lead_id: 'LD-3', first_name: 'Sally', last_name: 'Whitfield' },
    ]);
    // "sarah" now leads to LD-1 alone
    expect(index.findOthers('LD-1', { ...none, words: ['sarah'] })).toEqual([]);
    expect(index.findOthers('LD-9', { ...none, words: ['sarah'] })).toEqual([
      { lead_id: 'LD-1', first_name: 'Sarah', last_name: 'Lee', phone: '+61412345678' },
    ]);
  });

  it('indexes a lead whose first and last names are the same word once, and forgets it whole', () => {
    index.upsert(lead('LD-5', 'Tan', 'Tan'));
    expect(index.findOthers('LD-1', { ...none, words: ['tan'] })).toEqual([{ lead_id: 'LD-5', first_name: 'Tan', last_name: 'Tan' }]);
    index.erase('LD-5');
    expect(index.findOthers('LD-1', { ...none, words: ['tan'] })).toEqual([]);
  });

  it('drops an erased lead and refuses every version of it, newer ones too', () => {
    expect(index.isErased('LD-2')).toBe(false);
    index.erase('LD-2');
    expect([index.isErased('LD-2'), index.isErased('LD-1')]).toEqual([true, false]);
    expect(index.find('LD-2', { ...none, words: ['priya'], emails: ['priya.raman@globexmail.com'] })).toEqual({
      recipient: undefined,
      others: [],
    });
    expect(index.upsert(lead('LD-2', 'Priya', 'Raman', {}, 1))).toBe(false);
    expect(index.findOthers('LD-1', { ...none, words: ['priya'] })).toEqual([]);
    expect(index.upsert(lead('LD-2', 'Priya', 'Raman', {}, 2))).toBe(false);
    expect(index.findOthers('LD-1', { ...none, words: ['priya'] })).toEqual([]);
  });

  it('refuses every version of a lead erased before the index held it, as the stored directory does', () => {
    index.erase('LD-7');
    expect(index.upsert(lead('LD-7', 'Omar', undefined, {}, 1))).toBe(false);
    expect(index.findOthers('LD-1', { ...none, words: ['omar'] })).toEqual([]);
  });

  it(`compares a draft with at most ${MAX_CANDIDATES} other leads`, () => {
    const crowd = new LeadDirectoryIndex();
    for (let n = 0; n < MAX_CANDIDATES + 2; n += 1) crowd.upsert(lead(`LD-${n}`, 'Alex'));
    expect(crowd.findOthers('LD-0', { ...none, words: ['alex'] })).toHaveLength(MAX_CANDIDATES);
  });

  it('keeps a lead whose rare name a draft holds among them, however many common names come before it', () => {
    const crowd = new LeadDirectoryIndex();
    for (let n = 0; n < MAX_CANDIDATES + 100; n += 1) crowd.upsert(lead(`LD-${n}`, 'Alex'));
    crowd.upsert(lead('LD-Q', 'Zorvath', 'Quillinan'));
    const others = crowd.findOthers('LD-0', { ...none, words: ['alex', 'quillinan'] });
    expect(others).toHaveLength(MAX_CANDIDATES);
    expect(others[0]).toEqual({ lead_id: 'LD-Q', first_name: 'Zorvath', last_name: 'Quillinan' });
  });
});

describe('LeadDirectoryIndex: a full name written as one', () => {
  const crowd = () => {
    const index = new LeadDirectoryIndex();
    for (let n = 0; n < 600; n += 1) index.upsert(lead(`LD-J${n}`, 'John', `Other${n}`));
    for (let n = 0; n < 700; n += 1) index.upsert(lead(`LD-S${n}`, `Someone${n}`, 'Smith'));
    for (const first of ['Grace', 'Mark', 'Hope'])
      for (let n = 0; n < 170; n += 1) index.upsert(lead(`LD-${first}${n}`, first, `${first}son${n}`));
    index.upsert(lead('LD-JS', 'John', 'Smith'));
    return index;
  };

  it('puts a John Smith among 600 Johns and 700 Smiths ahead of 510 leads each sharing a rarer first name', () => {
    const draft = { ...none, words: ['hi', 'john', 'smith', 'grace', 'mark', 'hope'], fullNames: ['hi john', 'john smith'] };
    const others = crowd().findOthers('LD-RECIPIENT', draft);
    expect(others).toHaveLength(MAX_CANDIDATES);
    // John Smith: 1/601 + 1/701 + 1 (the one lead of that full name) ≈ 1.003; a Grace, Mark or Hope 1/170 ≈ 0.006
    expect(others[0].lead_id).toBe('LD-JS');
  });

  it(`reads at most ${NAME_READ_LIMIT} leads matched on names alone, the rarest names first`, () => {
    const index = new LeadDirectoryIndex();
    for (let n = 0; n < NAME_READ_LIMIT; n += 1) index.upsert(lead(`LD-A${n}`, 'Alex', `Alexson${n}`));
    for (let n = 0; n < NAME_READ_LIMIT; n += 1) index.upsert(lead(`LD-B${n}`, `Bo${n}`, 'Bravo'));
    index.upsert(lead('LD-AB', 'Alex', 'Bravo'));
    index.upsert(lead('LD-Q', 'Zorvath', 'Quillinan'));
    const others = index.findOthers('LD-RECIPIENT', { ...none, words: ['alex', 'bravo', 'quillinan'] });
    // Quillinan (1 holder) is read first, then the Alexes (5,001 holders) up to the limit: Alex Bravo, stored last,
    // is not read, though its two names would rank it second (2/5,001)
    expect(others[0].lead_id).toBe('LD-Q');
    expect(others.map(({ lead_id }) => lead_id)).not.toContain('LD-AB');
    // written as one, its full name is read whatever the names read: 2/5,001 + 1 (its full name's one lead)
    const asOne = index.findOthers('LD-RECIPIENT', { ...none, words: ['alex', 'bravo', 'quillinan'], fullNames: ['alex bravo'] });
    expect(asOne.slice(0, 2).map(({ lead_id }) => lead_id)).toEqual(['LD-AB', 'LD-Q']);
  });

  it('forgets the full name of a lead renamed or erased', () => {
    const index = new LeadDirectoryIndex();
    index.upsert(lead('LD-JS', 'John', 'Smith'));
    const draft = { ...none, words: ['hi'], fullNames: ['john smith'] };
    expect(index.findOthers('LD-RECIPIENT', draft)).toEqual([{ lead_id: 'LD-JS', first_name: 'John', last_name: 'Smith' }]);
    index.upsert(lead('LD-JS', 'Jane', 'Doe', {}, 2));
    expect(index.findOthers('LD-RECIPIENT', draft)).toEqual([]);
    const erased = crowd();
    erased.erase('LD-JS');
    expect(erased.findOthers('LD-RECIPIENT', draft)).toEqual([]);
  });
});

describe('strongestMatches', () => {
  const entry = (lead_id: string, first: string, last?: string, contacts: { email?: string; phone?: string } = {}) => {
    const { tenant: _tenant, version: _version, ...matched } = lead(lead_id, first, last, contacts);
    return matched;
  };
  const ids = (entries: { lead_id: string }[]) => entries.map(({ lead_id }) => lead_id);

  it('ranks by evidence: a contact in the draft counts 2, a name 1/n for the n matched leads holding it', () => {
    const single = entry('LD-single', 'Ann', 'Quillinan');
    const fullName = entry('LD-full', 'Tom', 'Okafor');
    const byEmail = entry('LD-email', 'Bea', 'Stone', { email: 'bea@globex.com' });
    const byEmailAndName = entry('LD-both', 'Cy', 'Vance', { email: 'cy@globex.com' });
    const draft = { words: ['quillinan', 'tom', 'okafor', 'vance'], emails: ['bea@globex.com', 'cy@globex.com'], phones: [] };
    // each name is held by one matched lead: both 2 + 1 = 3, full 1 + 1 = 2, email 2, single 1; full and email tie
    // at 2 and have as many values (2 names, 1 contact counting 2), so they stay as given
    expect(ids(strongestMatches([single, fullName, byEmail, byEmailAndName], draft))).toEqual([
      'LD-both',
      'LD-full',
      'LD-email',
      'LD-single',
    ]);
  });

  it('ranks rarer names first, then keeps the given order, up to max', () => {
    const alexes = ['LD-a1', 'LD-a2', 'LD-a3'].map((id) => entry(id, 'Alex'));
    const pat = entry('LD-pat', 'Pat');
    const sams = ['LD-s1', 'LD-s2'].map((id) => entry(id, 'Sam'));
    const draft = { words: ['alex', 'sam', 'pat'], emails: [], phones: [] };
    // Pat 1/1, each Sam 1/2, each Alex 1/3
    expect(ids(strongestMatches([...alexes, ...sams, pat], draft))).toEqual(['LD-pat', 'LD-s1', 'LD-s2', 'LD-a1', 'LD-a2', 'LD-a3']);
    expect(ids(strongestMatches([...alexes, ...sams, pat], draft, undefined, 2))).toEqual(['LD-pat', 'LD-s1']);
  });

  it('keeps a rare surname ahead of more full names made of common names than it compares (30 × 20 of them)', () => {
    const firsts = Array.from({ length: 30 }, (_, n) => `first${n}`);
    const lasts = Array.from({ length: 20 }, (_, n) => `last${n}`);
    const crowd = firsts.flatMap((first) => lasts.map((last) => entry(`LD-${first}-${last}`, first, last)));
    const draft = { words: [...firsts, ...lasts, 'quillinan'], emails: [], phones: [] };
    // each crowd lead: 1/20 (its first name, held by 20) + 1/30 (its last name, held by 30) ≈ 0.083; Quillinan 1
    const ranked = strongestMatches([...crowd, entry('LD-Q', 'Zorvath', 'Quillinan')], draft);
    expect(ranked).toHaveLength(MAX_CANDIDATES);
    expect(ranked[0].lead_id).toBe('LD-Q');
  });

  it('counts holders as told (the whole directory), not among the matched leads only', () => {
    const draft = { words: ['alex', 'pat'], emails: [], phones: [] };
    // Pat alone of the matched, but held by 50 leads of the directory (1/50); Alex held by 2 (1/2)
    const holders = { name: (name: string) => ({ alex: 2, pat: 50 })[name]!, fullName: () => 1 };
    expect(ids(strongestMatches([entry('LD-pat', 'Pat'), entry('LD-a1', 'Alex')], draft, holders))).toEqual(['LD-a1', 'LD-pat']);
  });
});

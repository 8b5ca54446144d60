import { caseNames } from './person-rules';

describe('caseNames: names typed in lower case or in a line of capitals', () => {
  it('capitalises a plain given name and the surname beside it, wherever they stand', () => {
    expect(caseNames('spoke w/ priya re pricing')).toBe('spoke w/ Priya re pricing');
    expect(caseNames('Demo went well, akosua wants the security pack')).toBe('Demo went well, Akosua wants the security pack');
    expect(caseNames('CALLED NOMVULA DLAMINI ABOUT THE RENEWAL')).toBe('called Nomvula Dlamini about the renewal');
  });

  it('takes a given name that is a word too only after a cue, and not before its object', () => {
    expect(caseNames('chase the invoice with procurement, then send the contract to john for review')).toBe(
      'chase the invoice with procurement, then send the contract to John for review',
    );
    expect(caseNames('talked to mark about pricing; need to mark it done')).toBe('talked to Mark about pricing; need to mark it done');
    expect(caseNames('will send the deck, bill them in may after the grace period')).toBe(
      'will send the deck, bill them in may after the grace period',
    );
  });

  it('takes an unknown word after a person’s cue or before a deed, and a name listed with one', () => {
    expect(caseNames('looped in wanjiru on the thread; kamau signed off on the pilot')).toBe(
      'looped in Wanjiru on the thread; Kamau signed off on the pilot',
    );
    expect(caseNames('met nomvula + thabo at the expo')).toBe('met Nomvula + Thabo at the expo');
    expect(caseNames('sent it to aminata n’diaye yesterday')).toBe('sent it to Aminata N’Diaye yesterday');
    expect(caseNames("separate quote for burak's team")).toBe("separate quote for Burak's team");
  });

  it('leaves acronyms, the function words of another language and a text without names as they are', () => {
    for (const text of [
      'Met the CFO and IT team at AWS',
      'el pedido está confirmado, llega antes del lunes',
      'renewal call moved to thursday',
    ]) {
      expect(caseNames(text)).toBe(text);
    }
  });

  it('keeps every offset where a letter’s other case is longer', () => {
    const text = 'İSTANBUL OFİSİ İLE GÖRÜŞTÜK, AYŞE ONAYLADI';
    const cased = caseNames(text);
    expect(cased.length).toBe(text.length);
    expect(cased.startsWith('İstanbul ofİsİ İle görüştük, Ayşe')).toBe(true);
  });
});

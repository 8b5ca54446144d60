import { extraOptOutKeywords, keywordIntent, tenantsByNumber } from './sms-keywords';

describe('keywordIntent', () => {
  it('opts out on each standard word, whatever the case and surrounding whitespace', () => {
    expect(['STOP', ' stop ', 'StopAll', 'unsubscribe\n', '\tCANCEL', 'end', 'Quit.', 'STOP!'].map((body) => keywordIntent(body))).toEqual([
      'opt_out',
      'opt_out',
      'opt_out',
      'opt_out',
      'opt_out',
      'opt_out',
      'opt_out',
      'opt_out',
    ]);
  });

  it('opts back in on START, UNSTOP and YES', () => {
    expect(['start', ' Unstop ', 'YES'].map((body) => keywordIntent(body))).toEqual(['opt_in', 'opt_in', 'opt_in']);
  });

  it('ignores messages that only contain a keyword, and empty ones', () => {
    expect(keywordIntent('please stop texting me')).toBeUndefined();
    expect(keywordIntent('STOP IT')).toBeUndefined();
    expect(keywordIntent('yes, call me')).toBeUndefined();
    expect(keywordIntent('   ')).toBeUndefined();
  });

  it("adds the tenant's own opt-out words", () => {
    expect(keywordIntent(' arrêt ', ['ARRÊT'])).toBe('opt_out');
    expect(keywordIntent('arrêt')).toBeUndefined();
  });
});

describe('settings', () => {
  it('reads which tenants each receiving number serves', () => {
    expect([...tenantsByNumber('acme=+14155550100, globex=+14155550100,initech=+14155550101,broken,=+1,x=').entries()]).toEqual([
      ['+14155550100', ['acme', 'globex']],
      ['+14155550101', ['initech']],
    ]);
  });

  it("reads each tenant's extra opt-out words, upper-cased", () => {
    expect([...extraOptOutKeywords('acme=arret|Stopp, globex=HALT').entries()]).toEqual([
      ['acme', ['ARRET', 'STOPP']],
      ['globex', ['HALT']],
    ]);
    expect(extraOptOutKeywords('').size).toBe(0);
  });
});

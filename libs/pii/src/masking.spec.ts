import { maskTexts, restoreText } from './masking';

describe('maskTexts', () => {
  it('names each distinct value once, numbered per kind across the texts, and drops format characters', () => {
    // "Call Ana Ruiz on +44 7700 900123 or Ana Ruiz's desk" : person 5-13 twice, phone 17-32
    const summary = "Call Ana Ruiz on +44 7700 900123 or Ana Ruiz's desk";
    const hidden = 'Ana\u200bRuiz';
    // email 19-27 (with a zero-width space at 21, inside it), person 33-41
    const reason = 'Wrong contact: use jo\u200b@x.io, not Ana Ruiz';
    const findings: Record<string, { kind: any; start: number; end: number }[]> = {
      [summary]: [
        { kind: 'other_person', start: 5, end: 13 },
        { kind: 'phone', start: 17, end: 32 },
        { kind: 'other_person', start: 36, end: 44 },
      ],
      [hidden]: [{ kind: 'format_characters', start: 3, end: 4 }],
      [reason]: [
        { kind: 'format_characters', start: 21, end: 22 },
        { kind: 'email', start: 19, end: 27 },
        { kind: 'other_person', start: 33, end: 41 },
      ],
    };
    const masked = maskTexts({ summary, reason, hidden }, (text) => findings[text]);
    expect(masked.texts).toEqual({
      summary: "Call <PERSON_1> on <PHONE_1> or <PERSON_1>'s desk",
      reason: 'Wrong contact: use <EMAIL_1>, not <PERSON_1>',
      hidden: 'AnaRuiz',
    });
    expect(masked.vault).toEqual([
      { placeholder: '<PERSON_1>', kind: 'other_person', value: 'Ana Ruiz' },
      { placeholder: '<PHONE_1>', kind: 'phone', value: '+44 7700 900123' },
      { placeholder: '<EMAIL_1>', kind: 'email', value: 'jo\u200b@x.io' },
    ]);
  });

  it('masks two findings that overlap as one span, so no part of either is sent', () => {
    // "Demo with Dr. Jane Patel today": a title finder's "Dr. Jane" 10-18 and the name model's "Jane Patel" 14-24
    const text = 'Demo with Dr. Jane Patel today';
    const masked = maskTexts({ text }, () => [
      { kind: 'other_person', start: 10, end: 18 },
      { kind: 'other_person', start: 14, end: 24 },
    ]);
    expect(masked.texts).toEqual({ text: 'Demo with <PERSON_1> today' });
    expect(masked.vault).toEqual([{ placeholder: '<PERSON_1>', kind: 'other_person', value: 'Dr. Jane Patel' }]);
  });
});

describe('restoreText', () => {
  const vault = [
    { placeholder: '<PERSON_1>', kind: 'other_person' as const, value: 'Sarah' },
    { placeholder: '<PHONE_1>', kind: 'phone' as const, value: '+44 7700 900123' },
  ];
  const onlySarah = (entry: { value: string }) => entry.value === 'Sarah';

  it('restores what may be restored and reports the rest', () => {
    expect(restoreText('Hi <PERSON_1>, call me at <PHONE_1>.', vault, onlySarah)).toEqual({
      text: 'Hi Sarah, call me at <PHONE_1>.',
      withheld: ['<PHONE_1>'],
    });
  });

  it('reports a placeholder the vault does not know', () => {
    expect(restoreText('Hi <PERSON_7>', vault, onlySarah)).toEqual({ text: 'Hi <PERSON_7>', withheld: ['<PERSON_7>'] });
  });
});

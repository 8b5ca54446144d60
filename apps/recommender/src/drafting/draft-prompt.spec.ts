import { LeadSnapshot } from '@followup/contracts';
import { DEFAULT_PHONE_REGIONS } from '@followup/pii';
import { analyzeLead } from '../engine/lead-analysis';
import { draftPrompt, parseDraftOutput, addressesByName } from './draft-prompt';

const lead: LeadSnapshot = {
  lead_id: 'LD-1',
  first_name: 'Sarah',
  owner_rep_id: 'rep-1',
  consent: { sms: true, email: true, phone_call: false },
};
const analysis = analyzeLead(
  lead,
  {
    last_engagement_date: '2026-04-20',
    engagement_history: [
      { type: 'sms', outcome: 'replied' },
      { type: 'email', outcome: 'opened' },
      { type: 'sms', outcome: 'replied' },
    ],
    recent_activity_summary: 'Asked for pricing.',
  },
  new Date('2026-04-21T00:00:00Z'),
);

/** The analysis above with another activity summary, and another first name when given. */
const withSummary = (summary: string, firstName = lead.first_name) =>
  analyzeLead(
    { ...lead, first_name: firstName },
    { ...analysis.input, recent_activity_summary: summary },
    new Date('2026-04-21T00:00:00Z'),
  );

describe('draftPrompt', () => {
  it('gives the model the facts it needs and the rejection reason when there is one', () => {
    const [system, user] = draftPrompt(analysis, { rejectionReason: 'too pushy' }).messages;
    expect(system.role).toBe('system');
    expect(JSON.parse(user.content)).toMatchObject({
      first_name: 'Sarah',
      recommended_channel: 'sms',
      outcomes_by_channel: { sms: { replied: 2 }, email: { opened: 1 } },
      recent_activity_summary: 'Asked for pricing.',
      previous_draft_rejected_because: 'too pushy',
    });
  });

  it('masks personal data in every free-text field and keeps what the placeholders stand for out of the prompt', () => {
    const withPii = withSummary('Sarah wants the quote sent to ops@globex.com or read out on +1 415 555 0123.');
    const { messages, vault } = draftPrompt(withPii, { rejectionReason: 'Do not write to ops@globex.com again' });
    const facts = JSON.parse(messages[1].content);
    expect(facts.recent_activity_summary).toBe('Sarah wants the quote sent to <EMAIL_1> or read out on <PHONE_1>.');
    expect(facts.previous_draft_rejected_because).toBe('Do not write to <EMAIL_1> again');
    expect(messages[1].content).not.toContain('globex');
    expect(messages[1].content).not.toContain('555');
    expect(vault).toEqual([
      { placeholder: '<EMAIL_1>', kind: 'email', value: 'ops@globex.com' },
      { placeholder: '<PHONE_1>', kind: 'phone', value: '+1 415 555 0123' },
    ]);
  });

  it("masks a full name that starts with the lead's first name: her last name, or someone else called Sarah", () => {
    const named = withSummary('Sarah Whitfield asked for a demo; her assistant Sarah Porter booked it.');
    const { messages } = draftPrompt(named);
    expect(JSON.parse(messages[1].content).recent_activity_summary).toBe(
      '<PERSON_1> asked for a demo; her assistant <PERSON_2> booked it.',
    );
  });

  it('masks a surname written after an honorific, in the summary and in the rejection reason', () => {
    const titled = withSummary('Demo with Mrs. Smith and her CFO Dr. Jane Patel.');
    const { messages, vault } = draftPrompt(titled, { rejectionReason: 'Wrong contact: Mr. Smith left.' });
    const facts = JSON.parse(messages[1].content);
    expect(facts.recent_activity_summary).toBe('Demo with <PERSON_1> and her CFO <PERSON_2>.');
    expect(facts.previous_draft_rejected_because).toBe('Wrong contact: <PERSON_3> left.');
    expect(vault.map(({ value }) => value)).toEqual(['Mrs. Smith', 'Dr. Jane Patel', 'Mr. Smith']);
    expect(messages[1].content).not.toMatch(/Smith|Patel|Jane/);
  });

  it("masks a given name said alone, and keeps the lead's own", () => {
    const lone = withSummary('Sarah said to ask for Priya at reception; Tomasz signs off.');
    const { messages, vault } = draftPrompt(lone, { rejectionReason: 'Priya left last month.' });
    const facts = JSON.parse(messages[1].content);
    expect(facts.recent_activity_summary).toBe('Sarah said to ask for <PERSON_1> at reception; <PERSON_2> signs off.');
    expect(facts.previous_draft_rejected_because).toBe('<PERSON_1> left last month.');
    expect(vault.map(({ value }) => value)).toEqual(['Priya', 'Tomasz']);
  });
  it("keeps the lead's own compound first name however the summary writes it, and masks someone called by a part of it", () => {
    const compound = withSummary('Maria Jose asked for a demo; José from IT joins.', 'María José');
    const { messages } = draftPrompt(compound);
    expect(JSON.parse(messages[1].content).recent_activity_summary).toBe('Maria Jose asked for a demo; <PERSON_1> from IT joins.');
  });
});

describe('parseDraftOutput', () => {
  const good = {
    reasoning_summary: 'Replies by SMS and asked about pricing.',
    draft_message: 'Hi Sarah, here is the pricing overview you asked for.',
  };

  it('accepts the requested JSON addressed to the lead', () => {
    expect(parseDraftOutput(JSON.stringify(good), 'Sarah', 'email')).toEqual(good);
  });

  it.each([
    [null, 'empty answer'],
    ['Sure! Here is a draft: Hi Sarah', 'answer is not JSON'],
    ['[1]', 'answer is not a JSON object'],
    [JSON.stringify({ reasoning_summary: 'ok' }), 'invalid fields: reasoning_summary, draft_message'],
    [JSON.stringify({ ...good, draft_message: 'Hello there, following up on pricing.' }), 'draft does not address the lead by first name'],
  ])('rejects %s', (content, problem) => {
    expect(parseDraftOutput(content, 'Sarah', 'email')).toEqual({ problem });
  });

  it('refuses a draft longer than its channel takes: 320 characters for an SMS, 1000 for the others', () => {
    const long = { ...good, draft_message: `Hi Sarah, ${'here is the pricing overview. '.repeat(11)}`.trim() };
    expect(parseDraftOutput(JSON.stringify(long), 'Sarah', 'sms')).toEqual({ problem: 'draft_message longer than 320 characters for sms' });
    expect(parseDraftOutput(JSON.stringify(long), 'Sarah', 'email')).toEqual(long);
    expect(parseDraftOutput(JSON.stringify({ ...good, draft_message: long.draft_message.slice(0, 320) }), 'Sarah', 'sms')).toMatchObject({
      draft_message: long.draft_message.slice(0, 320),
    });
  });

  const vault = [
    { placeholder: '<PERSON_1>', kind: 'other_person' as const, value: 'sarah' },
    { placeholder: '<PHONE_1>', kind: 'phone' as const, value: '+1 415 555 0123' },
  ];

  it("restores only the lead's own first name", () => {
    const answer = { reasoning_summary: 'Replies by SMS.', draft_message: 'Hi <PERSON_1>, here is the pricing overview.' };
    expect(parseDraftOutput(JSON.stringify(answer), 'Sarah', 'email', vault)).toEqual({
      reasoning_summary: 'Replies by SMS.',
      draft_message: 'Hi sarah, here is the pricing overview.',
    });
  });

  it("restores the lead's own first name written otherwise in the summary: other accents, a soft hyphen, a space for a hyphen", () => {
    for (const [written, firstName] of [
      ['Maria Jose', 'María José'],
      ['Pri\u00ADya', 'Priya'],
      ['Anne Marie', 'Anne-Marie'],
    ]) {
      const asWritten = [{ placeholder: '<PERSON_1>', kind: 'other_person' as const, value: written }];
      const answer = { reasoning_summary: 'Replies by SMS.', draft_message: `Hi <PERSON_1>, here is the pricing overview.` };
      expect(parseDraftOutput(JSON.stringify(answer), firstName, 'email', asWritten)).toEqual({
        reasoning_summary: 'Replies by SMS.',
        draft_message: `Hi ${written}, here is the pricing overview.`,
      });
    }
  });

  it('refuses an answer that keeps any other placeholder, in the draft or the reasoning', () => {
    const inDraft = { reasoning_summary: 'Replies by SMS.', draft_message: 'Hi Sarah, call me back on <PHONE_1>.' };
    const inReasoning = { reasoning_summary: 'Asked to be called on <PHONE_1>.', draft_message: 'Hi Sarah, a quick follow-up.' };
    for (const answer of [inDraft, inReasoning]) {
      expect(parseDraftOutput(JSON.stringify(answer), 'Sarah', 'email', vault)).toEqual({
        problem: 'answer keeps placeholders of personal data',
      });
    }
  });
});

describe('addressesByName', () => {
  it.each([
    ['Hi José, following up.', 'José', true],
    ['Hi Jose, following up.', 'José', true],
    ['HI JOSÉ, following up.', 'josé', true],
    ['Thanks Sarah!', ' Sarah ', true],
    ['Dear Mary Kate, a quick note.', 'Mary Kate', true],
    ['Hi Josephine, following up.', 'Jose', false],
    ['Hello there, a quick note.', 'Al', false],
    ['Hello there, a quick note.', '   ', false],
    ['Hi Anne Marie, a quick note.', 'Anne-Marie', true],
    ['Hi Anne - Marie from legal says hi.', 'Anne-Marie', false],
    ['Hi Anne\nMarie here.', 'Anne Marie', false],
    ['Hi Anne\u00A0Marie, a quick note.', 'Anne  Marie', true],
    ['Hi Anne-Marie, a quick note.', 'Anne-Marie', true],
  ])('%j names %j: %s', (draft, firstName, expected) => {
    expect(addressesByName(draft, firstName)).toBe(expected);
  });
});

describe('draftPrompt in the tenant regions', () => {
  it("masks a national number of the tenant's regions whole, as compliance reads it", () => {
    const withNumber = withSummary('Call her on (11) 91234-5678 after lunch.');
    const { messages, vault } = draftPrompt(withNumber, { phoneRegions: ['BR'] });
    expect(JSON.parse(messages[1].content).recent_activity_summary).toBe('Call her on <PHONE_1> after lunch.');
    expect(vault).toEqual([{ placeholder: '<PHONE_1>', kind: 'phone', value: '(11) 91234-5678' }]);
  });

  it("reads a national number in the lead's own country too, outside the tenant's regions", () => {
    const withNumber = withSummary('Call her on (11) 91234-5678 after lunch.');
    // the shipped default (PII_DEFAULT_REGIONS): without the lead's country the area code would reach the model
    const regions = DEFAULT_PHONE_REGIONS;
    expect(JSON.parse(draftPrompt(withNumber, { phoneRegions: regions }).messages[1].content).recent_activity_summary).toBe(
      'Call her on (11) <PHONE_1> after lunch.',
    );
    const { messages, vault } = draftPrompt(withNumber, { phoneRegions: regions, leadCountry: 'BR' });
    expect(JSON.parse(messages[1].content).recent_activity_summary).toBe('Call her on <PHONE_1> after lunch.');
    expect(vault).toEqual([{ placeholder: '<PHONE_1>', kind: 'phone', value: '(11) 91234-5678' }]);
    // a lead recorded in the US whose phone number is Brazilian: both are read
    const both = draftPrompt(withNumber, { phoneRegions: regions, leadCountry: 'US', leadPhoneCountry: 'BR' });
    expect(JSON.parse(both.messages[1].content).recent_activity_summary).toBe('Call her on <PHONE_1> after lunch.');
  });
});

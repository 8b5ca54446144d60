import type { PiiKind } from '@followup/contracts';
import type { DirectoryPerson } from './pii-rules';

/**
 * A labelled sample of short drafts for measuring the detector. Spans are marked inline as
 * `[[kind:text]]`; texts without markers are negatives (often tricky ones: prices, order numbers, dates
 * that are not birthdays, numbers next to "account"). All data is invented (555-01xx phone numbers, test
 * card numbers, the documented example IBANs).
 *
 * The recipient is Sarah Lee; the tenant's other leads are in SAMPLE_DIRECTORY.
 */
export const SAMPLE_RECIPIENT = { first_name: 'Sarah', last_name: 'Lee' };

export const SAMPLE_DIRECTORY: DirectoryPerson[] = [
  { lead_id: 'LD-1', first_name: 'Priya', last_name: 'Raman', email: 'priya.raman@globexmail.com', phone: '+14155550199' },
  { lead_id: 'LD-2', first_name: 'Tomasz', last_name: 'Becker', email: 't.becker@initech.io', phone: '+12125550147' },
  { lead_id: 'LD-3', first_name: 'Will', last_name: 'Okafor' },
  { lead_id: 'LD-4', first_name: 'Sarah', last_name: 'Whitfield' },
  { lead_id: 'LD-5', first_name: 'Mark', last_name: 'Lindqvist', phone: '+447911123456' },
];

export const LABELLED_SAMPLE: string[] = [
  // --- negatives: the everyday drafts the recommender writes
  'Hi Sarah, I wanted to follow up on your pricing questions from the demo. Let me know if you would like a customized quote.',
  'Hi Sarah, thanks for opening our last email. Would a 15 minute call on Tuesday work?',
  'Hi Sarah, the mid-market plan is $1,200 per month for up to 25 seats, billed annually.',
  'Hi Sarah Lee, your order 48213 shipped on 2026-04-20 and should arrive within 3 business days.',
  'Hi Sarah, we can offer 20% off if you sign before May 31, 2026.',
  'Hi Sarah, our team will review account 42 next week and get back to you.',
  'Hi Sarah, version 2.14.3 of the app fixes the sync issue you reported in ticket 7781.',
  'Hi Sarah, will the 3 great reasons in the deck help your team decide?',
  'Hi Sarah, May I send you the case study? Mark your calendar for the webinar on 6/12/2026.',
  'Hi Sarah, we have 2 main options: monthly or annual billing. Which fits your budget?',
  'Hi Sarah, your quote reference is Q-2026-00417 and it is valid for 30 days.',
  'Hi Sarah, happy birthday to your company, 10 years in business is impressive!',
  'Hi Sarah, I will be in Chicago from 04/22/2026 to 04/24/2026 if you want to meet.',
  'Hi Sarah, the integration supports 1000000 records and 99.9% uptime.',
  'Hi Sarah, we support SSO, SCIM and audit logs on the enterprise tier.',
  'Hi Sarah, our price is 4,500 EUR per year including support.',
  'Hi Sarah, Will you have time for a short call this week?',
  'Hi Sarah, the account team will reach out to schedule onboarding.',
  'Hi Sarah, the deck mentions DE89 as our internal code for the German rollout.',
  'Hi Sarah, we processed 1234 5678 tickets last year across 12 regions.',
  'Hi Sarah, PO 123456789 was approved and the tracking number is 1Z999AA10123456784.',
  'Hi Sarah, Happy birthday! Our spring sale runs until 04/30/2026.',
  'Hi Sarah, our Q3 results: revenue grew 18% to 4.2M across 3 regions.',
  'Hi Sarah, the report is at example.com/pricing and the file is report_2026.pdf.',
  'Hi Sarah, you are number 5 in the queue; the routing of your ticket changed today.',
  // --- email
  'Hi Sarah, please send the signed form to [[email:contracts@acme-legal.com]] by Friday.',
  'Hi Sarah, you can also cc my colleague at [[email:j.doe+sales@partner.co.uk]] on the thread.',
  'Hi Sarah, reply to [[email:support@example.org]] or to me directly.',
  'Hi Sarah, the invoice went to [[email:billing.team@client-corp.net]] yesterday.',
  // --- phone
  'Hi Sarah, call me on [[phone:(415) 555-0123]] any time after 9.',
  'Hi Sarah, our London office is at [[phone:+44 20 7946 0958]] if that is easier.',
  'Hi Sarah, text [[phone:646-555-0111]] to confirm the appointment.',
  'Hi Sarah, the direct line is [[phone:+1 212 555 0100]], ext. 4.',
  // --- card numbers
  'Hi Sarah, we charged the card [[card_number:4111 1111 1111 1111]] for the renewal.',
  'Hi Sarah, please confirm the card ending in [[card_number:5500-0000-0000-0004]] is still valid.',
  'Hi Sarah, the payment with [[card_number:378282246310005]] failed, can you retry?',
  'Hi Sarah, card [[card_number:6011111111111117]] is on file for the upgrade.',
  // --- national ids
  'Hi Sarah, for the tax form we need your SSN [[national_id:123-45-6789]] confirmed.',
  'Hi Sarah, the W-9 lists social security number [[national_id:219099999]] which looks wrong.',
  'Hi Sarah, your NI number [[national_id:AB 12 34 56 C]] is on the payroll form.',
  'Hi Sarah, we have [[national_id:078-05-1120]] recorded as the contact SSN.',
  // --- IBAN
  'Hi Sarah, please wire the deposit to [[iban:DE89 3704 0044 0532 0130 00]] before Monday.',
  'Hi Sarah, our UK account is [[iban:GB29NWBK60161331926819]] for GBP payments.',
  'Hi Sarah, the refund goes to [[iban:FR14 2004 1010 0505 0001 3M02 606]] as requested.',
  'Hi Sarah, use [[iban:NL91ABNA0417164300]] as the beneficiary account.',
  // --- bank account
  'Hi Sarah, we will debit account number [[bank_account:000123456789]] on the 1st.',
  'Hi Sarah, the routing number is [[bank_account:021000021]] and the acct # is [[bank_account:4400123987]].',
  'Hi Sarah, please pay into a/c [[bank_account:12345678]] with sort code [[bank_account:20-00-00]].',
  'Hi Sarah, your checking account: [[bank_account:987654321012]] is set up for autopay.',
  // --- date of birth
  'Hi Sarah, the form says you were born on [[date_of_birth:03/14/1985]], is that right?',
  'Hi Sarah, DOB: [[date_of_birth:1985-03-14]] is missing from your profile.',
  'Hi Sarah, we have your date of birth as [[date_of_birth:March 14, 1985]] on file.',
  'Hi Sarah, born [[date_of_birth:14 March 1985]] according to the application.',
  // --- street address
  'Hi Sarah, I can drop the samples at [[street_address:1600 Amphitheatre Parkway]] on Thursday.',
  'Hi Sarah, the contract was mailed to [[street_address:221B Baker Street]] last week.',
  'Hi Sarah, our meetup is at [[street_address:350 5th Avenue, Suite 4100]] at noon.',
  'Hi Sarah, please ship the hardware to [[street_address:42 W Elm St]], Springfield.',
  'Hi Sarah, the new office at [[street_address:77 Massachusetts Ave]] opens in June.',
  'Hi Sarah, the campus tour starts at [[street_address:1 Infinite Loop]] in Cupertino.',
  // --- several kinds in one draft
  'Hi Sarah, my email is [[email:rep.jones@ourcompany.com]] and my cell is [[phone:415-555-0142]].',
  'Hi Sarah, the meeting is at [[street_address:10 Downing Street]]; bring the card [[card_number:4012888888881881]].',
  'Hi Sarah, I updated your DOB to [[date_of_birth:07/04/1990]] and your SSN to [[national_id:321-54-9876]].',
  // --- other people: the tenant's other leads
  'Hi Sarah, [[other_person:Priya Raman]] from Globex loved the same feature.',
  'Hi Sarah, I spoke with [[other_person:Becker]] about the rollout yesterday.',
  'Hi Sarah, you can ask [[other_person:Priya]] how they set it up.',
  'Hi Sarah, loop in [[other_person:priya.raman@globexmail.com]] for the reference call.',
  'Hi Sarah, call [[other_person:(415) 555-0199]] to hear how it went for them.',
  'Hi Sarah, [[other_person:Will Okafor]] signed last week, and [[other_person:Tomasz]] is close.',
  'Hi Sarah, I met [[other_person:Sarah Whitfield]] at the conference and she mentioned you.',
  'Hi Sarah, [[other_person:Mark Lindqvist]] (reach him at [[other_person:+44 7911 123456]]) can share his numbers.',
  'Hi Sarah, [[other_person:Okafor]] and [[other_person:Raman]] both use the enterprise tier.',
  'Hi Sarah, contact [[other_person:Priya]] at [[other_person:priya.raman@globexmail.com]] or [[other_person:+1 415 555 0199]].',
  'Hi Sarah, [[other_person:Tomasz Becker]] at Initech asked me to say hello.',
];

export interface LabelledText {
  text: string;
  spans: { kind: PiiKind; start: number; end: number }[];
}

const MARKER = /\[\[([a-z_]+):(.*?)\]\]/g;

/** Strips the `[[kind:text]]` markers and returns the plain text with the marked spans. */
export function parseLabelled(marked: string): LabelledText {
  const spans: LabelledText['spans'] = [];
  let text = '';
  let last = 0;
  for (const match of marked.matchAll(MARKER)) {
    text += marked.slice(last, match.index);
    spans.push({ kind: match[1] as PiiKind, start: text.length, end: text.length + match[2].length });
    text += match[2];
    last = match.index! + match[0].length;
  }
  text += marked.slice(last);
  return { text, spans };
}

import { plainToInstance } from 'class-transformer';
import { IsString, Length, validateSync } from 'class-validator';
import type { Channel } from '@followup/contracts';
import type { CountryCode } from 'libphonenumber-js';
import {
  DEFAULT_PHONE_REGIONS,
  DetectionText,
  detectPii,
  findNamesForPrompt,
  leadPhoneContext,
  maskTexts,
  MaskedValue,
  restoreText,
} from '@followup/pii';
import type { LeadAnalysis } from '../engine/lead-analysis';

export const PROMPT_VERSION = 'followup-draft-v3';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const SYSTEM_PROMPT = [
  'You help a B2B sales representative follow up with a lead.',
  'You receive facts about the lead as JSON and answer with a JSON object with exactly two string fields:',
  '"reasoning_summary": one or two sentences for the rep explaining why this channel and action, citing the engagement facts;',
  '"draft_message": the message to send on the recommended channel, addressed to the lead by first name, friendly and concise',
  "(under 320 characters for sms), with no placeholders, no other people's names, no email addresses, phone numbers or other personal data.",
  'Personal data in the facts is replaced by markers such as <PERSON_1> or <PHONE_1>: never repeat a marker in your answer.',
  'Never invent prices, discounts or commitments.',
].join(' ');

/**
 * Only what the model needs: no contact details, no last name, no other lead's data. The free-text fields (the
 * activity summary, a rejection reason) are the only way personal data can reach the model, so each is masked:
 * every PII finding becomes a typed placeholder, and the vault that maps them back never leaves the process.
 */
export interface PromptContext {
  /** Why a rep rejected the previous draft, for a re-analysis. */
  rejectionReason?: string;
  /** The tenant's phone regions (PII_DEFAULT_REGIONS), as compliance reads the draft; the detector's default when absent. */
  phoneRegions?: CountryCode[];
  /** The lead's country and its phone number's, read before the tenant's regions (leadPhoneContext). */
  leadCountry?: string;
  leadPhoneCountry?: string;
}

export function draftPrompt(analysis: LeadAnalysis, { rejectionReason, phoneRegions, leadCountry, leadPhoneCountry }: PromptContext = {}) {
  const outcomes: Record<string, Record<string, number>> = {};
  for (const event of analysis.input.engagement_history) {
    outcomes[event.type] ??= {};
    outcomes[event.type][event.outcome] = (outcomes[event.type][event.outcome] ?? 0) + 1;
  }
  const freeText: Record<string, string> = { recent_activity_summary: analysis.input.recent_activity_summary ?? '' };
  if (rejectionReason) freeText.previous_draft_rejected_because = rejectionReason;
  // national numbers are read in the lead's country and the tenant's regions, as compliance reads the draft
  const phones = leadPhoneContext(phoneRegions ?? DEFAULT_PHONE_REGIONS, { country: leadCountry, phoneCountry: leadPhoneCountry });
  // a surname after an honorific ("Mrs. Smith") and a given name alone ("ask for Priya") too, which screening does not
  // take for a person: the lead's own last name is not sent either
  const recipient = { first_name: analysis.firstName };
  const { texts, vault } = maskTexts(freeText, (text) => {
    const read = DetectionText.of(text);
    return [...detectPii(read, { recipient, ...phones }), ...findNamesForPrompt(read, recipient)];
  });
  const facts = {
    first_name: analysis.firstName,
    account_tier: analysis.input.account_tier ?? 'unknown',
    priority_score: analysis.priority.score,
    recommended_action: analysis.action,
    recommended_channel: analysis.channel?.channel ?? 'none',
    channel_response_estimates: Object.fromEntries(analysis.ranking.map((score) => [score.channel, score.response_probability])),
    outcomes_by_channel: outcomes,
    days_since_last_engagement: analysis.priority.factors.days_since_engagement,
    ...texts,
  };
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: JSON.stringify(facts) },
  ];
  return { messages, vault };
}

/**
 * The conversation for asking again: the model sees its refused answer and why it was refused (a reason of
 * parseDraftOutput's, which names fields, never their content), so it can correct that rather than repeat it.
 */
export function reAskMessages(messages: readonly ChatMessage[], refusedAnswer: string, problem: string, channel: Channel): ChatMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: refusedAnswer },
    {
      role: 'user',
      content:
        `That answer was refused (${problem}). Answer again with only the JSON object: "reasoning_summary" of 10 to 600 ` +
        `characters and "draft_message" of 10 to ${MAX_DRAFT_LENGTH[channel]} characters that addresses the lead by first name.`,
    },
  ];
}

/** The longest draft a channel takes: the prompt asks for an SMS under 320 characters, as a longer one goes out in several. */
export const MAX_DRAFT_LENGTH: Readonly<Record<Channel, number>> = { sms: 320, email: 1000, phone_call: 1000 };

export class LlmDraftOutput {
  @IsString()
  @Length(10, 600)
  reasoning_summary: string;

  @IsString()
  @Length(10, 1000)
  draft_message: string;
}

/**
 * The model's answer, if it is the JSON the prompt asks for, addresses the lead by name and fits the channel
 * (MAX_DRAFT_LENGTH); otherwise why not.
 * Placeholders are put back only where the value may appear in a draft (the lead's own first name); an answer
 * that keeps any other placeholder would disclose, or stand for, personal data and is refused.
 */
export function parseDraftOutput(
  content: string | null | undefined,
  firstName: string,
  channel: Channel,
  vault: readonly MaskedValue[] = [],
): LlmDraftOutput | { problem: string } {
  if (!content) return { problem: 'empty answer' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { problem: 'answer is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'answer is not a JSON object' };
  const output = plainToInstance(LlmDraftOutput, parsed, { excludeExtraneousValues: false });
  const errors = validateSync(output);
  if (errors.length > 0) return { problem: `invalid fields: ${errors.map((error) => error.property).join(', ')}` };
  // the lead's own name as the summary wrote it (`Maria Jose` for María José, `Anne Marie` for Anne-Marie, a soft
  // hyphen inside): put back as written
  const isFirstName = (entry: MaskedValue) => asName(entry.value) === asName(firstName);
  const reasoning = restoreText(output.reasoning_summary, vault, isFirstName);
  const draft = restoreText(output.draft_message, vault, isFirstName);
  if (reasoning.withheld.length + draft.withheld.length > 0) return { problem: 'answer keeps placeholders of personal data' };
  if (!addressesByName(draft.text, firstName)) return { problem: 'draft does not address the lead by first name' };
  const draftMessage = draft.text.trim();
  if (draftMessage.length > MAX_DRAFT_LENGTH[channel]) {
    return { problem: `draft_message longer than ${MAX_DRAFT_LENGTH[channel]} characters for ${channel}` };
  }
  return { reasoning_summary: reasoning.text.trim(), draft_message: draftMessage };
}

/**
 * Whether the draft names the lead by first name as a word of its own ("Jose" for José; not "Josephine" for Jose,
 * nor any "a" inside a word for a lead named A).
 */
export function addressesByName(draft: string, firstName: string): boolean {
  const name = asName(firstName.trim());
  if (name === '') return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(asName(draft));
}

/**
 * A name as a reader compares it: lower case, without accents or invisible characters, a hyphen between two letters
 * and any run of spaces on a line read as one space ("José" and "Jose", "Anne Marie" and "Anne-Marie" are one name,
 * and a model may write either).
 */
function asName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toLowerCase()
    .replace(/(?<=\p{L})-(?=\p{L})|[^\S\n]+/gu, ' ');
}

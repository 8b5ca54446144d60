import { RecommendedAction } from '@followup/contracts';

const MEETING_TERMS = /\b(demo|meeting|call|walkthrough)\b/i;
const INFORMATION_TERMS = /\b(brochure|case stud(y|ies)|documentation|datasheet|information)\b/i;
/** Below a 10% chance of a response within the horizon, or with intent negated, the lead is nurtured. */
const NURTURE_BELOW = 10;

/**
 * follow_up by default; schedule_call when the lead asked to meet and a call is possible; send_information
 * when they asked for material; nurture for low priority or stated disinterest; no_action when no consented
 * channel exists.
 */
export function chooseAction(
  priority: number,
  summary: string | undefined,
  intent: -1 | 0 | 1,
  hasConsentedChannel: boolean,
  canCall: boolean,
): RecommendedAction {
  if (!hasConsentedChannel) return 'no_action';
  if (priority < NURTURE_BELOW || intent < 0) return 'nurture';
  if (canCall && summary && MEETING_TERMS.test(summary) && !/pricing|quote/i.test(summary)) return 'schedule_call';
  if (summary && INFORMATION_TERMS.test(summary) && !/pricing|quote/i.test(summary)) return 'send_information';
  return 'follow_up';
}

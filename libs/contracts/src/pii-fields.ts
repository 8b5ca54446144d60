/**
 * Field names whose values are PII, or free text that may hold PII, wherever they appear in a payload: log
 * redaction censors them and the audit trail removes them (the drafts themselves go to restricted storage).
 */
export const PII_FIELD_NAMES = [
  'first_name',
  'last_name',
  'name',
  'email',
  'phone',
  'contacts',
  'draft_message',
  'edited_draft',
  'original_draft',
  'edit_diff',
  'recent_activity_summary',
  'original_value',
  'llm_exchange',
] as const;

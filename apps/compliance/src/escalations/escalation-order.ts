import { KeysetOrder } from '@followup/persistence';

export const ESCALATION_ORDERS = ['oldest_first', 'latest_decision_first'] as const;
export type EscalationOrder = (typeof ESCALATION_ORDERS)[number];

/** The case list's orders: by when a case was raised; by when it was decided, newest first (open cases last). */
export const ESCALATION_ORDER: Record<EscalationOrder, KeysetOrder> = {
  oldest_first: new KeysetOrder('oldest_first', [
    { field: 'raised_at', direction: 1, type: 'date' },
    { field: 'escalation_id', direction: 1, type: 'string' },
  ]),
  latest_decision_first: new KeysetOrder('latest_decision_first', [
    { field: 'resolved_at', direction: -1, type: 'date' },
    { field: 'escalation_id', direction: -1, type: 'string' },
  ]),
};

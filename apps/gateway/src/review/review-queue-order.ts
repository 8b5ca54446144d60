import { KeysetOrder } from '@followup/persistence';
import { OLDEST_FIRST } from '../recommendations/recommendation-request.repository';

export const REVIEW_QUEUE_ORDERS = ['oldest_first', 'highest_priority_first', 'latest_change_first'] as const;
export type ReviewQueueOrder = (typeof REVIEW_QUEUE_ORDERS)[number];

/**
 * The review queue's orders: by creation; by priority (ties oldest first; a recommendation without a score, before
 * the recommender answered, last); by the latest lifecycle step (what a manager's list of failures reads first).
 */
export const REVIEW_QUEUE_ORDER: Record<ReviewQueueOrder, KeysetOrder> = {
  oldest_first: OLDEST_FIRST,
  highest_priority_first: new KeysetOrder('highest_priority_first', [
    { field: 'result.priority_score', direction: -1, type: 'number' },
    ...OLDEST_FIRST.keys,
  ]),
  latest_change_first: new KeysetOrder('latest_change_first', [
    { field: 'lifecycle_updated_at', direction: -1, type: 'date' },
    { field: 'recommendation_id', direction: -1, type: 'string' },
  ]),
};

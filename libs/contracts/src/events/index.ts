export * from './envelope';
export * from './lead-upserted.event';
export * from './recommendation.events';
export * from './dead-letter.event';
export * from './workflow.events';
export * from './engagement.events';
export * from './audit.events';
export * from './suppression.events';

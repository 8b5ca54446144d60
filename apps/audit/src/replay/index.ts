export * from './replay-selection';
export * from './replay-progress';
export * from './replay-audit-topic';
export * from './rebuild-audit-database';
export * from './replay-step';
export * from '../verify/verify-audit-chains';
export * from '../verify/verify-keys';
export { parseKeptCheckpoints } from '../checkpoints/checkpoint-record';

export * from './detect-pii';
export * from './pii-rules';
export * from './evaluate-detector';

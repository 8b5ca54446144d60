export * from './detect-pii';
export * from './pii-rules';
export * from './person-rules';
export * from './checksums';
export * from './normalise';
export * from './mapped-text';
export * from './evaluate-detector';
export * from './labelled-set';

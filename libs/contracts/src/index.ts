export * from './domain';
export * from './errors';
export * from './topics';
export * from './events';
export * from './pii-fields';

export * from './domain';
export * from './errors';
export * from './topics';
export * from './events';

export * from './kafka-options';
export * from './topic-provisioner';
export * from './event-factory';
export * from './event-publisher';
export * from './event-consumer';
export * from './transient-errors';
export * from './validation-problems';
export * from './messaging.module';

export * from './health.module';
export * from './kafka.health';

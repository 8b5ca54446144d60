export * from './logging.module';
export * from './redaction';
export * from './request-id';
export * from './log-context';

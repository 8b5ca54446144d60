export * from './persistence.module';
export * from './mongo-errors';
export * from './upsert-if-newer';
export * from './scheduling/repeating-pass';
export * from './scheduling/scheduled-job.schema';
export * from './scheduling/scheduled-jobs';
export * from './erase-fields';
export * from './scheduling/lease';

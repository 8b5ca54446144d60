export * from './environment';
export * from './config.module';
export * from './clock';
export * from './instance-id';
export * from './within';
export * from './bounded-map';
export * from './group-commit-batcher';
export * from './validation-metadata-memo';

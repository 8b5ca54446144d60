export * from './environment';
export * from './config.module';
export * from './clock';

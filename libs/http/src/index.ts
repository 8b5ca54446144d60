export * from './api-exception.filter';
export * from './contract-validation.pipe';
export * from './api-error-responses';
export * from './create-service-app';
export * from './run-service';
export * from './service.module';
export * from './page-query';
export * from './cursor-page-query';

export * from './acting-role';
export * from './authenticated-user';
export * from './decorators';
export * from './jwt.strategy';
export * from './guards';
export * from './development-token';
export * from './auth.module';

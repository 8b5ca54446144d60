export * from './erasure-confirmations';
export * from './request-erasure';

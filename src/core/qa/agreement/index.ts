export * from './kappa';

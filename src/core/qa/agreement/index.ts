export * from './kappa';
export * from './match';
export * from './crossModal';
export * from './compare';

export * from './lerp';
export * from './track';
export * from './interpolate';
export * from './batch';
export * from './bars';

export * from './sample';
export * from './record';

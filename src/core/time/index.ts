export * from './clock';
export * from './rig';
export * from './sync';
export * from './onset';
export * from './wav';

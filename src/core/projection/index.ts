export * from './cuboidBox';
export * from './sweep';
export * from './scene';
export * from './deviation';
export * from './sampleIndex';

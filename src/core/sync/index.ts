export * from './protocol';
export * from './conflicts';
export * from './apply';
export * from './touched';
export * from './validate';

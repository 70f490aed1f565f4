export * from './exportScene';
export * from './importScene';

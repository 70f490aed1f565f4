export * from './transform';
export { FrameGraph } from './frameGraph';
export * from './camera';

export * from './cuboid';

export * as mat4 from './mat4';
export * as quat from './quaternion';
export type { Mat4, Mat3 } from './mat4';
export type { Quat } from './quaternion';

/** A small pure-TypeScript PNG codec for masks (1-bit writer, general non-interlaced reader) and base64 without Buffer. */
export { encodeMaskPng, pngChunk, PNG_SIGNATURE, type EncodeMaskOptions } from './encode';
export { decodeMaskPng, decodePngSamples, type PngHeader, type PngSamples } from './decode';
export { PngError } from './errors';
export { crc32 } from './crc32';
export { base64ToBytes, bytesToBase64, Base64Error } from './base64';

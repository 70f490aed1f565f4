/** MOTChallenge and ByteTrack tracking text: parse, import as model pre-annotations, export. */
export { parseMot, MotFormatError, type MotRow, type MotFlavour } from './parse';
export { importMotAsPreAnnotations, exportMot, type MotImportOptions } from './scene';

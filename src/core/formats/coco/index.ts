/** COCO detection/segmentation JSON: export, validation, the RLE codec, and SAM mask import. */
export { exportCoco, polygonArea, type CocoExport } from './export';
export { validateCoco } from './validate';
export { importSamMasks, type SamImport, type SamImportTarget } from './sam';
export { rleEncode, rleDecode, rleArea, rleToBbox, rleToString, rleFromString, type CocoRle } from './rle';
export { CocoFormatError } from './errors';
export { CocoDataset, CocoImage, CocoAnnotation, CocoCategory, CocoSegmentation, CocoRleJson } from './types';

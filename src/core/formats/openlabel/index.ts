/** ASAM OpenLABEL 1.0: export, import and validation. Conventions in README.md. */
export { exportOpenLabel, DONT_CARE_TYPE, DOCUMENT_CONTEXT_TYPE, RESERVED_ATTRIBUTES, taxonomyUri } from './export';
export { importOpenLabel, importOpenLabelText, OpenLabelImportError, type OpenLabelImportOptions, type OpenLabelImportResult } from './import';
export { validateOpenLabel, type OpenLabelIssue, type OpenLabelValidation } from './validate';
export { eulerToQuat, OpenLabelPathError } from './geometry';
export { CUBOID_SIZE_READINGS, type CuboidSizeOrder, type CuboidSizeReading } from './cuboidSizeOrder';
export { EXTRINSICS_READINGS, type ExtrinsicsReading } from './extrinsicsDirection';
export type { ExportSummary, OpenLabelDoc } from './types';

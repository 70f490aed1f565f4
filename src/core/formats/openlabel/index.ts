/** ASAM OpenLABEL 1.0: export, import and validation. Conventions in README.md. */
export { exportOpenLabel, DONT_CARE_TYPE, DOCUMENT_CONTEXT_TYPE, RESERVED_ATTRIBUTES, taxonomyUri } from './export';
export { importOpenLabel, importOpenLabelText, OpenLabelImportError, type OpenLabelImportOptions } from './import';
export { validateOpenLabel, type OpenLabelIssue, type OpenLabelValidation } from './validate';
export { eulerToQuat, OpenLabelPathError, type CuboidSizeReading } from './geometry';
export type { ExportSummary, OpenLabelDoc } from './types';

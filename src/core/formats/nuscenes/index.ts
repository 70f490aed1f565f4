export { importMmdet3dInfo, NuScenesInfoError } from './mmdet3dInfo';
export { importNuScenesTables, ANNOTATION_ATTRIBUTES, type NuScenesImportOptions } from './importTables';
export { exportNuScenesTables, type NuScenesExportOptions } from './exportTables';
export { readNuScenesTableFiles, findNuScenesTableFiles, type TableFile } from './readTableFiles';
export { NUSCENES_TABLES, NuScenesTablesError, tokenFor, type NuScenesTableName, type NuScenesTables } from './tables';
export { CATEGORY_ATTRIBUTE, classForCategory, categoryForClass } from './categories';

export { importMmdet3dInfo, NuScenesInfoError } from './mmdet3dInfo';

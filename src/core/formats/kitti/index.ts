/** KITTI object and tracking benchmarks: calibration, labels (label_2, label_02), velodyne scans, folder import and label export. */
export { KittiFormatError } from './errors';
export { parseKittiCalib, type KittiCalib } from './calib';
export { parseKittiLabels, formatKittiLabels, KITTI_COLUMN_NAMES, type KittiLabel } from './labels';
export { readVelodyneBin, checkVelodyneLength, KITTI_POINT_STRIDE } from './velodyne';
export { detectKittiLayout, pngSize, NotKittiError, type KittiLayout } from './layout';
export { KITTI_CLASS_MAP, KITTI_TYPE_OF_CLASS, OCCLUSION_VALUES } from './classes';
export {
  FRAMES as KITTI_FRAMES,
  KITTI_DEFAULT_SIZE,
  cameraOffsetFromP,
  intrinsicsFromP2,
  kittiCorners,
  kittiTransforms,
  labelToVelodyneCuboid,
  rectFromVelodyne,
  velodyneCuboidToLabelBox,
  type CuboidGeometry,
} from './geometry';
export { importKitti, KITTI_ATTRIBUTION, KITTI_FRAME_STEP_S, type KittiImportOptions, type KittiImportResult, type KittiSource } from './import';
export { clampToKittiImage, exportKittiLabels, exportKittiRows, kittiRowOf, projectBox, transformMatrix, KITTI_NO_3D, type KittiRowSources } from './export';
export { describeKittiScene } from './describe';
export {
  parseKittiTrackingLabels,
  formatKittiTrackingLabels,
  KITTI_TRACKING_COLUMN_NAMES,
  KITTI_TRACKING_DONTCARE,
  type KittiTrackingLabel,
} from './tracking';
export { exportKittiTracking, truncationLevel, type KittiTrackingExportOptions, type KittiTrackingExportResult } from './trackingExport';
export {
  importKittiTrackingLabels,
  kittiTrackingScene,
  type KittiTrackingImportOptions,
  type KittiTrackingImportResult,
  type KittiTrackingSceneOptions,
} from './trackingImport';
export { labelFrameOf, pickCamera, sequenceFrames, type SequenceFrames } from './trackingFrames';
export { importKittiRaw, describeKittiRaw, KITTI_RAW_ATTRIBUTION, KITTI_RAW_FRAME_STEP_S, type KittiRawImportOptions, type KittiRawImportResult } from './raw';
export { parseKittiRawCamToCam, parseKittiRawVeloToCam, rawAsObjectCalib, veloToCamMatrix, type KittiRawCamCalib, type KittiRawVeloCalib } from './rawCalib';
export { detectKittiRawLayout, type KittiRawLayout, type KittiRawSensorFiles } from './rawLayout';
export { parseKittiRawTimestamps, type KittiRawTimestamp } from './rawTimestamps';

/**
 * The LiDAR view's sweep: the core's Sweep (positions relative to the cloud's origin) plus that
 * origin, so the tools can move cuboids into the cloud's frame before fitting / counting
 * (toCloudFrame) and move the results back (fromCloudFrame). Origin [0, 0, 0] for sensor-frame clouds.
 */
import type { Sweep } from '../../core/annotate/fitCuboid';
import type { Vec3Tuple } from '../../core/formats/pointcloud';

export interface LidarSweep extends Sweep {
  origin: Vec3Tuple;
}

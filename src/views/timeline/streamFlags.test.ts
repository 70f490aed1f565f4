import { describe, expect, it } from 'vitest';
import { flagsByStream } from './streamFlags';

describe('stream flags', () => {
  it("puts each camera–LiDAR flag on the camera sensor's stream, the larger offset when two LiDARs disagree", () => {
    const streams = [
      { id: 's-cam', sensor: 'cam', samples: [], offset: 0, drift: 0 },
      { id: 's-lidar', sensor: 'lidar', samples: [], offset: 0, drift: 0 },
    ];
    const f = (reference: string, offset: number) => ({ sensor: 'cam', reference, offset, tolerance: 0.01, message: `${reference} ${offset}` });
    const m = flagsByStream({ streams }, [f('lidar', 0.03), f('lidar2', -0.05), { ...f('lidar', 0.02), sensor: 'nowhere' }]);
    expect([...m.keys()]).toEqual(['s-cam']);
    expect(m.get('s-cam')).toEqual({ offset: -0.05, tolerance: 0.01, reference: 'lidar2', message: 'lidar2 -0.05' });
  });
});

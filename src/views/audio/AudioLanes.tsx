/**
 * The audio lanes of the timeline: one AudioLane per audio sensor, on the timeline's time axis
 * (its visible window and lane width, from TimeAxisContext). Mounted inside the timeline's lanes.
 */
import type { Scene } from '../../core/schema';
import { useAxis } from '../timeline/useTimeAxis';
import { AudioLane } from './AudioLane';
import type { AudioSensor } from './useAudioClips';

export function AudioLanes({ scene }: { scene: Scene }) {
  const axis = useAxis();
  const sensors = scene.sensors.filter((s): s is AudioSensor => s.kind === 'audio');
  if (!sensors.length) return null;
  return (
    <>
      {sensors.map((s) => (
        <AudioLane key={s.id} scene={scene} sensor={s} viewStart={axis.view.start} viewEnd={axis.view.end} width={axis.width} />
      ))}
    </>
  );
}

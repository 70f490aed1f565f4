/**
 * The video frame in place of the camera image: a <video> inside the pane's image-pixel SVG (a
 * foreignObject of W × H image pixels), so pan/zoom and every overlay layer work on it exactly as
 * on an image. Muted: sound plays from the audio lanes; a muted element may also play without a
 * user gesture. A file that cannot be decoded is hidden; the pane shows the message (VideoError).
 */
import type { VideoFrameState } from '../useVideoFrame';
import { ScreenText } from './ScreenText';

export function VideoLayer({ video, W, H, scale }: { video: VideoFrameState; W: number; H: number; scale: number }) {
  if (!video.url)
    return (
      <ScreenText x={W / 2} y={H / 2} scale={scale} size={14} fill="#889" textAnchor="middle">
        video not available — open its folder again
      </ScreenText>
    );
  return (
    <foreignObject x={0} y={0} width={W} height={H} style={{ pointerEvents: 'none' }}>
      <video
        ref={video.ref}
        src={video.url}
        muted
        playsInline
        preload="auto"
        data-testid="camera-video"
        className="camera-video"
        style={{ visibility: video.error ? 'hidden' : 'visible' }}
      />
    </foreignObject>
  );
}

/** The decode error of the shown video, over the stage (HTML, so a long message wraps). */
export function VideoError({ message }: { message: string }) {
  return (
    <div className="video-error" role="alert" data-testid="video-error">
      {message}
    </div>
  );
}

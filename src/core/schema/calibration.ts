/**
 * Camera intrinsics: a pinhole matrix K plus an explicit distortion model.
 * Pixel convention: (0,0) is the top-left corner of the top-left pixel; u right, v down.
 * Camera frame convention (OpenCV): x right, y down, z forward (optical axis).
 */
import { z } from 'zod';

const finite = () => z.number().refine(Number.isFinite, { message: 'must be a finite number' });

export const DistortionNone = z.object({ model: z.literal('none') });

/** OpenCV radial-tangential: k1 k2 p1 p2 k3, optionally the rational k4 k5 k6. */
export const DistortionOpenCV = z.object({
  model: z.literal('opencv'),
  k1: finite(),
  k2: finite(),
  p1: finite(),
  p2: finite(),
  k3: finite().default(0),
  k4: finite().default(0),
  k5: finite().default(0),
  k6: finite().default(0),
  /** Largest undistorted radius (x/z, y/z) the polynomial was calibrated for; beyond it points are rejected. */
  maxRadius: finite().positive().optional(),
});

/** OpenCV fisheye = Kannala-Brandt with four coefficients on theta. */
export const DistortionFisheye = z.object({
  model: z.literal('fisheye'),
  k1: finite(),
  k2: finite(),
  k3: finite(),
  k4: finite(),
  /** Largest incidence angle theta (radians) that is valid; defaults to where theta_d stops increasing. */
  maxTheta: finite().positive().optional(),
});

export const Distortion = z.discriminatedUnion('model', [DistortionNone, DistortionOpenCV, DistortionFisheye]);
export type Distortion = z.infer<typeof Distortion>;

export const CameraIntrinsics = z.object({
  /** Image size in pixels. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fx: finite().refine((v) => v !== 0, 'fx must be non-zero'),
  fy: finite().refine((v) => v !== 0, 'fy must be non-zero'),
  cx: finite(),
  cy: finite(),
  skew: finite().default(0),
  distortion: Distortion.default({ model: 'none' }),
});
export type CameraIntrinsics = z.infer<typeof CameraIntrinsics>;

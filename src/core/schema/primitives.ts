/**
 * Primitive records shared by every schema: vectors, quaternions and rigid transforms.
 * Named fields, never positional arrays, so no reader ever guesses an order.
 * Units: metres, radians, seconds.
 */
import { z } from 'zod';

const finite = () => z.number().refine(Number.isFinite, { message: 'must be a finite number' });

export const Vec3 = z.object({ x: finite(), y: finite(), z: finite() });
export type Vec3 = z.infer<typeof Vec3>;

/** Unit quaternion with named components (x, y, z = vector part, w = scalar part). */
export const Quaternion = z.object({ x: finite(), y: finite(), z: finite(), w: finite() });
export type Quaternion = z.infer<typeof Quaternion>;

/** A coordinate frame name, e.g. `velodyne`, `ego`, `camera_2`, `camera_0_rect`. */
export const FrameName = z.string().min(1).regex(/^[A-Za-z0-9_.:-]+$/, 'frame names use letters, digits, _ . : -');
export type FrameName = z.infer<typeof FrameName>;

/** Row-major 4x4 matrix, 16 numbers; the last row must be 0 0 0 1 for a rigid transform. */
export const Matrix4RowMajor = z.array(finite()).length(16);

/**
 * A rigid transform that names both frames: it maps points given in `from` into `to`,
 * `X_to = T · X_from` (column vectors). Its conventional name is `T_<to>_from_<from>`.
 * Stored either as a row-major 4x4 matrix or as a quaternion plus translation.
 */
export const Transform = z
  .object({
    from: FrameName,
    to: FrameName,
    repr: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('matrix4x4'), rowMajor: Matrix4RowMajor }),
      z.object({ kind: z.literal('quaternion'), rotation: Quaternion, translation: Vec3 }),
    ]),
  })
  .refine((t) => t.from !== t.to, { message: 'a transform must map between two different frames' });
export type Transform = z.infer<typeof Transform>;

export const transformName = (t: Pick<Transform, 'from' | 'to'>): string => `T_${t.to}_from_${t.from}`;

/** Free-form JSON metadata (original units, provenance, importer notes). */
export const Metadata = z.record(z.string(), z.unknown());
export type Metadata = z.infer<typeof Metadata>;

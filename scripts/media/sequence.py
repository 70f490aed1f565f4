#!/usr/bin/env python3
"""Build the bundled KITTI raw sequence demo (public/demo/sequence) from ../shared/data/kitti-raw-sequence.

Re-runnable: reads the shared KITTI raw excerpt (12 synced frames of a 2011_09_26 drive, see
../shared/data/PROVENANCE.md) and writes, replacing what is there:

  public/demo/sequence/calib_cam_to_cam.txt, calib_velo_to_cam.txt, calib_imu_to_velo.txt   copied unchanged
  public/demo/sequence/image_02/data/<10 digits>.jpg   the rectified left colour PNGs as JPEG, quality 90
                                                       (Pillow, 4:2:0 chroma, optimised Huffman tables)
  public/demo/sequence/velodyne_points/data/<10 digits>.bin
                                                       the Velodyne sweeps REDUCED to stay small: only the
                                                       forward half (x > 0 m in the Velodyne frame, which
                                                       contains the camera's field of view), and of those
                                                       every 2nd point in file order (ring order, so every
                                                       ring keeps half its azimuth samples). Same layout as
                                                       KITTI: float32 little-endian x y z reflectance, values
                                                       copied bit for bit.
  public/demo/sequence/manifest.json                   frames, files, point counts before/after, what was kept

Needs python3 with numpy and Pillow (`pip install numpy pillow`).
Run from the repository root: python3 scripts/media/sequence.py [--src ../shared/data/kitti-raw-sequence/2011_09_26]
"""
import argparse
import json
import os
import shutil

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
DEFAULT_SRC = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'data', 'kitti-raw-sequence', '2011_09_26'))
OUT = os.path.join(ROOT, 'public', 'demo', 'sequence')
JPEG_QUALITY = 90
KEEP_EVERY = 2
CALIB = ['calib_cam_to_cam.txt', 'calib_velo_to_cam.txt', 'calib_imu_to_velo.txt']


def reduce_sweep(points: np.ndarray) -> np.ndarray:
    """Forward half (x > 0), then every KEEP_EVERY-th of those points in file order."""
    forward = points[points[:, 0] > 0]
    return forward[::KEEP_EVERY]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--src', default=DEFAULT_SRC)
    args = ap.parse_args()
    src = args.src
    img_dir = os.path.join(src, 'image_02', 'data')
    velo_dir = os.path.join(src, 'velodyne_points', 'data')
    frames = sorted(f[:-4] for f in os.listdir(img_dir) if f.endswith('.png'))
    missing = [f for f in frames if not os.path.exists(os.path.join(velo_dir, f + '.bin'))]
    if missing:
        raise SystemExit(f'{velo_dir}: no sweep for frame(s) {", ".join(missing)}')

    for sub in ('image_02', 'velodyne_points'):
        shutil.rmtree(os.path.join(OUT, sub), ignore_errors=True)
    os.makedirs(os.path.join(OUT, 'image_02', 'data'), exist_ok=True)
    os.makedirs(os.path.join(OUT, 'velodyne_points', 'data'), exist_ok=True)
    for name in CALIB:
        shutil.copyfile(os.path.join(src, name), os.path.join(OUT, name))

    manifest = {
        'source': 'KITTI raw 2011_09_26 (drive not stated by the source), 12 synced frames; see PROVENANCE.md',
        'frames': frames,
        'calibration': CALIB,
        'images': {'dir': 'image_02/data', 'ext': 'jpg', 'jpegQuality': JPEG_QUALITY, 'from': 'PNG 1242x375 (rectified)', 'sizes': {}, 'bytes': {}},
        'sweeps': {
            'dir': 'velodyne_points/data',
            'ext': 'bin',
            'layout': 'float32 little-endian x y z reflectance (KITTI), values unchanged',
            'kept': f'points with x > 0 m (forward half, Velodyne frame), then every {KEEP_EVERY}nd of those in file order',
            'pointsOriginal': {},
            'pointsKept': {},
        },
        'timestamps': 'none: the excerpt ships no timestamps.txt; KITTI raw runs at 10 Hz with the cameras triggered by the LiDAR, so t = index x 0.1 s',
    }
    total = 0
    for f in frames:
        im = Image.open(os.path.join(img_dir, f + '.png')).convert('RGB')
        out_img = os.path.join(OUT, 'image_02', 'data', f + '.jpg')
        im.save(out_img, 'JPEG', quality=JPEG_QUALITY, optimize=True)
        manifest['images']['sizes'][f] = [im.width, im.height]
        manifest['images']['bytes'][f] = os.path.getsize(out_img)

        raw = np.fromfile(os.path.join(velo_dir, f + '.bin'), dtype='<f4')
        if raw.size % 4:
            raise SystemExit(f'{f}.bin: {raw.size * 4} bytes is not a whole number of 16-byte points')
        pts = raw.reshape(-1, 4)
        kept = np.ascontiguousarray(reduce_sweep(pts))
        out_bin = os.path.join(OUT, 'velodyne_points', 'data', f + '.bin')
        kept.astype('<f4').tofile(out_bin)
        manifest['sweeps']['pointsOriginal'][f] = int(pts.shape[0])
        manifest['sweeps']['pointsKept'][f] = int(kept.shape[0])
        total += os.path.getsize(out_img) + os.path.getsize(out_bin)
        print(f'{f}: jpg {os.path.getsize(out_img)} B, sweep {pts.shape[0]} -> {kept.shape[0]} points ({os.path.getsize(out_bin)} B)')
    with open(os.path.join(OUT, 'manifest.json'), 'w') as fh:
        json.dump(manifest, fh, indent=1)
        fh.write('\n')
    print(f'total images + sweeps: {total / 1e6:.2f} MB in {OUT}')


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Transcode the talking-face and narrated demo clips to WebM that Chromium plays, and record their timing.

Browsers cannot play MPEG-1 video in MPEG-PS (the GRID clip) and the NASA test file has six streams, so both
are re-encoded with Debian's ffmpeg (`apt-get install -y ffmpeg`; made with ffmpeg 5.1) to WebM: VP9 video
(CRF 33, a keyframe every second so seeking is quick) + Opus audio. Timestamps are kept: no trimming (`-ss`),
`-fflags +genpts`, and `-avoid_negative_ts disabled` so the first video frame keeps PTS 0 (ffmpeg's default
for WebM would shift every stream by Opus's 6.5 ms encoder delay, moving the video to 7 ms); the audio input is
offset by that delay to compensate (OPUS_PRESKIP_S below).

Writes to public/demo/talking/ (replacing what is there), for each clip <name>:
  <name>.webm           the transcoded clip
  <name>.frames.json    the video frame presentation times (ffprobe -show_frames, pts_time) of the WebM:
                        the frame shown at t is the last frame whose PTS is at or before t
  <name>.envelope.json  the ORIGINAL audio's 1 ms level envelope (mono, 48 kHz), for the Chromium sync test
  <name>.sync.json      ffprobe facts of the ORIGINAL and of the WebM (stream start times, first decoded audio
                        frame time, frame PTS count/first/last, durations) and the sound span (onset/offset of
                        speech, core/audio/onset via scripts/media/onset.ts) measured on ffmpeg's decode of both
  and the transcripts: swwp2s.align (GRID word alignment, original) → grid_swwp2s.words.vtt (one cue per word,
  times = align units / 25000 s); nasa_13013.srt (original) → nasa_13013.vtt (same cues, WebVTT syntax).

Run from the repository root: python3 scripts/media/transcode.py [--shared ../shared/data]
Needs ffmpeg/ffprobe on PATH and node (npx tsx) for the onset measurement.
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'public', 'demo', 'talking')
ALIGN_UNITS_PER_S = 25000  # GRID .align: start end word, in 1/25000 s (1/1000 of a 25 fps video frame)
# libopus's encoder delay (pre-skip): 312 samples at 48 kHz. With -avoid_negative_ts disabled, ffmpeg 5.1's WebM
# muxer leaves the Opus track that much EARLY: measured on the uncompensated files, both ffmpeg's decode (first
# decoded audio frame at -0.006 s) and Chromium's decodeAudioData (speech onset 6.2 ms / 5 ms earlier than in the
# originals) put the original's first audio sample at -6.5 ms. Delaying the audio input by the pre-skip puts it
# back at 0 (then: ffmpeg's first decoded frame at 0.000 s, Chromium's onset within 1.2 ms of the original's).
OPUS_PRESKIP_S = 312 / 48000

CLIPS = [
    {
        'name': 'grid_swwp2s',
        'src': 'talking-video-grid/id2_vcd_swwp2s.mpg',
        'video': '0:v:0',
        'audio': '0:a:0',
        'opus_bitrate': '64k',
    },
    {
        # stream 0:0 (H.264 320x180 25 fps) and its audio 0:1 (AAC 8 kHz stereo); 0:3/0:4 are a second copy
        'name': 'nasa_13013',
        'src': 'narrated-video-nasa/nasa_13013.mp4',
        'video': '0:0',
        'audio': '0:1',
        'opus_bitrate': '32k',
    },
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def ffprobe_json(path, *args):
    return json.loads(run(['ffprobe', '-v', 'error', '-of', 'json', *args, path]))


def stream_index(spec):
    """'0:v:0' / '0:1' -> ffprobe -select_streams spec ('v:0' / '1')."""
    return spec.split(':', 1)[1]


def probe(path, vsel, asel):
    """Timing facts of one file: its video stream `vsel` and audio stream `asel` (ffprobe stream specifiers)."""
    fmt = ffprobe_json(path, '-show_entries', 'format=start_time,duration,format_name')['format']
    v = ffprobe_json(path, '-select_streams', vsel, '-show_entries', 'stream=index,codec_name,width,height,r_frame_rate,start_time,duration,time_base')['streams'][0]
    a = ffprobe_json(path, '-select_streams', asel, '-show_entries', 'stream=index,codec_name,sample_rate,channels,start_time,duration,time_base,initial_padding')['streams'][0]
    vframes = ffprobe_json(path, '-select_streams', vsel, '-show_entries', 'frame=pts_time,best_effort_timestamp_time')['frames']
    aframes = ffprobe_json(path, '-select_streams', asel, '-show_entries', 'frame=pts_time,best_effort_timestamp_time,nb_samples')['frames']
    pts = [float(f.get('pts_time', f.get('best_effort_timestamp_time'))) for f in vframes]
    return {
        'format': {'name': fmt.get('format_name'), 'start_time': float(fmt['start_time']), 'duration': float(fmt['duration'])},
        'video': {
            'index': v['index'], 'codec': v['codec_name'], 'width': v['width'], 'height': v['height'], 'r_frame_rate': v['r_frame_rate'],
            'start_time': float(v['start_time']), 'frames': len(pts), 'first_pts': pts[0], 'last_pts': pts[-1],
        },
        'audio': {
            'index': a['index'], 'codec': a['codec_name'], 'sample_rate': int(a['sample_rate']), 'channels': a['channels'],
            'start_time': float(a['start_time']),
            'first_frame_pts': float(aframes[0].get('pts_time', aframes[0].get('best_effort_timestamp_time'))),
            'decoded_samples': sum(int(f['nb_samples']) for f in aframes),
        },
        'pts': pts,
    }


def sound_span(path, asel, rate, channels, resample=None):
    """Sound onset/offset (seconds from the first decoded sample) of ffmpeg's decode of stream `asel`; with
    `resample` (Hz) the decode is resampled to that rate and mixed to mono, and the 1 ms level envelope is included."""
    with tempfile.NamedTemporaryFile(suffix='.f32') as tmp:
        extra = ['-ac', '1', '-ar', str(resample)] if resample else []
        subprocess.run(['ffmpeg', '-v', 'error', '-y', '-i', path, '-map', asel, *extra, '-f', 'f32le', tmp.name], check=True)
        args = [str(resample), '1', '--envelope'] if resample else [str(rate), str(channels)]
        out = run(['npx', '--no-install', 'tsx', os.path.join(HERE, 'onset.ts'), tmp.name, *args], cwd=ROOT)
    return json.loads(out)


def transcode(src, clip, dst):
    # the audio is read from a second copy of the input, delayed by Opus's pre-skip (see OPUS_PRESKIP_S)
    audio = '1:' + clip['audio'].split(':', 1)[1]
    cmd = [
        'ffmpeg', '-v', 'error', '-y', '-fflags', '+genpts', '-i', src, '-itsoffset', f'{OPUS_PRESKIP_S}', '-i', src,
        '-map', clip['video'], '-map', audio,
        '-c:v', 'libvpx-vp9', '-crf', '33', '-b:v', '0', '-g', '25', '-deadline', 'good', '-cpu-used', '2', '-row-mt', '1', '-pix_fmt', 'yuv420p',
        # 48 kHz into the encoder: at 8 kHz input ffmpeg 5.1 writes the WebM CodecDelay in 8 kHz samples read as
        # 48 kHz ones (1.08 ms instead of the 6.5 ms pre-skip), and ffmpeg and Chromium then disagree on the audio start
        '-c:a', 'libopus', '-ar', '48000', '-b:a', clip['opus_bitrate'],
        '-avoid_negative_ts', 'disabled', '-map_metadata', '-1', '-f', 'webm', dst,
    ]
    subprocess.run(cmd, check=True)
    return ' '.join(clip['src'] if c == src else os.path.relpath(dst, ROOT) if c == dst else c for c in cmd)


def fmt_vtt(seconds):
    ms = round(seconds * 1000)
    return f'{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}'


def align_to_vtt(text, speaker):
    """GRID .align -> WebVTT, one cue per word ('sil' dropped), voice = speaker."""
    cues = []
    for line in text.splitlines():
        if not line.strip():
            continue
        start, end, word = line.split()
        if word == 'sil':
            continue
        cues.append(f'{fmt_vtt(int(start) / ALIGN_UNITS_PER_S)} --> {fmt_vtt(int(end) / ALIGN_UNITS_PER_S)}\n<v {speaker}>{word}')
    header = 'WEBVTT - GRID word alignment swwp2s.align (LipNet evaluation sample), times = align units / 25000 s\n'
    return header + ''.join(f'\nw{i + 1}\n{c}\n' for i, c in enumerate(cues))


def srt_to_vtt(text, speaker):
    """SubRip -> WebVTT: comma decimal separators become dots; cue numbers kept as ids; a voice span names the speaker."""
    out = ['WEBVTT - converted from nasa_13013.srt (subtitle stream 0:2 of nasa_13013.mp4)\n']
    for block in text.replace('\r\n', '\n').strip().split('\n\n'):
        lines = block.split('\n')
        cue_id, timing, body = lines[0], lines[1].replace(',', '.'), '\n'.join(lines[2:])
        out.append(f'\n{cue_id}\n{timing}\n<v {speaker}>{body}\n')
    return ''.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--shared', default=os.path.normpath(os.path.join(ROOT, '..', 'shared', 'data')))
    ap.add_argument('--text-only', action='store_true', help='only copy and convert the transcripts (no ffmpeg)')
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if args.text_only:
        CLIPS.clear()
    version = run(['ffmpeg', '-version']).split('\n')[0]
    for clip in CLIPS:
        src = os.path.join(args.shared, clip['src'])
        dst = os.path.join(OUT, clip['name'] + '.webm')
        command = transcode(src, clip, dst)
        orig = probe(src, stream_index(clip['video']), stream_index(clip['audio']))
        webm = probe(dst, 'v:0', 'a:0')
        orig_span = sound_span(src, clip['audio'], orig['audio']['sample_rate'], orig['audio']['channels'])
        webm_span = sound_span(dst, '0:a:0', webm['audio']['sample_rate'], webm['audio']['channels'])
        # the original's 1 ms level envelope (mono, resampled to 48 kHz): the Chromium test cross-correlates its own
        # decode of the WebM against it, to the millisecond
        env = sound_span(src, clip['audio'], None, None, resample=48000)['envelopeDb']
        with open(os.path.join(OUT, clip['name'] + '.envelope.json'), 'w') as fh:
            json.dump({'file': clip['src'], 'what': 'level envelope of the ORIGINAL audio: dB of the mean square of the mono mix (ffmpeg -ac 1 -ar 48000) per 1 ms (48 samples), core/audio/onset levelEnvelopeDb',
                       'frameS': 0.001, 'envelopeDb': env}, fh, separators=(',', ':'))
            fh.write('\n')
        frames = {
            'file': os.path.basename(dst),
            'stream': 'video 0 (VP9)',
            'timeBase': 'seconds (WebM stores milliseconds)',
            'rule': 'the frame shown at t is the last frame whose pts is at or before t',
            'count': len(webm['pts']),
            'pts': webm['pts'],
            'originalFile': clip['src'],
            'originalPts': orig['pts'],
        }
        with open(os.path.join(OUT, clip['name'] + '.frames.json'), 'w') as fh:
            json.dump(frames, fh)
            fh.write('\n')
        sync = {
            'made_by': f'scripts/media/transcode.py with {version}',
            'command': command,
            'original': {'file': clip['src'], **{k: v for k, v in orig.items() if k != 'pts'}, 'soundSpan': orig_span},
            'webm': {'file': os.path.basename(dst), 'bytes': os.path.getsize(dst), **{k: v for k, v in webm.items() if k != 'pts'}, 'soundSpan': webm_span},
            'notes': [
                'soundSpan onset/offset: seconds from the first decoded sample of ffmpeg\'s decode (add audio.first_frame_pts for container time)',
                'Opus always decodes at 48 kHz; the original sample rate is original.audio.sample_rate',
            ],
        }
        with open(os.path.join(OUT, clip['name'] + '.sync.json'), 'w') as fh:
            json.dump(sync, fh, indent=1)
            fh.write('\n')
        print(f"{clip['name']}: {os.path.getsize(dst)} B, {len(webm['pts'])} frames (original {len(orig['pts'])}), "
              f"video start {webm['video']['start_time']} (orig {orig['video']['start_time']}), first audio frame {webm['audio']['first_frame_pts']} "
              f"(orig {orig['audio']['first_frame_pts']}), onset {webm_span['onset']:.4f} (orig {orig_span['onset']:.4f})")

    # the originals are copied byte for byte (swwp2s.align has CRLF line ends)
    shutil.copyfile(os.path.join(args.shared, 'talking-video-grid', 'swwp2s.align'), os.path.join(OUT, 'swwp2s.align'))
    shutil.copyfile(os.path.join(args.shared, 'narrated-video-nasa', 'nasa_13013.srt'), os.path.join(OUT, 'nasa_13013.srt'))
    with open(os.path.join(OUT, 'swwp2s.align')) as fh:
        align = fh.read()
    with open(os.path.join(OUT, 'grid_swwp2s.words.vtt'), 'w') as fh:
        fh.write(align_to_vtt(align, 'Speaker'))
    with open(os.path.join(OUT, 'nasa_13013.srt'), encoding='utf-8') as fh:
        srt = fh.read()
    with open(os.path.join(OUT, 'nasa_13013.vtt'), 'w', encoding='utf-8') as fh:
        fh.write(srt_to_vtt(srt, 'Narrator'))


if __name__ == '__main__':
    main()

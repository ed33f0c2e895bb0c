"""The probing child process: `python -m studio.media.probe_child PATH [--keyframes]`.

Runs PyAV on an untrusted file in its own process (a crafted file may crash this child, never the app)
and prints one JSON object on stdout: either the facts `studio.media.probe` turns into a `MediaInfo`, or
`{"error": {"code", "detail"}}`. Timestamps come from demuxing every video packet (cheap: no decoding),
so frame counts, VFR and durations use the real timestamps; one frame is decoded to learn the rotation
and scan type and to prove the stream decodes.

Field-coded interlaced H.264 (AVCHD cameras) stores each field as its own packet: two packets per
frame. It is recognised by packets arriving at twice the codec's frame rate and paired back into frames.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
from fractions import Fraction
from typing import Any

TRANSFERS = {1: "bt709", 4: "gamma22", 5: "gamma28", 6: "smpte170m", 7: "smpte240m", 8: "linear",
             11: "iec61966-2-4", 13: "iec61966-2-1", 14: "bt2020-10", 15: "bt2020-12", 16: "smpte2084",
             18: "arib-std-b67"}
PRIMARIES = {1: "bt709", 4: "bt470m", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m", 9: "bt2020",
             11: "smpte431", 12: "smpte432"}


def _error(code: str, detail: str) -> dict[str, Any]:
    return {"error": {"code": code, "detail": detail}}


def probe_file(path: str, keyframes: bool) -> dict[str, Any]:
    import av

    try:
        container = av.open(path, options={"protocol_whitelist": "file"})
    except av.error.InvalidDataError:
        return _error("not_media", "not a video file, or damaged beyond reading")
    except av.error.FFmpegError as exc:
        return _error("not_media", f"cannot be opened as a video ({exc.strerror or exc})")
    with container:
        attached = av.stream.Disposition.attached_pic
        videos = [s for s in container.streams.video if not (s.disposition & attached)]
        if not videos:
            return _error("no_video", "has no video stream")
        stream = videos[0]
        tb = stream.time_base
        if tb is None:
            return _error("not_media", "the video stream has no time base")
        if container.format.name.endswith("_pipe") or container.format.name.startswith("image2"):
            return _error("still_image", "a still image, not a video")
        file_size = os.path.getsize(path)
        packets: list[tuple[int, bool]] = []
        damaged = None
        try:
            for packet in container.demux(stream):
                if packet.pts is None or packet.is_discard or packet.size == 0:
                    continue
                if packet.is_corrupt or (packet.pos is not None and packet.pos + packet.size > file_size):
                    damaged = f"{len(packets)} frames could be read before the damage"
                    break
                packets.append((packet.pts, packet.is_keyframe))
        except av.error.FFmpegError as exc:
            damaged = f"{len(packets)} frames could be read ({exc.strerror or exc})"
        if not packets:
            return _error("no_frames", "the video stream holds no frames (truncated or damaged)")
        if damaged:
            return _error("truncated", damaged)

        first = _decode_first(path, stream.index)
        if isinstance(first, dict):
            return first
        rotation, interlaced = first

        cc = stream.codec_context
        packets.sort()
        codec_rate = cc.framerate or stream.average_rate
        if interlaced and codec_rate and len(packets) >= 4:
            intervals = [b[0] - a[0] for a, b in itertools.pairwise(packets)]
            median = statistics.median(intervals) * tb
            if abs(median * codec_rate * 2 - 1) < Fraction(1, 10):
                packets = packets[0::2]

        start_us = container.start_time or 0
        times = [Fraction(p) * tb * 1000 - Fraction(start_us, 1000) for p, _ in packets]
        intervals = [b - a for a, b in itertools.pairwise(times)]
        median = statistics.median(intervals) if intervals else Fraction(1000, 30)
        vfr = any(abs(i - median) > median / 10 for i in intervals)
        span = times[-1] - times[0] + median
        sar = stream.sample_aspect_ratio or cc.sample_aspect_ratio or Fraction(1)
        if sar <= 0:
            sar = Fraction(1)
        width, height = cc.width, cc.height
        disp_w = round(width * sar) if sar > 1 else width
        disp_h = round(height / sar) if sar < 1 else height
        if rotation in (90, 270):
            disp_w, disp_h = disp_h, disp_w
        audio = next(iter(container.streams.audio), None)
        real_rate = stream.base_rate or stream.guessed_rate or stream.average_rate
        facts: dict[str, Any] = {
            "container": container.format.name,
            "start_ms": round(Fraction(start_us, 1000)),
            "first_frame_ms": _ceil(times[0]),
            "duration_ms": round(times[-1] + median),
            "frame_count": len(times),
            "width": width,
            "height": height,
            "display_width": disp_w,
            "display_height": disp_h,
            "rotation": rotation,
            "sample_aspect_ratio": f"{sar.numerator}:{sar.denominator}",
            "avg_fps": round(float(len(times) * 1000 / span), 3) if span > 0 else 0.0,
            "real_fps": round(float(real_rate), 3) if real_rate else 0.0,
            "vfr": vfr,
            "video_codec": cc.codec.canonical_name,
            "video_profile": cc.profile,
            "pix_fmt": cc.pix_fmt or "",
            "color_transfer": TRANSFERS.get(cc.color_trc),
            "color_primaries": PRIMARIES.get(cc.color_primaries),
            "interlaced": interlaced,
            "has_audio": audio is not None,
            "audio_codec": audio.codec_context.codec.canonical_name if audio is not None else None,
            "audio_sample_rate": audio.codec_context.sample_rate if audio is not None else None,
            "audio_channels": audio.codec_context.channels if audio is not None else None,
        }
        if keyframes:
            facts["keyframes_ms"] = [_ceil(t) for t, (_, key) in zip(times, packets, strict=False) if key]
        return facts


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def _decode_first(path: str, index: int) -> tuple[int, bool] | dict[str, Any]:
    """(rotation clockwise in degrees, interlaced) of the first decodable frame, or an error."""
    import av

    with av.open(path, options={"protocol_whitelist": "file"}) as container:
        stream = container.streams[index]
        stream.thread_type = "AUTO"
        try:
            for frame in container.decode(stream):
                return (-int(frame.rotation)) % 360, bool(frame.interlaced_frame)
        except av.error.FFmpegError as exc:
            return _error("undecodable", f"the {stream.codec_context.name} video cannot be decoded "
                          f"({exc.strerror or exc})")
    return _error("undecodable", "no video frame could be decoded")


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: probe_child PATH [--keyframes]", file=sys.stderr)
        return 2
    result = probe_file(argv[0], "--keyframes" in argv[1:])
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

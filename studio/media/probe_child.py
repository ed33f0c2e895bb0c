"""The probing child process: `python -m studio.media.probe_child PATH [--keyframes]`.

Runs PyAV on an untrusted file in its own process (a crafted file may crash this child, never the app)
and prints one JSON object on stdout: either the facts `studio.media.probe` turns into a `MediaInfo`, or
`{"error": {"code", "detail"}}`. Timestamps come from demuxing every video packet (cheap: no decoding),
so frame counts, VFR and durations use the real timestamps; one frame is decoded to learn the rotation
and scan type and to prove the stream decodes.

Files this app trusts (its own exports, and sources `probe` has already accepted) can be read without their
media data: the packet list from an MP4/MOV's index (`frame_index.video_packets`), and `header_orientation`
the rotation (the track header's matrix) and scan type (the codec parameters) without decoding;
`probe_file(..., own=True)` uses both, and for an H.264 MP4 it opens the file without the picture
libavformat's stream probing decodes and reads the pixel format and colours from the SPS
(`h264.sps_picture`). Whatever cannot be read that way exactly falls back to the demux and the decode.

The frame list itself (packets, frames, their source times) is `studio.media.frame_index`, shared with
`cut_plan`, `frames` and `filmstrip`, so the frame list a `FrameServer` serves is exactly the one `probe`
counted.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import struct
import sys
from fractions import Fraction
from typing import Any

import av
import av.container
import av.video.stream

from studio.media import h264
from studio.media.frame_index import (
    Mp4Track,
    demux_video_packets,
    frame_packets,
    frame_times_ms,
    main_video_stream,
    median_interval,
    mp4_boxes,
    read_mp4_track,
    video_packets,
)

TRANSFERS = {1: "bt709", 4: "gamma22", 5: "gamma28", 6: "smpte170m", 7: "smpte240m", 8: "linear",
             11: "iec61966-2-4", 13: "iec61966-2-1", 14: "bt2020-10", 15: "bt2020-12", 16: "smpte2084",
             18: "arib-std-b67"}
MATRICES = {1: "bt709", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m", 9: "bt2020nc", 10: "bt2020c"}
PRIMARIES = {1: "bt709", 4: "bt470m", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m", 9: "bt2020",
             11: "smpte431", 12: "smpte432"}


def _error(code: str, detail: str) -> dict[str, Any]:
    return {"error": {"code": code, "detail": detail}}


def mp4_faststart(path: str) -> bool | None:
    """Whether the top-level `moov` box comes before `mdat` (None if neither is found in the box walk)."""
    with open(path, "rb") as f:
        try:
            for kind, _, _ in mp4_boxes(f, 0, os.fstat(f.fileno()).st_size):
                if kind in (b"moov", b"mdat"):
                    return kind == b"moov"
        except ValueError:
            return None
    return None


def header_orientation(container: av.container.InputContainer, stream: av.video.stream.VideoStream, path: str,
                       track: Mp4Track | None = None) -> tuple[int, bool] | None:
    """(rotation, interlaced) of a trusted MP4/MOV without decoding, as `_decode_first` would find them.

    The rotation is the track header's matrix (what the decoder attaches to frames as the display matrix;
    the movie header's must be the identity), the scan type the codec parameters' field order. None when
    either is not known that way. `track` is `read_mp4_track`'s result when the caller has it already.
    """
    order = stream.codec_context.field_order
    if not container.format.name.startswith("mov,mp4") or not order:
        return None
    track = track or read_mp4_track(path, stream.id)
    if track is None or track.mvhd is None:
        return None
    mvhd, tkhd = track.mvhd, track.boxes[b"tkhd"]
    movie_at = 48 if mvhd[:1] == b"\x01" else 36  # the matrix follows times, rate, volume and reserved bytes
    track_at = 52 if tkhd[:1] == b"\x01" else 40
    if len(mvhd) < movie_at + 36 or len(tkhd) < track_at + 36:
        return None
    movie = struct.unpack(">9i", mvhd[movie_at:movie_at + 36])
    if movie != (1 << 16, 0, 0, 0, 1 << 16, 0, 0, 0, 1 << 30):
        return None
    a, b, _, c, d, _, _, _, _ = struct.unpack(">9i", tkhd[track_at:track_at + 36])
    scale_x, scale_y = math.hypot(a, c), math.hypot(b, d)
    if not scale_x or not scale_y:
        return None
    counterclockwise = -math.degrees(math.atan2(b / scale_y, a / scale_x))
    return (-round(counterclockwise)) % 360, order != 1  # 1: AV_FIELD_PROGRESSIVE


def probe_file(path: str, keyframes: bool, *, own: bool = False) -> dict[str, Any]:
    """The facts of `path`, or `{"error": ...}`.

    `own`: the file is this app's own fresh output (`probe.probe_own_file`): its packets are read from the
    MP4 index, its rotation and scan type from the headers and its pixel format and colours from the SPS when
    possible (`video_packets`, `header_orientation`, `_sps_picture`), so no media data is read or decoded. Every
    fact is the same as without `own`
    (tests/test_probe_index.py); only untrusted files need the demux's damage checks and the decode.
    """
    if own:
        facts = _probe(path, keyframes, own=True, headers_only=True)
        if facts is not None:
            return facts
    facts = _probe(path, keyframes, own=own, headers_only=False)
    assert facts is not None
    return facts


def _probe(path: str, keyframes: bool, *, own: bool, headers_only: bool) -> dict[str, Any] | None:
    """`probe_file`'s work. `headers_only` (own files): the open decodes no picture and the pixel format and
    colours come from the H.264 SPS (`h264.sps_picture`); None when they cannot be learnt that way."""
    # our exports put the video first; the audio is probed as ever (its channels come from a decoded frame)
    stream_options = [{"skip_frame": "nonkey"}] if headers_only else None
    try:
        # PyAV's stub types stream_options as list[str]; open() takes one dict of options per stream
        container = av.open(path, options={"protocol_whitelist": "file"},
                            stream_options=stream_options)  # type: ignore[arg-type]
    except av.error.InvalidDataError:
        return _error("not_media", "not a video file, or damaged beyond reading")
    except av.error.FFmpegError as exc:
        return _error("not_media", f"cannot be opened as a video ({exc.strerror or exc})")
    with container:
        stream = main_video_stream(container)
        if stream is None:
            return _error("no_video", "has no video stream")
        tb = stream.time_base
        if tb is None:
            return _error("not_media", "the video stream has no time base")
        if container.format.name.endswith("_pipe") or container.format.name.startswith("image2"):
            return _error("still_image", "a still image, not a video")
        mp4 = container.format.name.startswith("mov,mp4")
        cc = stream.codec_context
        picture = _sps_picture(cc) if headers_only and mp4 and stream.index == 0 else None
        if headers_only and picture is None:
            return None  # (Matroska's start time, too, needs the decoded picture)
        track = read_mp4_track(path, stream.id) if own and mp4 else None
        if own:
            packets, damaged = video_packets(container, stream, path, track)
        else:
            packets, damaged = demux_video_packets(container, stream, os.path.getsize(path))
        if not packets:
            return _error("no_frames", "the video stream holds no frames (truncated or damaged)")
        if damaged:
            return _error("truncated", damaged)

        first = ((header_orientation(container, stream, path, track) if track else None)
                 or _decode_first(path, stream.index))
        if isinstance(first, dict):
            return first
        rotation, interlaced = first

        packets = frame_packets(packets, stream, interlaced)

        start_us = container.start_time or 0
        times_ms = frame_times_ms(packets, tb, start_us)
        # in integers and stream ticks (a Fraction per frame costs milliseconds on a long clip)
        step = median_interval(packets)
        twice = int(2 * step) if step is not None else 0  # a whole number of ticks
        vfr = any(abs(2 * (b[0] - a[0]) - twice) * 10 > twice for a, b in itertools.pairwise(packets))
        median = step * tb * 1000 if step is not None else Fraction(1000, 30)
        last = packets[-1][0] * tb * 1000 - Fraction(start_us, 1000)
        span = (packets[-1][0] - packets[0][0]) * tb * 1000 + median
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
            "first_frame_ms": times_ms[0],
            "duration_ms": round(last + median),
            "frame_count": len(packets),
            "width": width,
            "height": height,
            "display_width": disp_w,
            "display_height": disp_h,
            "rotation": rotation,
            "sample_aspect_ratio": f"{sar.numerator}:{sar.denominator}",
            "avg_fps": round(float(len(packets) * 1000 / span), 3) if span > 0 else 0.0,
            "real_fps": round(float(real_rate), 3) if real_rate else 0.0,
            "vfr": vfr,
            "video_codec": cc.codec.canonical_name,
            "video_profile": cc.profile,
            "pix_fmt": picture.pix_fmt(cc.color_range == 2) if picture else cc.pix_fmt or "",
            "color_transfer": TRANSFERS.get(_said(picture.transfer if picture else None, cc.color_trc)),
            "color_primaries": PRIMARIES.get(_said(picture.primaries if picture else None, cc.color_primaries)),
            "color_matrix": MATRICES.get(_said(picture.matrix if picture else None, cc.colorspace)),
            "interlaced": interlaced,
            "has_audio": audio is not None,
            "audio_codec": audio.codec_context.codec.canonical_name if audio is not None else None,
            "audio_sample_rate": audio.codec_context.sample_rate if audio is not None else None,
            "audio_channels": audio.codec_context.channels if audio is not None else None,
            "video_level": cc.level if cc.level and cc.level > 0 else None,
            "audio_profile": audio.codec_context.profile if audio is not None else None,
            "faststart": mp4_faststart(path) if container.format.name.startswith("mov,mp4") else None,
            "tags": sorted({*container.metadata, *(k for s in container.streams for k in s.metadata)}),
            "extra_streams": len(container.streams) - 1 - (audio is not None),
        }
        if keyframes:
            facts["keyframes_ms"] = [t for t, (_, key) in zip(times_ms, packets, strict=True) if key]
        return facts


def _sps_picture(cc) -> h264.SpsPicture | None:
    """The picture format of an H.264 stream's (first) SPS in its avcC, or None (another codec, unreadable)."""
    if cc.codec.name != "h264":
        return None
    try:
        config = h264.AvcConfig.parse(bytes(cc.extradata or b""))
        return h264.sps_picture(config.sps[0]) if config.sps else None
    except (ValueError, IndexError):
        return None


def _said(from_sps: int | None, from_container: int) -> int:
    """A colour code as ffmpeg's decoder leaves it: the SPS's when it says one, else the container's."""
    return from_sps if from_sps is not None else from_container


def _decode_first(path: str, index: int) -> tuple[int, bool] | dict[str, Any]:
    """(rotation clockwise in degrees, interlaced) of the first decodable frame, or an error."""
    with av.open(path, options={"protocol_whitelist": "file"}) as container:
        stream = next(s for s in container.streams.video if s.index == index)  # the one `_probe` chose
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

"""The probing child process: `python -m studio.media.probe_child PATH [--keyframes]`.

Runs PyAV on an untrusted file in its own process (a crafted file may crash this child, never the app)
and prints one JSON object on stdout: either the facts `studio.media.probe` turns into a `MediaInfo`, or
`{"error": {"code", "detail"}}`. Timestamps come from demuxing every video packet (cheap: no decoding),
so frame counts, VFR and durations use the real timestamps; one frame is decoded to learn the rotation
and scan type and to prove the stream decodes.

Files this app trusts (its own exports, and sources `probe` has already accepted) can be read without their
media data: `indexed_video_packets` gives the same packet list from an MP4/MOV's index (the demuxer's index
entries and the track's `ctts` composition offsets), and `header_orientation` the rotation (the track
header's matrix) and scan type (the codec parameters) without decoding; `probe_file(..., own=True)` uses
both, and for an H.264 MP4 it opens the file without the picture libavformat's stream probing decodes and
reads the pixel format and colours from the SPS (`h264.sps_picture`). Whatever cannot be read that way
exactly falls back to the demux and the decode.

Field-coded interlaced H.264 (AVCHD cameras) stores each field as its own packet: two packets per
frame. It is recognised by packets arriving at twice the codec's frame rate and paired back into frames.

The frame timestamps are computed here once for the whole project: `main_video_stream`, `demux_video_packets`,
`frame_packets` and `frame_times_ms` are also what `studio.media.frames` and `studio.media.filmstrip` use, so
the frame list a `FrameServer` serves is exactly the one `probe` counted.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
import os
import struct
import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from studio.media import h264

if TYPE_CHECKING:
    import av.container
    import av.video.stream

TRANSFERS = {1: "bt709", 4: "gamma22", 5: "gamma28", 6: "smpte170m", 7: "smpte240m", 8: "linear",
             11: "iec61966-2-4", 13: "iec61966-2-1", 14: "bt2020-10", 15: "bt2020-12", 16: "smpte2084",
             18: "arib-std-b67"}
PRIMARIES = {1: "bt709", 4: "bt470m", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m", 9: "bt2020",
             11: "smpte431", 12: "smpte432"}


def _error(code: str, detail: str) -> dict[str, Any]:
    return {"error": {"code": code, "detail": detail}}


def main_video_stream(container: av.container.InputContainer) -> av.video.stream.VideoStream | None:
    """The video stream a player shows: the first one that is not an attached picture (cover art)."""
    import av

    attached = av.stream.Disposition.attached_pic
    return next((s for s in container.streams.video if not (s.disposition & attached)), None)


def demux_video_packets(container: av.container.InputContainer, stream: av.video.stream.VideoStream,
                        file_size: int) -> tuple[list[tuple[int, bool]], str | None]:
    """(pts, is_keyframe) of every video packet in file order (no decoding), and what stopped the read early.

    Packets without a timestamp, empty ones and those an edit list discards are left out (the decoder drops
    the frames of discarded packets too). The second value is None when the whole stream was read, else a
    sentence saying how far the read got before damage or a truncated file.
    """
    import av

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
    return packets, damaged


def frame_packets(packets: Sequence[tuple[int, bool]], stream: av.video.stream.VideoStream,
                  interlaced: bool) -> list[tuple[int, bool]]:
    """(pts, is_keyframe) of every frame in presentation order, from the packets `demux_video_packets` read.

    A decoded frame carries the pts of its packet, except field-coded interlaced video, where two packets
    (fields) make one frame with the pts of the first field: those are paired back here.
    """
    tb = stream.time_base
    frames = sorted(packets)
    codec_rate = stream.codec_context.framerate or stream.average_rate
    if interlaced and codec_rate and tb and len(frames) >= 4:
        median = median_interval(frames)
        assert median is not None
        if abs(median * tb * codec_rate * 2 - 1) < Fraction(1, 10):
            frames = frames[0::2]
    return frames


def median_interval(frames: Sequence[tuple[int, bool]]) -> Fraction | None:
    """The median pts step between consecutive frames (in presentation order), exactly; None for one frame.

    Integers and one Fraction instead of a Fraction per frame: the same value as `statistics.median` of the
    steps, without thousands of Fraction operations on a long clip.
    """
    steps = sorted(b[0] - a[0] for a, b in itertools.pairwise(frames))
    if not steps:
        return None
    n = len(steps)
    return Fraction(steps[n // 2] + steps[(n - 1) // 2], 2)


def frame_times_ms(frames: Sequence[tuple[int, bool]], time_base: Fraction, start_us: int) -> list[int]:
    """Source time in ms of each frame (`timeline.pts_to_ms`); `start_us` is the container's start_time.

    Computed in integers (ceil of pts * n/d * 1000 - start_us / 1000, over the common denominator d * 1000):
    the same values as `pts_to_ms`, about 20 times faster than Fraction arithmetic per frame, which matters
    for the thousands of frames an export or a frame server lists.
    """
    n, d = time_base.numerator, time_base.denominator
    scale, offset, below = n * 1_000_000, start_us * d, d * 1000
    return [-((offset - pts * scale) // below) for pts, _ in frames]


def _boxes(f: Any, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, where its contents start, where it ends) of each MP4 box in `[start, end)` of the open file `f`.

    Raises ValueError at a box whose size is impossible (a damaged or truncated file).
    """
    offset = start
    while offset + 8 <= end:
        f.seek(offset)
        header = f.read(16)
        size, kind, head = int.from_bytes(header[:4], "big"), header[4:8], 8
        if size == 1 and len(header) >= 16:
            size, head = int.from_bytes(header[8:16], "big"), 16
        elif size == 0:
            size = end - offset
        if size < head:
            raise ValueError(f"MP4 box {kind!r} at {offset} has size {size}")
        yield kind, offset + head, offset + size
        offset += size


def mp4_faststart(path: str) -> bool | None:
    """Whether the top-level `moov` box comes before `mdat` (None if neither is found in the box walk)."""
    with open(path, "rb") as f:
        try:
            for kind, _, _ in _boxes(f, 0, os.fstat(f.fileno()).st_size):
                if kind in (b"moov", b"mdat"):
                    return kind == b"moov"
        except ValueError:
            return None
    return None


_TRACK_BOXES = (b"tkhd", b"ctts", b"stsz", b"stsc", b"stco", b"co64")
_TRACK_PARENTS = (b"trak", b"mdia", b"minf", b"stbl")


@dataclass(frozen=True)
class Mp4Track:
    """The boxes of one MP4/MOV track that the index and header readers need, read once."""

    boxes: dict[bytes, bytes]
    """Contents of the track's `_TRACK_BOXES` found."""
    mvhd: bytes | None
    """Contents of the movie header."""


def read_mp4_track(path: str, track_id: int) -> Mp4Track | None:
    """Track `track_id`'s header and sample-table boxes and the movie header; None for a fragmented file (its
    samples are not in these tables), no such track, or a box walk that fails (a damaged file)."""
    try:
        with open(path, "rb") as f:
            end = os.fstat(f.fileno()).st_size
            moov = next(((s, e) for kind, s, e in _boxes(f, 0, end) if kind == b"moov"), None)
            if moov is None:
                return None
            mvhd = None
            for kind, start, stop in _boxes(f, *moov):
                if kind == b"mvex":
                    return None
                if kind == b"mvhd":
                    f.seek(start)
                    mvhd = f.read(stop - start)
                if kind != b"trak":
                    continue
                found: dict[bytes, bytes] = {}

                def walk(s: int, e: int, found: dict[bytes, bytes] = found) -> None:
                    for k, a, b in _boxes(f, s, e):
                        if k in _TRACK_PARENTS:
                            walk(a, b)
                        elif k in _TRACK_BOXES:
                            f.seek(a)
                            found[k] = f.read(b - a)

                walk(start, stop)
                header = found.get(b"tkhd", b"")
                id_at = 20 if header[:1] == b"\x01" else 12
                if len(header) >= id_at + 4 and int.from_bytes(header[id_at:id_at + 4], "big") == track_id:
                    return Mp4Track(found, mvhd)
    except (ValueError, OSError):
        return None
    return None


def _be32(data: bytes, count: int, offset: int = 8, code: str = "I") -> list[int]:
    """`count` big-endian 32-bit integers (`code` "I" unsigned, "i" signed) from `offset` of a box's contents."""
    values = array(code, data[offset:offset + 4 * count])
    if len(values) != count:
        raise ValueError("MP4 table shorter than its entry count")
    if sys.byteorder == "little":
        values.byteswap()
    return values.tolist()


def _sample_table(boxes: dict[bytes, bytes]) -> tuple[list[int], list[int], list[int]]:
    """(file position, size, composition offset) of every sample of the track, in sample order.

    Offsets are read as signed, as the demuxer reads them (`ctts` version 0 says unsigned, writers disagree).
    """
    stsz = boxes[b"stsz"]
    fixed, count = struct.unpack(">II", stsz[4:12])
    sizes = [fixed] * count if fixed else _be32(stsz, count, 12)
    if b"stco" in boxes:
        chunks = _be32(boxes[b"stco"], int.from_bytes(boxes[b"stco"][4:8], "big"))
    else:
        co64 = boxes[b"co64"]
        n = int.from_bytes(co64[4:8], "big")
        chunks = list(struct.unpack(f">{n}Q", co64[8:8 + 8 * n]))
    stsc = boxes[b"stsc"]
    runs = _be32(stsc, 3 * int.from_bytes(stsc[4:8], "big"))
    positions: list[int] = []
    for r in range(0, len(runs), 3):
        first, per = runs[r], runs[r + 1]
        last = runs[r + 3] if r + 3 < len(runs) else len(chunks) + 1
        for chunk in range(first, last):
            at = len(positions)
            if at >= count:
                break
            positions += itertools.accumulate(sizes[at:at + per - 1], initial=chunks[chunk - 1])
    del positions[count:]
    if len(positions) != count:
        raise ValueError("stsc/stco do not place every sample")
    offsets = [0] * count
    if b"ctts" in boxes:
        ctts = boxes[b"ctts"]
        entries = int.from_bytes(ctts[4:8], "big")
        runs_of = _be32(ctts, 2 * entries, code="I")[0::2]
        values = _be32(ctts, 2 * entries, code="i")[1::2]
        offsets = list(itertools.chain.from_iterable(map(itertools.repeat, values, runs_of)))[:count]
        if len(offsets) != count:
            raise ValueError("ctts does not cover every sample")
    return positions, sizes, offsets


def indexed_video_packets(container: av.container.InputContainer, stream: av.video.stream.VideoStream,
                          path: str, track: Mp4Track | None = None) -> list[tuple[int, bool]] | None:
    """What `demux_video_packets` returns, read from an MP4/MOV's index instead of its packets: no media data is
    read, so a 60 s 1080p source takes about 2 ms instead of 20.

    The demuxer's own index (`stream.index_entries`: every packet's decode timestamp after the edit list,
    keyframe and discard flags, file position and size) plus the track's composition offsets (`ctts`, matched
    by position and size) give each packet's pts, as the demuxer computes it: dts + offset + a constant
    shift of the stream, which is learnt from its first packet. For trusted files only (the caller's own
    output, or a source `probe` accepted): a packet reaching past the end of the file, a fragmented file, a
    missing or inconsistent table, or anything but MP4/MOV gives None, and the caller demuxes instead.
    `track` is `read_mp4_track`'s result when the caller has it already.
    tests/test_probe_index.py checks it against the demux on every generated and real clip.
    """
    if not container.format.name.startswith("mov,mp4"):
        return None
    size = os.path.getsize(path)
    entries = [(e.timestamp, e.pos, e.size, e.is_keyframe, e.is_discard) for e in stream.index_entries]
    if not entries:
        return None
    stamps, where, lengths, keys, discards = (list(column) for column in zip(*entries, strict=True))
    if min(where) < 0 or max(map(operator.add, where, lengths)) > size:
        return None
    track = track or read_mp4_track(path, stream.id)
    if track is None:
        return None
    try:
        positions, sizes, offsets = _sample_table(track.boxes)
    except (ValueError, KeyError, IndexError, struct.error):
        return None
    # the index is usually the samples in order, possibly from a later one (an edit list): match by position
    first = positions.index(where[0]) if where[0] in positions else -1
    n = len(where)
    if first >= 0 and positions[first:first + n] == where and sizes[first:first + n] == lengths:
        offset_of = offsets[first:first + n]
    else:
        by_place: dict[tuple[int, int], int] = {}
        for place, offset in zip(zip(positions, sizes, strict=True), offsets, strict=True):
            if by_place.setdefault(place, offset) != offset:
                return None  # two samples at one place that disagree
        found = [by_place.get(place) for place in zip(where, lengths, strict=True)]
        if None in found:
            return None
        offset_of = found  # type: ignore[assignment]
    shift = None
    packets = container.demux(stream)
    try:
        for packet in packets:
            if packet.pts is not None and packet.dts is not None and packet.size and packet.pos == where[0]:
                shift = packet.pts - packet.dts - offset_of[0]
            break
    finally:
        packets.close()
    if shift is None:
        return None
    return [(dts + offset + shift, key)
            for dts, offset, key, discard, n in zip(stamps, offset_of, keys, discards, lengths, strict=True)
            if not discard and n]


def video_packets(container: av.container.InputContainer, stream: av.video.stream.VideoStream,
                  path: str, track: Mp4Track | None = None) -> tuple[list[tuple[int, bool]], str | None]:
    """`demux_video_packets` of a trusted file, from its index when it can be read exactly (`indexed_video_packets`)."""
    import av

    indexed = indexed_video_packets(container, stream, path, track)
    if indexed is not None:
        return indexed, None
    if not container.format.name.startswith("mov,mp4"):  # nothing was read: demux from here
        return demux_video_packets(container, stream, os.path.getsize(path))
    with av.open(path, options={"protocol_whitelist": "file"}) as fresh:  # its first packet may have been read
        return demux_video_packets(fresh, fresh.streams[stream.index], os.path.getsize(path))


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
    import av

    try:
        # our exports put the video first; the audio is probed as ever (its channels come from a decoded frame)
        container = av.open(path, options={"protocol_whitelist": "file"},
                            stream_options=[{"skip_frame": "nonkey"}] if headers_only else None)
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

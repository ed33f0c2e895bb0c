"""Export a range of a source video in one of three modes: `copy`, `accurate`, `smart`.

Holds the one export function (`export`), the plans that say before exporting where an export will really
cut (`plan_copy`, `plan_export`), the ffmpeg arguments of each mode, the disk-space check, and the check of
the finished file against the platform profile with a fresh probe. Every ffmpeg call goes through
`studio.media.runner`; the smart cut's join is `studio.media.smart_cut`; the frame lists and cut rules are
`studio.media.cut_plan`; what the platform takes is `studio.core.platform_profile`.
Must not hold: Qt, threads (callers run it in a worker and pass `progress` and `cancel`), or project edits.

Modes:
- `copy`: the video stream is copied, from the keyframe at or before the in point to the first point at or
  after the out point where the copied packets show a gap-free run of frames (`cut_plan.copy_range`);
  `plan_copy` tells where that is before anything is written. Audio is always encoded to the profile's
  AAC (cheap, starts exactly with the video, and adds the silent track a source without audio needs), so
  "copy" is offered whenever the source's H.264 can go into the MP4 (`platform_profile.copy_possible`).
  What a copy cannot change (rotation metadata, size, colour) comes back as `problems` in the result.
- `accurate`: everything re-encoded to the profile, from the frame shown at the in point: deinterlaced
  (bwdif), HDR (HLG/PQ) tone-mapped to SDR BT.709 (zscale + tonemap, hable), rotation and pixel aspect
  applied (ffmpeg applies the display matrix when it re-encodes), fitted onto 1080x1920 by padding with a
  blurred copy of the picture, by cropping the centre or by a window that follows faces and products
  (`fit="follow"`, `core.reframe`, graph in `media.reframe_graph`), capped at 60 fps, 48 kHz stereo AAC, MP4
  with faststart.
- `smart`: when the source's video already meets the profile (`platform_profile.smart_possible`) and its
  bitstream allows a clean join (`smart_cut.plan_smart`), only the frames before the first keyframe inside
  the range and after the last gap-free point are re-encoded and the rest is copied; otherwise the export
  is `accurate` and the result says why (`fallback_reason`).

Exactness: the in point is met with ffmpeg's input `-ss` set to the first kept frame's own time, floored to a
microsecond (`Frames.seek_arg`; ffmpeg counts `-ss` from the container's start, as source time does, and
its accurate seek drops every frame shown earlier), the number of frames is given with `-frames:v`, and the
length with `-t` measured from the same timestamps. Frame times are the ones `probe` and `FrameServer`
compute (`cut_plan.read_frames`), never index / fps. Colour (`core.colour`): each source is read with the
matrix and range it says or, untagged, with what phones assume (BT.709 from 720 lines, BT.601 below); every
output says BT.709 limited range explicitly (a copy says what its source is: `_h264_colour_bsf`), and a smart
cut is only made when nothing needs converting. `copy` of an MP4 whose edit list hides its head copies the
planned packets itself (`smart_cut.plan_packet_copy`): ffmpeg's input seek lands a GOP early there.

Safety: free space is checked first (`estimate_bytes`, MachineError `disk_full` naming the folder); every
file is written under a temporary name in the output folder and renamed only after the fresh probe has
checked it (`probe_own_file`: the written file read again from disk, its facts taken from its MP4 headers
and index rather than by decoding, so the check costs a few ms: the frame count against the plan, then
`platform_profile.check_output`); cancel, failure or a full disk leave nothing behind (temporary pieces
included). A result that
misses the profile for a reason the mode should have prevented is not kept (MachineError
`profile_mismatch`); reasons that follow from the person's range (too short, too long, too large) and,
for copy, from the source's own picture are returned as `problems`.
"""

from __future__ import annotations

import errno
import math
import os
import secrets
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import ffmpeg

from studio.core.cancel import CancelToken, Progress, check
from studio.core.colour import OUTPUT, TONE_MAP, source_colour
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, MachineError, StudioError, ValidationError
from studio.core.export_mapping import ExportMapping
from studio.core.media_info import MediaInfo
from studio.core.platform_profile import (
    AUDIO_BITRATE,
    AUDIO_CHANNELS,
    AUDIO_SAMPLE_RATE,
    FITS,
    HEIGHT,
    MAX_FPS,
    VIDEO_MAX_BITRATE,
    WIDTH,
    Fit,
    check_output,
    copy_possible,
    fitting,
    fps_over_limit,
    from_range,
    is_hdr,
)
from studio.core.problems import Problem
from studio.core.reframe import FollowPath
from studio.media import loudness, smart_cut
from studio.media.audio_mix import AudioMix, audio_graph, speech_ranges
from studio.media.cut_plan import Frames, OpenGop, check_range, copy_range, read_frames
from studio.media.filters import Filter, Stream, argv, chain, options
from studio.media.probe import probe_own_file
from studio.media.reframe_graph import follow_crop
from studio.media.runner import checked_input, run_ffmpeg

Mode = Literal["copy", "accurate", "smart"]
MODES: tuple[Mode, ...] = ("copy", "accurate", "smart")
DEFAULT_PRESET = "veryfast"
"""x264 preset of exports (docs/media.md: medium is about 2.1x slower); tests pass a faster one."""
CRF = 20
SMART_CRF = 18
"""Re-encoded pieces of a smart cut sit next to the source's own frames: a little finer than `accurate`."""
TONEMAP = (Filter("zscale", t="linear", npl=f"{TONE_MAP.reference_white_nits:g}"), Filter("format", "gbrpf32le"),
           Filter("zscale", p="bt709"), Filter("tonemap", tonemap=TONE_MAP.curve, desat=f"{TONE_MAP.desat:g}"),
           Filter("zscale", t="bt709", m="bt709", r="tv"), Filter("format", "yuv420p"))
DEINTERLACE = (Filter("bwdif", mode="send_frame", parity="auto", deint="all"),)
BLUR = (Filter("boxblur", luma_radius=12, luma_power=2),)
TAGS = (Filter("setparams", color_primaries="bt709", color_trc="bt709", colorspace="bt709", range="tv"),)
"""The output's colour tags, set on the frames (encoder options alone lose to the tags frames carry)."""
SQUARE_420 = (Filter("setsar", 1), Filter("format", "yuv420p"))
DISK_MARGIN_BYTES = 4 * 1024 * 1024
SEEK_BY_DECODING = ("mpegts", "mpeg", "mpegvideo", "h264", "hevc")
"""Containers without an index: ffmpeg's input seek bisects bytes and can land past the only keyframe (the
Sony AVCHD clip decodes nothing), so `accurate` decodes them from the start and drops frames before the cut."""

_MESSAGES = {
    "copy_impossible": QT_TRANSLATE_NOOP("errors", "a stream copy is not possible: {reason}"),
    "open_gop": QT_TRANSLATE_NOOP(
        "errors", "the keyframe before the in point starts an open GOP, so a copy would begin with broken frames"),
    "disk_full": QT_TRANSLATE_NOOP(
        "errors", "not enough free space in this folder: the export needs about {need} MB and {free} MB are free"),
    "disk_filled": QT_TRANSLATE_NOOP("errors", "the disk filled up while exporting into this folder"),
    "same_file": QT_TRANSLATE_NOOP("errors", "the export would overwrite its own source"),
    "no_folder": QT_TRANSLATE_NOOP("errors", "the output folder does not exist"),
    "output_is_folder": QT_TRANSLATE_NOOP("errors", "the output is a folder, not a file name"),
    "profile_mismatch": QT_TRANSLATE_NOOP(
        "errors", "the exported file does not meet the platform profile, so it was not kept: {problems}"),
    "cut_mismatch": QT_TRANSLATE_NOOP(
        "errors", "the exported file holds {got} frames where {expected} were cut, so it was not kept"),
    "failed": QT_TRANSLATE_NOOP("errors", "the export failed: {detail}"),
    "bad_mode": QT_TRANSLATE_NOOP("errors", "unknown export mode {mode} (copy, accurate or smart)"),
    "bad_fit": QT_TRANSLATE_NOOP("errors", "unknown fit {fit} (pad, crop, or follow with its window path)"),
}


class _Cut:
    """The requested and the real range of a plan or a result (both carry these fields)."""

    requested_start_ms: int
    requested_end_ms: int
    start_ms: int
    end_ms: int
    fallback_reason: Problem | None

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def mapping(self) -> ExportMapping:
        """Source time to output time (popups are kept on the source timeline)."""
        return ExportMapping(self.requested_start_ms, self.requested_end_ms, self.start_ms, self.end_ms)

    def _cut_json(self) -> dict[str, Any]:
        reason = self.fallback_reason
        return {"requested": {"start_ms": self.requested_start_ms, "end_ms": self.requested_end_ms},
                "actual": {"start_ms": self.start_ms, "end_ms": self.end_ms, "duration_ms": self.duration_ms},
                "fallback_reason": reason.message if reason else None,
                "fallback_code": reason.code if reason else None}


@dataclass(frozen=True)
class ExportPlan(_Cut):
    """Where an export will really cut, decided before anything is written."""

    requested_mode: Mode
    mode: Mode
    """The mode that will be used (`accurate` when `smart` falls back)."""
    requested_start_ms: int
    requested_end_ms: int
    start_ms: int
    """Source time of the first kept frame."""
    end_ms: int
    """Source time where the last kept frame ends (exclusive)."""
    fallback_reason: Problem | None
    first: int
    """Index of the first kept frame."""
    end: int
    """Index after the last kept frame."""
    frames: Frames = field(repr=False)
    smart: smart_cut.SmartCut | None = field(default=None, repr=False)

    @property
    def frame_count(self) -> int:
        return self.end - self.first

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "requested_mode": self.requested_mode, **self._cut_json()}


@dataclass(frozen=True)
class ExportResult(_Cut):
    """What `export` made (docs/cli.md pins the JSON names)."""

    output: str
    mode: Mode
    requested_start_ms: int
    requested_end_ms: int
    start_ms: int
    end_ms: int
    fallback_reason: Problem | None
    seconds: float
    problems: tuple[Problem, ...]
    """Ways the output misses the profile that the person's choices explain (range; copy's source picture)."""
    output_info: MediaInfo = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"output": self.output, "mode": self.mode, **self._cut_json(),
                "seconds": round(self.seconds, 3),
                "problems": [p.to_json() for p in self.problems]}


# -- plans ----------------------------------------------------------------------------------------------------


def plan_copy(info: MediaInfo, start_ms: int, end_ms: int) -> ExportPlan:
    """Where a `copy` export of `[start_ms, end_ms)` will really start and end; ValidationError if it cannot."""
    check_range(info, start_ms, end_ms)
    problem = copy_possible(info)
    if problem is not None:
        raise ValidationError(_MESSAGES["copy_impossible"], info.path, code="copy_impossible", reason=problem.message)
    frames = read_frames(info)
    first, end = frames.range_for(start_ms, end_ms)
    try:
        key, stop = copy_range(frames, first, end)
    except OpenGop:
        raise ValidationError(_MESSAGES["copy_impossible"], info.path, code="copy_impossible",
                              reason=QT_TRANSLATE_NOOP("errors", "the video uses open GOPs")) from None
    packets = smart_cut.plan_packet_copy(info, frames, key, stop) if info.container.startswith("mov,mp4") else None
    return ExportPlan("copy", "copy", start_ms, end_ms, frames.time_ms(key), frames.time_ms(stop), None, key, stop,
                      frames, packets if isinstance(packets, smart_cut.SmartCut) else None)


def plan_export(info: MediaInfo, start_ms: int, end_ms: int, mode: Mode) -> ExportPlan:
    """The plan of an export in `mode`: the mode used, why smart falls back, the real cut points."""
    if mode not in MODES:
        raise InputError(_MESSAGES["bad_mode"], info.path, code="usage", mode=mode)
    if mode == "copy":
        return plan_copy(info, start_ms, end_ms)
    check_range(info, start_ms, end_ms)
    frames = read_frames(info)
    first, end = frames.range_for(start_ms, end_ms)
    first = min(max(first, frames.leading), frames.count - 1)
    end = max(end, first + 1)
    start, stop = frames.time_ms(first), frames.time_ms(end)
    if mode == "smart":
        planned = smart_cut.plan_smart(info, frames, first, end)
        if isinstance(planned, smart_cut.SmartCut):
            return ExportPlan("smart", "smart", start_ms, end_ms, start, stop, None, first, end, frames, planned)
        return ExportPlan("smart", "accurate", start_ms, end_ms, start, stop, planned, first, end, frames)
    return ExportPlan("accurate", "accurate", start_ms, end_ms, start, stop, None, first, end, frames)


def estimate_bytes(info: MediaInfo, plan: ExportPlan) -> int:
    """An upper estimate of the disk space an export needs while it runs (output and temporary pieces)."""
    seconds = max(plan.duration_ms, 1) / 1000
    audio = AUDIO_BITRATE / 8 * seconds
    source_share = info.size_bytes * min(1.0, plan.duration_ms / max(info.duration_ms, 1))
    if plan.mode == "accurate":
        need = VIDEO_MAX_BITRATE / 8 * seconds + audio
    elif plan.mode == "copy":
        need = source_share + audio
    else:  # the joined video track and the final file exist at the same time
        need = 2 * (source_share + audio)
    return int(need * 1.1) + DISK_MARGIN_BYTES


# -- ffmpeg arguments -----------------------------------------------------------------------------------------


def _seconds(us: int) -> str:
    return f"{us // 1_000_000}.{us % 1_000_000:06d}"


def _floor_us(value: Fraction) -> int:
    return max(0, math.floor(value * 1_000_000))


def _length_arg(frames: Frames, first: int, end: int) -> str:
    """`-t` for frames `[first, end)` after `-ss seek_arg(first)`: frame `end` itself falls outside it."""
    return _seconds(_floor_us(frames.exact_s(end)) - _floor_us(frames.exact_s(first)))


def _h264_colour_bsf(info: MediaInfo) -> dict[str, object]:
    """Explicit colour tags on a copied H.264 stream (the SPS's VUI, which the MP4's `colr` follows): what the
    source's pixels mean (`core.colour`), so BT.709 limited range for every source that meets the profile.
    An HDR source, or one that says another matrix itself, keeps its own tags."""
    colour = source_colour(info)
    if colour.hdr or (colour.tagged and colour.matrix != OUTPUT.name):
        return {}
    code = {"bt709": OUTPUT.h264_code, "bt601": 6}[colour.matrix]  # 6: SMPTE 170M, BT.601's 525-line tags
    full = int(colour.range == "pc")
    return {"bsf:v": f"h264_metadata=colour_primaries={code}:transfer_characteristics={code}:"
                     f"matrix_coefficients={code}:video_full_range_flag={full}"}


def video_filter(info: MediaInfo, video: Stream, fit: Fit, follow: FollowPath | None = None,
                 start_ms: int = 0) -> Stream:
    """The source's `video` stream made 1080x1920 SDR BT.709 yuv420p with square pixels, tagged.
    `follow` is the window path of `fit="follow"` (`core.reframe`), `start_ms` the first kept frame's time."""
    pre: list[Filter] = []
    if info.interlaced:
        pre += DEINTERLACE
    hdr = is_hdr(info)
    if hdr:
        pre += TONEMAP
    if fps_over_limit(info.avg_fps):
        pre.append(Filter("fps", MAX_FPS))
    # the source's matrix and range as `core.colour` decides them, said explicitly so that an untagged source
    # is read as a phone reads it and not as libswscale's default
    read_as = source_colour(info)
    colour: dict[str, str] = {} if hdr else {"in_color_matrix": read_as.matrix, "in_range": read_as.range}
    colour |= {"out_color_matrix": OUTPUT.name, "out_range": OUTPUT.range}
    geo = fitting(info.display_width, info.display_height, fit)
    scale = Filter("scale", geo.width, geo.height, flags="bicubic", **colour)
    video = chain(video, pre)
    if fit == "follow" and not geo.fills_frame:
        if follow is None:
            raise ValueError("fit='follow' needs the window's path")
        return chain(follow_crop(video, follow, start_ms, colour), TAGS)
    if fit in ("crop", "follow") or geo.fills_frame:
        crop = () if geo.fills_frame else (Filter("crop", WIDTH, HEIGHT, -geo.x, -geo.y),)
        return chain(video, (scale, *crop, *SQUARE_420, *TAGS))
    # pad: the picture over a blurred, cropped copy of itself
    small = (WIDTH // 4, HEIGHT // 4)
    bg = fitting(info.display_width, info.display_height, "crop", frame=small)
    split = video.split()
    blurred = chain(split[0], (Filter("scale", bg.width, bg.height, **colour),
                               Filter("crop", small[0], small[1], -bg.x, -bg.y), *BLUR,
                               Filter("scale", WIDTH, HEIGHT), *SQUARE_420))
    picture = chain(split[1], (scale, *SQUARE_420))
    overlaid = ffmpeg.filter([blurred, picture], "overlay", geo.x, geo.y, format="yuv420")
    return chain(overlaid, (Filter("format", "yuv420p"), *TAGS))


def _original_sound(source: Stream, loudnorm: Sequence[Filter] = ()) -> Stream:
    """The source's first audio stream from the cut on: 48 kHz stereo, silence where it starts late, padded;
    `loudnorm` is the second pass of a loudness normalisation (studio.media.loudness), or empty."""
    return chain(source["a:0"], (Filter("aresample", AUDIO_SAMPLE_RATE, **{"async": 1, "first_pts": 0}),
                                 Filter("aformat", sample_fmts="fltp", channel_layouts="stereo"), *loudnorm,
                                 Filter("apad")))


def _audio_codec() -> dict[str, object]:
    return {"c:a": "aac", "b:a": AUDIO_BITRATE, "ar": AUDIO_SAMPLE_RATE, "ac": AUDIO_CHANNELS}


def _metadata(keep: bool, source_input: int = 0) -> dict[str, object]:
    if keep:
        return {"map_metadata": source_input, "movflags": "+faststart+use_metadata_tags"}
    return {"map_metadata": -1, "map_chapters": -1, "movflags": "+faststart"}


def _x264(preset: str, crf: int) -> dict[str, object]:
    return {"c:v": "libx264", "preset": preset, "crf": crf, "maxrate": VIDEO_MAX_BITRATE,
            "bufsize": 2 * VIDEO_MAX_BITRATE}


def _seek(info: MediaInfo, frames: Frames, index: int) -> tuple[dict[str, object], dict[str, object]]:
    """(input options, output options) that make the decoded source start at frame `index`."""
    decoder: dict[str, object] = {"x264_build": frames.x264_build} if frames.x264_build is not None else {}
    if info.container not in SEEK_BY_DECODING:
        return {"ss": frames.seek_arg(index), **decoder}, {}
    return decoder, {"ss": frames.seek_arg(index)}


def _source(info: MediaInfo, frames: Frames, index: int) -> tuple[list[str], list[str]]:
    """`_seek` as argv: (input arguments, output arguments), for the measuring passes' plain `-af` chains."""
    input_options, output_options = _seek(info, frames, index)
    return [*options(input_options), "-i", info.path], options(output_options)


def _source_input(info: MediaInfo, frames: Frames, index: int) -> tuple[Stream, dict[str, object]]:
    """`_seek` as a graph: (the source's input node, output options)."""
    input_options, output_options = _seek(info, frames, index)
    return ffmpeg.input(info.path, **input_options), output_options


def _sound(info: MediaInfo, source: Stream, plan: ExportPlan, mix: AudioMix | None, loudnorm: Sequence[Filter],
           offset_s: float = 0.0) -> Stream:
    """The export's sound from `source` (its input node), mixed as `mix` says (studio.media.audio_mix)."""
    original = _original_sound(source, loudnorm) if info.has_audio else None
    return audio_graph(mix, original=original, duration_s=plan.duration_ms / 1000, offset_s=offset_s)


def accurate_args(info: MediaInfo, plan: ExportPlan, out: Path, *, fit: Fit, keep_metadata: bool,
                  preset: str, loudnorm: Sequence[Filter] = (), mix: AudioMix | None = None,
                  follow: FollowPath | None = None) -> list[str]:
    frames = plan.frames
    source, out_seek = _source_input(info, frames, plan.first)
    video = video_filter(info, source[str(frames.stream_index)], fit, follow, plan.start_ms)
    sound = _sound(info, source, plan, mix, loudnorm, float(str(out_seek["ss"])) if out_seek else 0.0)
    settings: dict[str, object] = {**out_seek, "t": _length_arg(frames, plan.first, plan.end)}
    if not fps_over_limit(info.avg_fps):
        settings |= {"frames:v": plan.frame_count, "fps_mode": "passthrough"}
    settings |= {**_x264(preset, CRF), "profile:v": "high", "pix_fmt": "yuv420p", "colorspace": "bt709",
                 "color_primaries": "bt709", "color_trc": "bt709", "color_range": "tv", **_audio_codec(),
                 **_metadata(keep_metadata), "f": "mp4"}
    return argv(ffmpeg.output(video, sound, str(out), **settings))


def copy_args(info: MediaInfo, plan: ExportPlan, out: Path, *, keep_metadata: bool,
              loudnorm: Sequence[Filter] = (), mix: AudioMix | None = None) -> list[str]:
    frames = plan.frames
    source = ffmpeg.input(info.path, ss=frames.seek_arg(plan.first))  # packets from the keyframe on
    sound = _sound(info, source, plan, mix, loudnorm)
    return argv(ffmpeg.output(source[str(frames.stream_index)], sound, str(out),
                              t=_length_arg(frames, plan.first, plan.end), **{"c:v": "copy"},
                              **_h264_colour_bsf(info), **{"frames:v": plan.frame_count}, **_audio_codec(),
                              **_metadata(keep_metadata), f="mp4"))


def smart_encode_args(info: MediaInfo, plan: ExportPlan, head: Path | None, tail: Path | None, audio: Path, *,
                      preset: str, loudnorm: Sequence[Filter] = (), mix: AudioMix | None = None) -> list[str]:
    """One ffmpeg run that encodes the head, the tail (raw H.264) and the audio (AAC in MP4) of a smart cut."""
    cut = plan.smart
    assert cut is not None
    frames = plan.frames
    source = _source_input(info, frames, cut.first)[0]  # smart sources are MP4-like (avcC), always seekable
    colour = {"colorspace": OUTPUT.name, "color_primaries": OUTPUT.name, "color_trc": OUTPUT.name,
              "color_range": OUTPUT.range}  # smart cuts need no conversion (smart_cut.plan_smart)

    def piece(start: int, count: int, sps_id: int, out: Path) -> Stream:
        picture = _source_input(info, frames, start)[0][str(frames.stream_index)]
        return ffmpeg.output(picture, str(out), **{
            "frames:v": count, "fps_mode": "passthrough", **_x264(preset, SMART_CRF), "bf": 0,
            "profile:v": cut.x264_profile, "level:v": f"{cut.level / 10:.1f}", "pix_fmt": "yuv420p", **colour,
            "x264-params": f"sps-id={sps_id}", "an": None, "sn": None, "dn": None, "f": "h264"})

    outputs = []
    if head is not None:
        outputs.append(piece(cut.first, cut.head_frames, cut.head_sps_id, head))
    outputs.append(ffmpeg.output(_sound(info, source, plan, mix, loudnorm), str(audio),
                                 t=_length_arg(frames, cut.first, cut.end), vn=None, **_audio_codec(), f="mp4"))
    if tail is not None:
        outputs.append(piece(cut.copy_end, cut.tail_frames, cut.tail_sps_id, tail))
    return argv(*outputs)


def smart_mux_args(info: MediaInfo, video: Path, audio: Path, out: Path, *, keep_metadata: bool) -> list[str]:
    turn = ["-display_rotation", str(-info.rotation)] if info.rotation else []  # the joined track lost the matrix
    args = [*turn, "-i", str(video), "-i", str(audio)]
    if keep_metadata:
        args += ["-i", info.path]
    return [*args, "-map", "0:v", "-map", "1:a", "-c", "copy", *options(_h264_colour_bsf(info)),
            *options(_metadata(keep_metadata, source_input=2)), "-f", "mp4", str(out)]


# -- the export ------------------------------------------------------------------------------------------------


class _Scratch:
    """Temporary files in the output folder; all removed unless `keep` renames one into place."""

    def __init__(self, out: Path) -> None:
        self.folder = out.parent
        self.stem = f".{out.name}.{os.getpid()}-{secrets.token_hex(4)}"
        self.paths: list[Path] = []

    def path(self, suffix: str) -> Path:
        path = self.folder / f"{self.stem}.{suffix}"
        self.paths.append(path)
        return path

    def clean(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)


def _output_path(info: MediaInfo, out_path: str | os.PathLike[str]) -> Path:
    out = Path(os.fspath(out_path)).expanduser().absolute()
    if not out.parent.is_dir():
        raise InputError(_MESSAGES["no_folder"], out.parent, code="missing_folder")
    if out.is_dir():
        raise InputError(_MESSAGES["output_is_folder"], out, code="is_directory")
    if out.exists() and Path(info.path).exists() and out.samefile(info.path):
        raise InputError(_MESSAGES["same_file"], out, code="same_file")
    return out


def _check_space(folder: Path, need: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < need:
        raise MachineError(_MESSAGES["disk_full"], folder, code="disk_full", need=math.ceil(need / 1e6),
                           free=free // 1_000_000)


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    if isinstance(exc, MachineError) and exc.code == "tool_failed":
        return "No space left on device" in str(exc.values.get("stderr", ""))
    return False


def export(
    src_info: MediaInfo,
    start_ms: int,
    end_ms: int,
    mode: Mode,
    out_path: str | os.PathLike[str],
    *,
    fit: Fit = "pad",
    keep_metadata: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    preset: str = DEFAULT_PRESET,
    loudness_lufs: float | None = None,
    mix: AudioMix | None = None,
    follow: FollowPath | None = None,
) -> ExportResult:
    """Export `[start_ms, end_ms)` of the probed source `src_info` to `out_path` (an MP4) in `mode`.

    `fit` places a picture that is not 9:16 (re-encoded modes only; `follow` is the window path
    `fit="follow"` needs, from `core.reframe.follow_path`); `keep_metadata` keeps the source's
    location and device tags; `progress(done_ms, total_ms)` follows the output position; `cancel` stops
    the work and leaves no file; `preset` is the x264 preset of what is re-encoded; `loudness_lufs`
    normalises the kept audio to that integrated loudness (two passes; e.g. loudness.TARGET_LUFS); `mix` mutes
    the original sound and/or lays music under it (studio.media.audio_mix).
    Raises InputError (bad range, folder, mode), ValidationError (copy impossible), MachineError (disk full,
    ffmpeg failed, the result missed the profile) or Cancelled.
    """
    started = time.monotonic()
    if fit not in FITS or (fit == "follow" and follow is None):
        raise InputError(_MESSAGES["bad_fit"], src_info.path, code="usage", fit=fit)
    checked_input(src_info.path)
    if mix is not None and mix.music is not None:
        mix = replace(mix, music=checked_input(mix.music))
    out = _output_path(src_info, out_path)
    check(cancel, src_info.path)
    plan = plan_export(src_info, start_ms, end_ms, mode)
    _check_space(out.parent, estimate_bytes(src_info, plan))
    scratch = _Scratch(out)
    try:
        result_file = scratch.path("partial.mp4")
        try:
            loudnorm = () if mix is not None and mix.mute else _loudnorm(src_info, plan, loudness_lufs, cancel)
            mix = _with_speech(src_info, plan, mix, cancel)
            plan = _run(src_info, plan, result_file, scratch, fit=fit, follow=follow, keep_metadata=keep_metadata,
                        progress=progress, cancel=cancel, preset=preset, loudnorm=loudnorm, mix=mix)
        except StudioError as exc:
            if _is_disk_full(exc):
                raise MachineError(_MESSAGES["disk_filled"], out.parent, code="disk_full") from None
            if isinstance(exc, MachineError) and exc.code == "tool_failed":
                raise MachineError(_MESSAGES["failed"], src_info.path, code="export_failed",
                                   detail=" / ".join(_last_lines(exc))) from None
            raise
        except OSError as exc:
            if _is_disk_full(exc):
                raise MachineError(_MESSAGES["disk_filled"], out.parent, code="disk_full") from None
            raise
        info = probe_own_file(result_file)
        problems = _verify(plan, src_info, info, keep_metadata=keep_metadata)
        check(cancel, src_info.path)
        os.replace(result_file, out)
    finally:
        scratch.clean()
    if progress is not None:
        progress(plan.duration_ms, plan.duration_ms)
    info = MediaInfo(**{**info.__dict__, "path": str(out)})
    return ExportResult(output=str(out), mode=plan.mode, requested_start_ms=start_ms, requested_end_ms=end_ms,
                        start_ms=plan.start_ms, end_ms=plan.end_ms, fallback_reason=plan.fallback_reason,
                        seconds=time.monotonic() - started, problems=tuple(problems), output_info=info)


def _last_lines(exc: MachineError) -> list[str]:
    from studio.media.runner import last_lines

    lines = [ln for ln in last_lines(str(exc.values.get("stderr", "")), 6) if not ln.startswith("[out#")]
    return lines[-3:] or [str(exc.values.get("detail", ""))]


def _loudnorm(info: MediaInfo, plan: ExportPlan, target: float | None, cancel: CancelToken | None,
              ) -> tuple[Filter, ...]:
    """The second-pass filters that bring the kept audio to `target` LUFS (none for no target or no audio)."""
    if target is None or not info.has_audio:
        return ()
    input_args, output_args = _source(info, plan.frames, plan.first)
    measured = loudness.measure([*input_args, *output_args], _length_arg(plan.frames, plan.first, plan.end),
                                what=info.path, target=target, cancel=cancel,
                                timeout=max(600.0, plan.duration_ms / 1000 * 5))
    return loudness.loudnorm_filters(measured, AUDIO_SAMPLE_RATE, target) if measured else ()


def _with_speech(info: MediaInfo, plan: ExportPlan, mix: AudioMix | None, cancel: CancelToken | None,
                 ) -> AudioMix | None:
    """`mix` with where the kept original sound is loud (for ducking the music), when there is music over it."""
    if mix is None or mix.music is None or mix.mute or not info.has_audio:
        return mix
    input_args, output_args = _source(info, plan.frames, plan.first)
    speech = speech_ranges([*input_args, *output_args], _length_arg(plan.frames, plan.first, plan.end),
                           what=info.path, cancel=cancel, timeout=max(600.0, plan.duration_ms / 1000 * 5))
    return replace(mix, speech=tuple(speech))


def _run(info: MediaInfo, plan: ExportPlan, out: Path, scratch: _Scratch, *, fit: Fit, follow: FollowPath | None,
         keep_metadata: bool,
         progress: Progress | None, cancel: CancelToken | None, preset: str, loudnorm: Sequence[Filter],
         mix: AudioMix | None) -> ExportPlan:
    """Write the export to `out`; returns the plan really followed (smart may fall back while joining)."""
    timeout = max(600.0, plan.duration_ms / 1000 * 20)
    total = plan.duration_ms
    if plan.mode == "copy" and plan.smart is not None:  # an MP4's packets, selected by count (plan_copy)
        _run_smart(info, plan, out, scratch, keep_metadata=keep_metadata, progress=progress, cancel=cancel,
                   preset=preset, timeout=timeout, loudnorm=loudnorm, mix=mix)
        return plan
    if plan.mode == "copy":
        run_ffmpeg(copy_args(info, plan, out, keep_metadata=keep_metadata, loudnorm=loudnorm, mix=mix),
                   what=info.path,
                   timeout=timeout,
                   cancel=cancel, progress=progress, total_ms=total, outputs=[out])
        return plan
    if plan.mode == "smart":
        try:
            _run_smart(info, plan, out, scratch, keep_metadata=keep_metadata, progress=progress, cancel=cancel,
                       preset=preset, timeout=timeout, loudnorm=loudnorm, mix=mix)
            return plan
        except smart_cut.SmartFallback as fallback:
            plan = ExportPlan(plan.requested_mode, "accurate", plan.requested_start_ms, plan.requested_end_ms,
                              plan.start_ms, plan.end_ms, fallback.problem, plan.first, plan.end, plan.frames)
    run_ffmpeg(accurate_args(info, plan, out, fit=fit, follow=follow, keep_metadata=keep_metadata, preset=preset,
                             loudnorm=loudnorm,
                             mix=mix),
               what=info.path, timeout=timeout, cancel=cancel, progress=progress, total_ms=total, outputs=[out])
    return plan


def _run_smart(info: MediaInfo, plan: ExportPlan, out: Path, scratch: _Scratch, *, keep_metadata: bool,
               progress: Progress | None, cancel: CancelToken | None, preset: str, timeout: float,
               loudnorm: Sequence[Filter], mix: AudioMix | None) -> None:
    cut = plan.smart
    assert cut is not None
    head = scratch.path("head.h264") if cut.head_frames else None
    tail = scratch.path("tail.h264") if cut.tail_frames else None
    audio = scratch.path("audio.m4a")
    video = scratch.path("video.mp4")
    run_ffmpeg(smart_encode_args(info, plan, head, tail, audio, preset=preset, loudnorm=loudnorm, mix=mix),
               what=info.path,
               timeout=timeout,
               cancel=cancel, progress=progress, total_ms=plan.duration_ms)
    check(cancel, info.path)
    smart_cut.join(plan.frames, cut, head, tail, video)
    check(cancel, info.path)
    run_ffmpeg(smart_mux_args(info, video, audio, out, keep_metadata=keep_metadata), what=info.path,
               timeout=timeout, cancel=cancel, outputs=[out])


def _verify(plan: ExportPlan, source: MediaInfo, info: MediaInfo, *, keep_metadata: bool) -> list[Problem]:
    """The fresh probe of the result against the plan and the profile; raises when the export itself failed."""
    exact_count = plan.mode != "accurate" or not fps_over_limit(source.avg_fps)
    if exact_count and info.frame_count != plan.frame_count:
        raise MachineError(_MESSAGES["cut_mismatch"], plan.frames.path, code="cut_mismatch", got=info.frame_count,
                           expected=plan.frame_count)
    problems = check_output(info, keep_metadata=keep_metadata)
    if plan.mode == "copy":
        return problems
    own = [p for p in problems if not from_range(p)]
    if own:
        raise MachineError(_MESSAGES["profile_mismatch"], plan.frames.path, code="profile_mismatch",
                           problems="; ".join(p.message for p in own))
    return problems


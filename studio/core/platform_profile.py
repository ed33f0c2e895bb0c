"""The platform profile: what a video must be for the feed to take it, in one place (docs/media.md).

Holds pure data (the numbers below) and pure decisions on a `MediaInfo`: `check_output` (does an exported
file meet the profile? the exporter asks it after a fresh probe of its output), `copy_possible` and
`smart_possible` (may the source be stream-copied, or cut smartly, instead of re-encoded?) and `fitting`
(where the picture goes on the 1080x1920 frame). Every answer that a person may read is a `core.problems.Problem`:
a stable code plus an English template marked for translation and its values.
Must not hold: ffmpeg arguments or any I/O (`studio.media.export` turns these facts into a filter graph).

What the checks accept and what exports write (docs/decisions/platform-profile.md):
- Size: `accurate` always writes exactly 1080x1920; `check_output` accepts any 9:16 picture no larger than
  1080x1920, so a 720x1280 source already meets the profile and may be cut smartly.
  Other shapes are fitted by padding with a blurred copy of the picture (`pad`, the default) or by
  cropping (`crop`); small sources are scaled up.
- Audio: exports write 48 kHz stereo AAC-LC; the check accepts AAC-LC at 44.1 or 48 kHz, mono or stereo.
  A source with no audio gets a silent track.
- H.264 High: Main and Constrained Baseline streams are subsets of High that every High decoder plays,
  so the check accepts them too (a stream-copied phone clip is often Main). Plain Baseline is not a
  subset (FMO/ASO), so it is not accepted.
- Frame rate: "at most 60 fps" with 1 % of slack, since phones record 60.06 fps and call it 60.
- Size limit: 500 MB read as 500 * 10^6 bytes. `accurate` caps the video bit rate (VIDEO_MAX_BITRATE)
  so that even 5 minutes stay under it.
- Duration (3 s to 5 min) and file size depend on the range the person chose: `RANGE_CODES` marks
  those problems, which the exporter reports rather than treating as its own failure.
- Metadata: GPS location and device tags (make, model, software, Apple/Android capture tags) and timed
  metadata tracks are stripped unless the creator opts in (`keep_metadata`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.media_info import MediaInfo
from studio.core.problems import Problem

WIDTH = 1080
HEIGHT = 1920
MAX_FPS = 60
FPS_SLACK = 1.01
VIDEO_CODEC = "h264"
VIDEO_PROFILES = ("High", "Main", "Constrained Baseline")
"""Accepted H.264 profiles: High and its subsets. `accurate` writes High."""
PIX_FMT = "yuv420p"
COLOR = "bt709"
SDR_TRANSFERS = (None, "bt709")
"""Transfer characteristics accepted as SDR BT.709 (untagged video is taken to be BT.709)."""
SDR_PRIMARIES = (None, "bt709")
HDR_TRANSFERS = ("arib-std-b67", "smpte2084")
"""HLG and PQ: tone-mapped to SDR BT.709 on export."""
AUDIO_CODEC = "aac"
AUDIO_PROFILE = "LC"
AUDIO_SAMPLE_RATES = (44100, 48000)
AUDIO_SAMPLE_RATE = 48000
AUDIO_CHANNELS = 2
AUDIO_BITRATE = 128_000
CONTAINERS = ("mov,mp4,m4a,3gp,3g2,mj2",)
"""libavformat's name for the MP4 family, as probe reports it."""
MIN_DURATION_MS = 3_000
MAX_DURATION_MS = 5 * 60_000
MAX_BYTES = 500_000_000
VIDEO_MAX_BITRATE = 12_000_000
"""bits/s: 5 min of video at this rate plus audio is 455 MB, under MAX_BYTES."""
PRIVATE_TAG_HINTS = ("location", "gps", "iso6709", "make", "model", "software", "com.apple.quicktime",
                     "com.android")
"""A metadata key containing one of these (case-insensitive) says where or with what a clip was recorded."""
RANGE_CODES = frozenset({"too_short", "too_long", "too_large"})
"""Problems that follow from the range the person chose, not from how the file was made."""

Fit = Literal["pad", "crop", "follow"]
FITS: tuple[Fit, ...] = ("pad", "crop", "follow")
"""How a picture that is not 9:16 becomes 9:16: blurred bars, the centre, or a window following faces and
products (`core.reframe`; laid out as `crop` where a single geometry is asked for)."""

_TEMPLATES = {
    "video_codec": QT_TRANSLATE_NOOP("errors", "the video is {codec}; the platform takes H.264"),
    "video_profile": QT_TRANSLATE_NOOP("errors", "the H.264 profile is {profile}; the platform takes High (or Main)"),
    "pix_fmt": QT_TRANSLATE_NOOP("errors", "the pixel format is {pix_fmt}; the platform takes 8-bit 4:2:0 (yuv420p)"),
    "hdr": QT_TRANSLATE_NOOP("errors", "the video is HDR ({transfer}); the platform shows SDR BT.709"),
    "color": QT_TRANSLATE_NOOP("errors", "the colours are tagged {what}; the platform takes BT.709"),
    "interlaced": QT_TRANSLATE_NOOP("errors", "the video is interlaced"),
    "rotation": QT_TRANSLATE_NOOP("errors", "the picture is turned {rotation}° by metadata instead of being upright"),
    "aspect": QT_TRANSLATE_NOOP("errors", "the pixels are not square (aspect {sar})"),
    "size": QT_TRANSLATE_NOOP("errors", "the picture is {width}x{height}; the platform takes 9:16 up to 1080x1920"),
    "fps": QT_TRANSLATE_NOOP("errors", "the frame rate is {fps} fps; the platform takes at most 60"),
    "no_audio": QT_TRANSLATE_NOOP("errors", "the file has no audio track"),
    "audio_codec": QT_TRANSLATE_NOOP("errors", "the audio is {codec}; the platform takes AAC-LC"),
    "audio_rate": QT_TRANSLATE_NOOP("errors", "the audio sample rate is {rate} Hz; the platform takes 44.1 or 48 kHz"),
    "audio_channels": QT_TRANSLATE_NOOP(
        "errors", "the audio has {channels} channels; the platform takes mono or stereo"),
    "container": QT_TRANSLATE_NOOP("errors", "the file is {container}, not MP4"),
    "faststart": QT_TRANSLATE_NOOP("errors", "the MP4 index is at the end of the file (no faststart)"),
    "too_short": QT_TRANSLATE_NOOP("errors", "the video is {seconds} s long; the platform takes at least 3 s"),
    "too_long": QT_TRANSLATE_NOOP("errors", "the video is {seconds} s long; the platform takes at most 5 minutes"),
    "too_large": QT_TRANSLATE_NOOP("errors", "the file is {megabytes} MB; the platform takes at most 500 MB"),
    "private_tags": QT_TRANSLATE_NOOP("errors", "the file still carries location or device tags: {tags}"),
    "extra_streams": QT_TRANSLATE_NOOP("errors", "the file carries {count} stream(s) besides one video and one audio"),
}
"""Every profile sentence; the exporter makes `Problem`s of its own reasons with their own templates."""


def problem(code: str, **values: Any) -> Problem:
    """The profile sentence `code` with its values, as a `core.problems.Problem`."""
    return Problem(code, _TEMPLATES[code], values)


def from_range(found: Problem) -> bool:
    """True when the person's choice of range caused `found` (duration, file size)."""
    return found.code in RANGE_CODES


# -- facts about a source ------------------------------------------------------------------------------------


def is_hdr(info: MediaInfo) -> bool:
    """HLG or PQ transfer: tone-mapped on export."""
    return info.color_transfer in HDR_TRANSFERS


def is_portrait_9_16(width: int, height: int) -> bool:
    """9:16 within the rounding of even sizes (720x1280, 1080x1920, 576x1024, ...)."""
    return abs(Fraction(width, height) - Fraction(9, 16)) <= Fraction(2, height)


def fps_over_limit(fps: float) -> bool:
    return fps > MAX_FPS * FPS_SLACK


def private_tags(info: MediaInfo) -> list[str]:
    """The metadata keys that tell where or with what the clip was recorded."""
    return sorted(t for t in info.tags if any(h in t.lower() for h in PRIVATE_TAG_HINTS))


def _video_problems(info: MediaInfo) -> list[Problem]:
    """What keeps the video stream itself (codec, pixels, colour, geometry, rate) from meeting the profile."""
    problems = []
    if info.video_codec != VIDEO_CODEC:
        problems.append(problem("video_codec", codec=info.video_codec))
    elif info.video_profile not in VIDEO_PROFILES:
        problems.append(problem("video_profile", profile=info.video_profile or "?"))
    if info.pix_fmt != PIX_FMT:
        problems.append(problem("pix_fmt", pix_fmt=info.pix_fmt))
    if is_hdr(info):
        problems.append(problem("hdr", transfer=info.color_transfer))
    elif info.color_transfer not in SDR_TRANSFERS or info.color_primaries not in SDR_PRIMARIES:
        problems.append(problem("color", what=f"{info.color_primaries or '-'}/{info.color_transfer or '-'}"))
    if info.interlaced:
        problems.append(problem("interlaced"))
    if info.rotation % 360:
        problems.append(problem("rotation", rotation=info.rotation))
    if info.sample_aspect_ratio not in ("1:1", "0:1"):
        problems.append(problem("aspect", sar=info.sample_aspect_ratio))
    w, h = info.display_width, info.display_height
    if w > WIDTH or h > HEIGHT or not is_portrait_9_16(w, h):
        problems.append(problem("size", width=w, height=h))
    if fps_over_limit(info.avg_fps):
        problems.append(problem("fps", fps=round(info.avg_fps, 2)))
    return problems


def check_output(info: MediaInfo, *, keep_metadata: bool = False) -> list[Problem]:
    """Every way the file `info` describes misses the profile; empty when the platform will take it."""
    problems = _video_problems(info)
    if not info.has_audio:
        problems.append(problem("no_audio"))
    else:
        if info.audio_codec != AUDIO_CODEC or (info.audio_profile or AUDIO_PROFILE) != AUDIO_PROFILE:
            problems.append(problem("audio_codec", codec=f"{info.audio_codec} {info.audio_profile or ''}".strip()))
        if info.audio_sample_rate not in AUDIO_SAMPLE_RATES:
            problems.append(problem("audio_rate", rate=info.audio_sample_rate))
        if info.audio_channels not in (1, 2):
            problems.append(problem("audio_channels", channels=info.audio_channels))
    if info.container not in CONTAINERS:
        problems.append(problem("container", container=info.container))
    elif info.faststart is False:
        problems.append(problem("faststart"))
    if info.duration_ms < MIN_DURATION_MS:
        problems.append(problem("too_short", seconds=round(info.duration_ms / 1000, 3)))
    if info.duration_ms > MAX_DURATION_MS:
        problems.append(problem("too_long", seconds=round(info.duration_ms / 1000, 3)))
    if info.size_bytes > MAX_BYTES:
        problems.append(problem("too_large", megabytes=round(info.size_bytes / 1e6, 1)))
    if not keep_metadata:
        tags = private_tags(info)
        if tags:
            problems.append(problem("private_tags", tags=", ".join(tags)))
        if info.extra_streams:
            problems.append(problem("extra_streams", count=info.extra_streams))
    return problems


def copy_possible(info: MediaInfo) -> Problem | None:
    """Why the source's video cannot be stream-copied into the profile's MP4, or None when it can.

    Copy keeps the source's H.264 as it is: it must be H.264 in a profile the platform takes, 8-bit
    4:2:0 and progressive. What a copy cannot change (rotation metadata, size, colour) is reported by
    `check_output` on the result; audio is always re-encoded to the profile, so it never stops a copy.
    """
    if info.video_codec != VIDEO_CODEC:
        return problem("video_codec", codec=info.video_codec)
    if info.video_profile not in VIDEO_PROFILES:
        return problem("video_profile", profile=info.video_profile or "?")
    if info.pix_fmt not in (PIX_FMT, "yuvj420p"):
        return problem("pix_fmt", pix_fmt=info.pix_fmt)
    if info.interlaced:
        return problem("interlaced")
    return None


def smart_possible(info: MediaInfo) -> Problem | None:
    """Why a smart cut cannot be used (the first reason), or None when the source's video meets the profile.

    The copied middle of a smart cut is the source's own video, so every video rule of the profile must
    already hold. Bitstream conditions (parameter sets, level, an IDR keyframe inside the range) are
    checked by the exporter, which reads the packets.
    """
    problems = _video_problems(info)
    return problems[0] if problems else None


# -- fitting the picture onto the frame ----------------------------------------------------------------------


@dataclass(frozen=True)
class Fitting:
    """Where the (display-oriented, square-pixel) picture goes on a `frame_width` x `frame_height` frame.

    The picture is scaled to `width` x `height` and placed with its top-left corner at (`x`, `y`); with
    `crop`, x and y are <= 0 (the part outside the frame is cut off); with `pad`, >= 0 (the rest of the
    frame shows a blurred copy of the picture).
    """

    width: int
    height: int
    x: int
    y: int
    frame_width: int = WIDTH
    frame_height: int = HEIGHT

    @property
    def fills_frame(self) -> bool:
        return (self.x, self.y, self.width, self.height) == (0, 0, self.frame_width, self.frame_height)


def _even(value: Fraction) -> int:
    return max(2, round(value / 2) * 2)


def fitting(display_width: int, display_height: int, fit: Fit = "pad",
            frame: tuple[int, int] = (WIDTH, HEIGHT)) -> Fitting:
    """How a `display_width` x `display_height` picture is fitted onto `frame` (scaled up or down).

    Sizes and offsets are even (4:2:0 chroma). `pad` fits the whole picture inside the frame, `crop`
    covers the whole frame. A picture of the frame's own shape fills it exactly either way.
    """
    if fit not in FITS:
        raise ValueError(f"fit must be one of {FITS}: {fit!r}")
    fw, fh = frame
    if display_width <= 0 or display_height <= 0:
        raise ValueError("the picture has no size")
    sx, sy = Fraction(fw, display_width), Fraction(fh, display_height)
    scale = min(sx, sy) if fit == "pad" else max(sx, sy)  # follow moves a crop-sized window
    w, h = _even(display_width * scale), _even(display_height * scale)
    if fit == "pad":
        w, h = min(w, fw), min(h, fh)
    else:
        w, h = max(w, fw), max(h, fh)
    if abs(w - fw) <= 2 and abs(h - fh) <= 2:  # the frame's own shape, give or take rounding
        w, h = fw, fh
    x, y = (fw - w) // 2, (fh - h) // 2
    return Fitting(w, h, x - x % 2, y - y % 2, fw, fh)

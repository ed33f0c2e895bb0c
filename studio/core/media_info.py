"""What a probe learned about a media file: the typed result of `studio.media.probe.probe`.

Lives in `core` so rules (the platform profile, trim math) can take it without importing `media`.
Times are integer milliseconds on the SOURCE timeline (docs/time.md): 0 is where a player's
clock reads 0:00, i.e. the container's start time; a frame's time is the first whole millisecond at which
it is shown (presentation time rounded up).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class MediaInfo:
    path: str
    container: str
    size_bytes: int
    duration_ms: int
    """From source time 0 to the end of the last video frame."""
    first_frame_ms: int
    """Source time of the first shown video frame (0 unless an edit list or offset delays it)."""
    start_ms: int
    """The container's start time on the file's own clock (source time 0 is there)."""
    width: int
    height: int
    display_width: int
    display_height: int
    rotation: int
    """Degrees clockwise a player turns the picture: 90 for a portrait phone clip whose matrix says -90."""
    sample_aspect_ratio: str
    avg_fps: float
    real_fps: float
    """The stream's base (real) frame rate, as ffprobe's r_frame_rate."""
    vfr: bool
    frame_count: int
    video_codec: str
    video_profile: str | None
    pix_fmt: str
    color_transfer: str | None
    color_primaries: str | None
    interlaced: bool
    has_audio: bool
    audio_codec: str | None
    audio_sample_rate: int | None
    audio_channels: int | None
    keyframes_ms: tuple[int, ...] | None = field(default=None)
    """Source times of the keyframes, only when asked for (`probe(path, keyframes=True)`)."""
    video_level: int | None = None
    """The codec's level as libavcodec gives it (H.264: 40 for level 4.0), None when unknown."""
    audio_profile: str | None = None
    """"LC" for AAC-LC, None without audio or when the codec has no profiles."""
    faststart: bool | None = None
    """MP4/MOV only: the index (moov) comes before the media data (mdat); None for other containers."""
    tags: tuple[str, ...] = ()
    """Metadata keys of the container and its streams (keys only: values may be a GPS position)."""
    extra_streams: int = 0
    """Streams besides the main video and the first audio (timed metadata, subtitles, more audio)."""
    color_matrix: str | None = None
    """The YUV matrix the video says it uses (ffmpeg's name: bt709, smpte170m, bt2020nc...); None untagged."""

    @property
    def is_portrait(self) -> bool:
        return self.display_height > self.display_width

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.keyframes_ms is None:
            data.pop("keyframes_ms")
        else:
            data["keyframes_ms"] = list(self.keyframes_ms)
        return data

"""Opening a file that `probe` accepted with PyAV, in this process: one place for the open and its errors,
and for the stream's time base (which PyAV types as optional).

Used by the frame server, the filmstrip and the export's frame list. Holds no decoding.
"""

from __future__ import annotations

from fractions import Fraction

import av

from studio.core.errors import QT_TRANSLATE_NOOP, MediaError
from studio.core.media_info import MediaInfo
from studio.media.frame_index import main_video_stream


def open_video(path: str, *, headers_only: bool = False,
               ) -> tuple[av.container.InputContainer, av.video.stream.VideoStream]:
    """The container (files only, no other protocol) and its main video stream; MediaError naming `path`.

    With `headers_only` the open decodes no picture (libavformat's stream probing otherwise decodes one, about
    8 ms at 1080p): for readers of the index and timestamps only, which are the same either way. The decoded
    picture adds the pixel format and the codec's frame rate (field pairing of interlaced video needs it) and,
    for Matroska, the start time: use it only for progressive MP4/MOV.
    """
    stream_options = [{"skip_frame": "nonkey"}] * 64 if headers_only else None
    try:
        # PyAV's stub types stream_options as list[str]; open() takes one dict of options per stream
        container = av.open(path, options={"protocol_whitelist": "file"},
                            stream_options=stream_options)  # type: ignore[arg-type]
    except (av.error.FFmpegError, ValueError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise MediaError(QT_TRANSLATE_NOOP("errors", "the file cannot be opened: {detail}"), path,
                         code="not_media", detail=detail) from None
    stream = main_video_stream(container)
    if stream is None:
        container.close()
        raise MediaError(QT_TRANSLATE_NOOP("errors", "the file has no video stream"), path, code="no_video")
    return container, stream


def headers_suffice(info: MediaInfo) -> bool:
    """Whether `open_video(headers_only=True)` gives this source's frame list as a full open does: a progressive
    MP4/MOV (its index has every timestamp and the start time; field pairing needs the decoded frame rate)."""
    return not info.interlaced and info.container.startswith("mov,mp4")


def time_base(stream: av.video.stream.VideoStream, path: str) -> Fraction:
    """The stream's time base; MediaError naming `path` when FFmpeg gave it none (its frames cannot be timed)."""
    if stream.time_base is None:
        raise MediaError(QT_TRANSLATE_NOOP("errors", "the file has no video stream"), path, code="no_video")
    return stream.time_base

"""Opening a file that `probe` accepted with PyAV, in this process: one place for the open and its errors.

Used by the frame server, the filmstrip and the export's frame list. Holds no decoding.
"""

from __future__ import annotations

import av

from studio.core.errors import QT_TRANSLATE_NOOP, MediaError
from studio.media.probe_child import main_video_stream


def open_video(path: str) -> tuple[av.container.InputContainer, av.video.stream.VideoStream]:
    """The container (files only, no other protocol) and its main video stream; MediaError naming `path`."""
    try:
        container = av.open(path, options={"protocol_whitelist": "file"})
    except av.error.FFmpegError as exc:
        raise MediaError(QT_TRANSLATE_NOOP("errors", "the file cannot be opened: {detail}"), path,
                         code="not_media", detail=exc.strerror or str(exc)) from None
    stream = main_video_stream(container)
    if stream is None:
        container.close()
        raise MediaError(QT_TRANSLATE_NOOP("errors", "the file has no video stream"), path, code="no_video")
    return container, stream

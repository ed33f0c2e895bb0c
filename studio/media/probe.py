"""`probe(path)`: what a media file holds, read safely out of process.

The file is checked (exists, regular, readable, non-empty), made absolute, then read by
`studio.media.probe_child` (PyAV) in a child process with a timeout. The child's facts become a
`core.media_info.MediaInfo`; its errors become `MediaError`s that name the file and the problem.
"""

from __future__ import annotations

import json
import os

from studio.core.cancel import CancelToken
from studio.core.errors import QT_TRANSLATE_NOOP, MachineError, MediaError
from studio.core.media_info import MediaInfo
from studio.media.runner import checked_input, python_child_argv, run_child

PROBE_TIMEOUT_S = 120

_MESSAGES = {
    "not_media": QT_TRANSLATE_NOOP("errors", "not a video file, or damaged beyond reading"),
    "still_image": QT_TRANSLATE_NOOP("errors", "this is a still image, not a video"),
    "no_video": QT_TRANSLATE_NOOP("errors", "the file has no video stream"),
    "no_frames": QT_TRANSLATE_NOOP("errors", "the video stream holds no frames (truncated or damaged)"),
    "truncated": QT_TRANSLATE_NOOP("errors", "the file is truncated or damaged: {detail}"),
    "undecodable": QT_TRANSLATE_NOOP("errors", "the video cannot be decoded: {detail}"),
}


def probe(path: str | os.PathLike[str], *, keyframes: bool = False, cancel: CancelToken | None = None) -> MediaInfo:
    """Probe `path`; raise `InputError`/`MediaError` for bad input, `MachineError` if probing itself failed."""
    absolute = checked_input(path)
    argv = python_child_argv("studio.media.probe_child", str(absolute), *(["--keyframes"] if keyframes else []))
    try:
        done = run_child(argv, what=absolute, timeout=PROBE_TIMEOUT_S, cancel=cancel)
    except MachineError as exc:
        if exc.code == "tool_failed":
            message = QT_TRANSLATE_NOOP(
                "errors", "reading the file crashed the media reader; it is probably damaged or crafted")
            raise MediaError(message, absolute, code="reader_crashed") from None
        raise
    try:
        facts = json.loads(done.stdout)
    except ValueError:
        raise MediaError(_MESSAGES["not_media"], absolute, code="not_media") from None
    if "error" in facts:
        code = facts["error"]["code"]
        raise MediaError(_MESSAGES.get(code, _MESSAGES["not_media"]), absolute, code=code,
                         detail=facts["error"]["detail"])
    kf = facts.pop("keyframes_ms", None)
    return MediaInfo(path=str(absolute), size_bytes=absolute.stat().st_size,
                     keyframes_ms=tuple(kf) if kf is not None else None, **facts)

"""The cover job: the project's cover as a JPEG file the platform takes (used by `studio cover` and the packer).

`cover_source` finds the picture (the frame at the chosen time, the trim's first frame when none is
chosen, or the imported image), `cover_pixels` crops it and paints the title exactly as the cover panel's
preview does (`studio.render.cover_title.compose_cover`), and `export_cover` encodes it under the size
limit and writes it atomically. The verdict on the result comes from `core.cover_rules`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from studio.core import cover_rules
from studio.core.atomic_file import write_atomic
from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.problems import Problem
from studio.core.project import CoverChoice, Project
from studio.media.cover_image import crop_to_cover, encode_jpeg, load_image
from studio.media.frames import FrameServer
from studio.media.probe import probe


@dataclass
class CoverResult:
    """What `export_cover` wrote: the file, where its picture came from, its size and the rules' verdict."""

    output: Path
    time_ms: int | None
    """Source time of the frame used; None for an imported image."""
    aspect: str
    width: int
    height: int
    bytes: int
    quality: int
    source_width: int
    """Width of the crop in source pixels (the size rule reads it)."""
    problems: list[Problem] = field(default_factory=list)
    """Warnings (title over the controls or the card, a small source); errors are raised instead."""
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"output": str(self.output), "time_ms": self.time_ms, "aspect": self.aspect, "width": self.width,
                "height": self.height, "bytes": self.bytes, "quality": self.quality,
                "source_width": self.source_width, "problems": [p.to_json() for p in self.problems],
                "seconds": round(self.seconds, 3)}


def cover_time_ms(project: Project) -> int:
    """The source time of the cover frame: the chosen time, else the trim's in point, else 0."""
    if project.cover is not None and project.cover.time_ms is not None:
        return project.cover.time_ms
    return project.trim.start_ms if project.trim is not None else 0


def cover_source(project: Project, media_path: Path, *, frames: FrameServer | None = None,
                 cancel: CancelToken | None = None) -> tuple[np.ndarray, int | None]:
    """The uncropped picture of the cover (RGB uint8) and its source time (None for an imported image).

    `frames` may be an open FrameServer of `media_path` (the UI has one); otherwise the file is probed and
    opened here.
    """
    cover = project.cover
    if cover is not None and cover.image is not None:
        return load_image(cover.image.absolute_path), None
    t_ms = cover_time_ms(project)
    if frames is not None:
        frame = frames.frame_at(t_ms)
        return frame.image, frame.time_ms
    info = probe(media_path, cancel=cancel)
    check(cancel, str(media_path))
    with FrameServer(info, use_proxy=False, cache_bytes=0) as server:
        frame = server.frame_at(t_ms)
        return frame.image, frame.time_ms


def export_cover(project: Project, media_path: Path, out_path: Path, *, progress: Progress | None = None,
                 cancel: CancelToken | None = None, frames: FrameServer | None = None) -> CoverResult:
    """Write the project's cover to `out_path` as a JPEG of at most 2 MB (sRGB, no EXIF), cropped to its aspect.

    Raises InputError/MediaError for an unreadable source, ValidationError when the cover breaks a rule
    that is an error, Cancelled when `cancel` is set; the problems that are only warnings are returned.
    """
    started = time.monotonic()
    out_path = Path(out_path)
    if out_path.is_dir():
        raise InputError(QT_TRANSLATE_NOOP("errors", "this is a folder, not a file to write"), out_path,
                         code="is_directory")
    cover = project.cover or CoverChoice()
    total = 3
    if progress:
        progress(0, total)
    picture, time_ms = cover_source(project, Path(media_path), frames=frames, cancel=cancel)
    check(cancel, str(out_path))
    if progress:
        progress(1, total)
    pixels, source_width, title_box = cover_pixels(picture, cover)
    check(cancel, str(out_path))
    data, quality = encode_jpeg(pixels, path=str(out_path))
    problems = cover_rules.check_cover(aspect=cover.aspect, source_width=source_width, jpeg_bytes=len(data),
                                       title_box=title_box, popups=project.popups, time_ms=time_ms,
                                       trim=project.trim)
    if progress:
        progress(2, total)
    check(cancel, str(out_path))
    write_atomic(out_path, data)
    if progress:
        progress(total, total)
    height, width = pixels.shape[:2]
    return CoverResult(output=out_path, time_ms=time_ms, aspect=cover.aspect, width=width, height=height,
                       bytes=len(data), quality=quality, source_width=source_width, problems=problems,
                       seconds=time.monotonic() - started)


def cover_pixels(picture: np.ndarray, cover: CoverChoice) -> tuple[np.ndarray, int, cover_rules.Box | None]:
    """The finished cover (RGB uint8 at the output size), the crop's source width, and the title's box.

    The title is painted by the same function the cover panel's preview uses.
    """
    cropped, source_width = crop_to_cover(picture, cover.aspect, cover.crop)
    if not cover.title.strip():
        return cropped, source_width, None
    from studio.render.cover_title import compose_cover_rgb

    pixels, title_box = compose_cover_rgb(cropped, cover.title, cover.title_style)
    return pixels, source_width, title_box

"""`studio render-preview PACKAGE -o preview.mp4`: the package's video with its popups
burned in, for people who do not have the app.

The cards are painted by the one renderer (`studio.render.card.paint_popups`), once per popup, on a
transparent 1080x1920 layer; ffmpeg's `overlay` puts each layer over the video exactly while its popup is
shown. "Shown" follows the time convention (docs/time.md): the frame whose presentation time, rounded up to a whole
millisecond, falls in `[start_ms, end_ms)`, i.e. `(start_ms - 1) / 1000 < t <= (end_ms - 1) / 1000` in
seconds. Painting once and compositing in ffmpeg keeps the job faster than real time; the live overlay and the
reviewer's player use the same painter on the same 1080x1920 frame, so the pictures agree.
The layers are blended in the video's own YUV (`overlay`'s `format=yuv420`): its automatic format went through
RGB and back and moved the luma of the whole picture by about a quarter level, cards or not; the package
video is BT.709 (`core.colour`), which the output says again, so nothing is converted.
The package is opened with the same checks as `studio verify` (core.package.read_package); a hostile
package is refused before anything is decoded.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ffmpeg

from studio.core import paths
from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.package import Package, manifest_popups, read_package
from studio.core.project import Popup
from studio.media.runner import run_ffmpeg
from studio.render.card import REF_H, REF_W, CardContent, PlacedCard, image_from_bytes, popup_layer
from studio.render.gui import ensure_gui_app
from studio.render.phone_frame import chrome_layer

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

CRF = 20
_BAD_OUTPUT = QT_TRANSLATE_NOOP("errors", "the preview must be written to an .mp4 file")


@dataclass(frozen=True)
class PreviewResult:
    output: str
    popups: int
    duration_ms: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {"output": self.output, "popups": self.popups, "duration_ms": self.duration_ms,
                "seconds": round(self.seconds, 3)}


def enable_expression(start_ms: int, end_ms: int) -> str:
    """ffmpeg's `enable` for a popup shown over `[start_ms, end_ms)` of frame times rounded up to whole ms."""
    return f"gt(t,{(start_ms - 1) / 1000:.6f})*lte(t,{(end_ms - 1) / 1000:.6f})"


def card_image(package: Package, popup: Popup) -> QImage | None:
    """The product image the package snapshotted for `popup` (a member), or None."""
    name = popup.snapshot.get("image")
    if not name or name not in package.members:
        return None
    return image_from_bytes(package.read_member(name))


def render_preview(package_path: str | os.PathLike[str], out_path: str | os.PathLike[str], *,
                   phone_frame: bool = False, progress: Progress | None = None, cancel: CancelToken | None = None,
                   preset: str = "veryfast") -> PreviewResult:
    """Burn the package's popups into its video and write `out_path` (MP4, H.264 + the original audio);
    `phone_frame` also draws the feed's controls (status bar, tabs, buttons, caption) as the phone shows them."""
    started = time.monotonic()
    out = Path(out_path).absolute()
    if out.suffix.lower() != ".mp4":
        raise InputError(_BAD_OUTPUT, out, code="usage")
    package = read_package(package_path)
    ensure_gui_app()
    manifest = package.manifest
    video = manifest["video"]
    width, height = int(video.get("width") or REF_W), int(video.get("height") or REF_H)
    popups = sorted(manifest_popups(manifest), key=lambda p: p.start_ms)
    paths.cache_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="preview-", dir=paths.cache_dir()) as tmp:
        folder = Path(tmp)
        source = package.extract_member(video["path"], folder / "video.mp4", cancel=cancel)
        original = ffmpeg.input(str(source))
        picture = original.video
        for index, popup in enumerate(popups, start=1):
            check(cancel, str(package.path))
            layer = folder / f"card{index}.png"
            card = PlacedCard.from_popup(popup, CardContent.from_popup(popup, image=card_image(package, popup)))
            popup_layer(card, width, height).save(str(layer))  # PNG, from the name
            picture = picture.overlay(ffmpeg.input(str(layer)), x=0, y=0, format="yuv420",
                                      enable=enable_expression(popup.start_ms, popup.end_ms))
        if phone_frame:
            chrome = folder / "chrome.png"
            post = manifest.get("post", {})
            chrome_layer(width, height, creator=manifest.get("creator", {}).get("name", ""),
                         title=post.get("title", ""), hashtags=post.get("hashtags", [])).save(str(chrome))
            picture = picture.overlay(ffmpeg.input(str(chrome)), x=0, y=0, format="yuv420")
        if popups or phone_frame:
            picture = picture.filter("format", "yuv420p")
        partial = out.with_name(f".{out.name}.partial.mp4")
        # built with ffmpeg-python, run by our runner (timeout, cancel, progress): docs/decisions/ffmpeg-python.md
        args = ffmpeg.output(picture, original["a?"], str(partial), vcodec="libx264", preset=preset, crf=CRF,
                             pix_fmt="yuv420p", colorspace="bt709", color_primaries="bt709", color_trc="bt709",
                             acodec="copy", map_metadata="-1", movflags="+faststart", f="mp4").compile()[1:]
        duration = int(video.get("duration_ms") or 0)
        run_ffmpeg(args, what=package.path, timeout=max(600.0, duration / 1000 * 20), cancel=cancel,
                   progress=progress, total_ms=duration, outputs=[partial])
        os.replace(partial, out)
    return PreviewResult(str(out), len(popups), duration, time.monotonic() - started)

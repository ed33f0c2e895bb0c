"""`studio --self-test`: prove a build works without a screen.

Makes a tiny clip with the ffmpeg the app found (lavfi: 360x640, 5 s, H.264 + AAC), probes it (in a child
process, as always), trims it frame-accurately, tags a demo product, packs the project and verifies the
package with the verifier `studio verify` uses; the card renderer paints a card with the shipped font too, and
OpenCV decodes that card and looks for faces in it with the shipped cascade, and every PyAV module is loaded
(the Linux build gives PyAV and OpenCV its own FFmpeg libraries and ships one cascade: this is where either
would show).
Everything happens in a temporary folder and a temporary STUDIO_HOME, so a user's profile is never touched.
Returns the lines to print; raises the project's own errors when a step fails (the CLI maps them to exit codes).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from studio.core.errors import QT_TRANSLATE_NOOP, MachineError

_FAILED = QT_TRANSLATE_NOOP("errors", "self-test step failed: {step}: {detail}")


def run_self_test(say: Callable[[str], None] = lambda _line: None) -> list[str]:
    """Run every step; returns one line per step (also passed to `say` as it goes)."""
    lines: list[str] = []

    def step(name: str, started: float, detail: str) -> None:
        line = f"ok  {name:<8} {time.monotonic() - started:6.2f} s  {detail}"
        lines.append(line)
        say(line)

    with tempfile.TemporaryDirectory(prefix="studio-self-test-") as tmp:
        folder = Path(tmp)
        previous_home = os.environ.get("STUDIO_HOME")
        os.environ["STUDIO_HOME"] = str(folder / "home")
        try:
            _steps(folder, step)
        finally:
            if previous_home is None:
                os.environ.pop("STUDIO_HOME", None)
            else:
                os.environ["STUDIO_HOME"] = previous_home
    return lines


def _load_pyav_modules() -> int:
    """Import every module of PyAV: each links FFmpeg's libraries, which the Linux build replaces with its own
    build (installers/bundle.py), so a missing library or symbol shows here (with LD_BIND_NOW=1 set, as
    installers/check-build does, at load rather than at the first call)."""
    import av

    names = sorted({m.name for m in pkgutil.walk_packages(av.__path__, "av.")})
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise MachineError(_FAILED, name, code="self_test", step="pyav", detail=str(exc)) from exc
    return len(names)


def _steps(folder: Path, step: Callable[[str, float, str], None]) -> None:
    from studio.core.catalog import demo_products, load_demo_catalog
    from studio.core.media_ref import make_media_ref
    from studio.core.package import verify_package
    from studio.core.product import snapshot
    from studio.core.project import Popup, PostText, Project, TrimRange
    from studio.core.project_file import save_project
    from studio.jobs.pack import pack_project
    from studio.media.probe import probe
    from studio.media.runner import run_ffmpeg
    from studio.media.tools import find_ffmpeg

    started = time.monotonic()
    clip = folder / "clip.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=360x640:rate=30:duration=5",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=5",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", str(clip)], what=clip, outputs=[clip])
    step("ffmpeg", started, str(find_ffmpeg()))

    started = time.monotonic()
    info = probe(clip, keyframes=True)
    step("probe", started, f"{info.display_width}x{info.display_height}, {info.duration_ms} ms, "
                           f"{len(info.keyframes_ms or ())} keyframes")

    started = time.monotonic()
    from studio.render.card import CardContent, render_popups
    from studio.render.gui import ensure_gui_app

    ensure_gui_app()
    from PySide6.QtGui import QImage

    frame = QImage(360, 640, QImage.Format.Format_RGB32)
    frame.fill(0)
    product = demo_products()[0]
    popup = Popup(sku=product.product_id, start_ms=1_500, end_ms=4_000, snapshot=snapshot(product))
    painted = render_popups(frame, [popup])
    if painted.pixelColor(180, 320).lightness() < 100 and painted.pixelColor(180, 300).lightness() < 100:
        raise MachineError(_FAILED, None, code="self_test", step="render", detail="no card was painted")
    step("render", started, f"card {CardContent.from_popup(popup).title!r}")

    started = time.monotonic()
    from studio.media import faces
    from studio.media.cover_image import load_image

    card = folder / "card.png"
    painted.save(str(card))  # PNG, by its suffix
    picture = load_image(card)
    if picture.shape[:2] != (640, 360) or not faces.available():
        raise MachineError(_FAILED, card, code="self_test", step="opencv",
                           detail=f"decoded {picture.shape}, face cascade loaded: {faces.available()}")
    step("opencv", started, f"decoded the card, {len(faces.face_boxes(picture))} faces found in it")

    started = time.monotonic()
    loaded = _load_pyav_modules()
    bound = "every symbol bound (LD_BIND_NOW)" if os.environ.get("LD_BIND_NOW") else "symbols bound lazily"
    step("pyav", started, f"{loaded} modules loaded, {bound}")

    started = time.monotonic()
    load_demo_catalog()
    project_path = folder / "self-test.gcs"
    project = Project(source=make_media_ref(clip, project_path), trim=TrimRange(500, 4_500), popups=[popup],
                      post=PostText(title="self-test"))
    save_project(project, project_path)
    package = folder / "self-test.gcpkg"
    result = pack_project(project_path, package, mode="accurate", preset="ultrafast")
    step("pack", started, f"{result.bytes} bytes, {len(result.popups)} popup, mode {result.export.mode}")

    started = time.monotonic()
    report = verify_package(package)
    if not report.valid:
        detail = "; ".join(p.message for p in report.problems if p.severity == "error")
        raise MachineError(_FAILED, package, code="self_test", step="verify", detail=detail)
    step("verify", started, f"valid, sha256 {report.sha256[:16]}")

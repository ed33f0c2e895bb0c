"""`studio render-preview`: popups burned in with the one renderer, at their manifest times.

The oracle: the package's own video decoded at a frame time, with `render_popups` painted over it (what the
live overlay and the reviewer's player paint), must match the preview's frame at the same time within
video-compression tolerance; where no popup is shown, the preview is the package's picture. Edges are checked
frame for frame: the last frame before a popup's start has no card, the first frame at or after it has one.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from studio.cli import main
from studio.core.errors import InputError, ValidationError
from studio.core.package import manifest_popups, read_package
from studio.jobs.render_preview import card_image, render_preview
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.render.card import CardContent, PlacedCard, render_popups
from studio.render.gui import ensure_gui_app
from tests.package_fixtures import make_package


@pytest.fixture
def package(tmp_path: Path, clip) -> Path:
    return make_package(tmp_path, clip)


def _qimage_rgb(image) -> np.ndarray:
    from PySide6.QtGui import QImage

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    ptr = rgb.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(rgb.height(), rgb.bytesPerLine())[:, :rgb.width() * 3].reshape(
        rgb.height(), rgb.width(), 3).copy()


def test_preview_matches_the_overlay_frame_for_frame(package: Path, tmp_path: Path) -> None:
    from studio.ui.playback.player import rgb_to_qimage

    ensure_gui_app()
    out = tmp_path / "preview.mp4"
    result = render_preview(package, out, preset="ultrafast")
    assert result.popups == 2 and out.is_file()
    pkg = read_package(package)
    packed = pkg.extract_member(pkg.manifest["video"]["path"], tmp_path / "packed.mp4")
    popups = manifest_popups(pkg.manifest)
    with FrameServer(probe(packed), use_proxy=False) as original, \
            FrameServer(probe(out), use_proxy=False) as preview:
        times = original.frame_times_ms
        assert preview.frame_times_ms == times
        for popup in popups:
            cards = [PlacedCard.from_popup(popup, CardContent.from_popup(popup, image=card_image(pkg, popup)))]
            inside = [t for t in times if popup.start_ms <= t < popup.end_ms]
            before = [t for t in times if t < popup.start_ms][-1]
            for t in (inside[0], inside[len(inside) // 2], inside[-1]):
                frame = original.frame_at(t).image
                expected = _qimage_rgb(render_popups(rgb_to_qimage(frame), cards))
                got = preview.frame_at(t).image.astype(int)
                changed = np.abs(expected.astype(int) - frame.astype(int)).sum(axis=2) > 60
                assert changed.mean() > 0.02, "the card must be visible in the expected picture"
                assert np.abs(got - expected)[changed].mean() < 12, f"card differs at {t} ms"
                assert np.abs(got - frame)[changed].mean() > 40, f"no card burned in at {t} ms"
            plain = original.frame_at(before).image.astype(int)
            assert np.abs(preview.frame_at(before).image.astype(int) - plain).mean() < 6, \
                f"a card shows at {before} ms, before the popup starts at {popup.start_ms} ms"
    assert probe(out).has_audio


def test_cli_render_preview(package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.mp4"
    assert main(["render-preview", str(package), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["output"] == str(out) and data["popups"] == 2
    assert probe(out).duration_ms == pytest.approx(data["duration_ms"], abs=70)


def test_hostile_package_is_refused_and_nothing_is_written(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "evil.gcpkg"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("../../escape.txt", "x")
    out = tmp_path / "never.mp4"
    with pytest.raises((InputError, ValidationError)):
        render_preview(bad, out)
    assert not out.exists()
    assert main(["render-preview", str(bad), "-o", str(out)]) in (1, 2)
    assert "evil.gcpkg" in capsys.readouterr().err
    assert {p.name for p in tmp_path.iterdir()} - {"studio-home"} == {"evil.gcpkg"}


def test_phone_frame_draws_the_feed_controls(package: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.mp4"
    framed = tmp_path / "framed.mp4"
    render_preview(package, plain, preset="ultrafast")
    assert main(["render-preview", str(package), "-o", str(framed), "--phone-frame"]) == 0
    with FrameServer(probe(plain), use_proxy=False) as a, FrameServer(probe(framed), use_proxy=False) as b:
        t = a.frame_times_ms[10]
        top_a, top_b = a.frame_at(t).image.astype(int), b.frame_at(t).image.astype(int)
    h = top_a.shape[0]
    band = slice(0, h * 160 // 1920)  # the status bar and tabs
    assert np.abs(top_a[band] - top_b[band]).mean() > 5
    middle = slice(h * 700 // 1920, h * 900 // 1920)  # the picture between: untouched (no popup at frame 10)
    left = slice(0, top_a.shape[1] * 800 // 1080)
    assert np.abs(top_a[middle, left] - top_b[middle, left]).mean() < 3

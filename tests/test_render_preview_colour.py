"""`render-preview` alters nothing outside a popup's card: the package video's colours pass through untouched.

The package video is tagged BT.709 (every export is, `core.colour`), so the preview's encoder has no colour
conversion to make. Compared on the decoded luma planes, in 16x16 block means (re-encoding moves single
pixels by several levels on the test picture, a colour conversion moves every block by about 3): away from
the cards the mean absolute difference stays under half a level.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from studio.core.package import manifest_popups, read_package
from studio.jobs.render_preview import render_preview
from studio.media.probe import probe
from tests.package_fixtures import make_package


def _luma(path: Path) -> list[tuple[float, np.ndarray]]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [(float(f.time or 0), f.to_ndarray()[:f.height].astype(np.float64)) for f in container.decode(stream)]


def _blocks(y: np.ndarray, n: int = 16) -> np.ndarray:
    h, w = (y.shape[0] // n) * n, (y.shape[1] // n) * n
    return y[:h, :w].reshape(h // n, n, w // n, n).mean(axis=(1, 3))


def test_preview_keeps_the_package_pixels_away_from_the_cards(tmp_path: Path, clip) -> None:
    package = make_package(tmp_path, clip)
    out = tmp_path / "preview.mp4"
    render_preview(package, out, preset="veryfast")
    pkg = read_package(package)
    packed = pkg.extract_member(pkg.manifest["video"]["path"], tmp_path / "packed.mp4")
    info, preview = probe(packed), probe(out)
    assert (info.color_matrix, info.color_primaries, info.color_transfer) == ("bt709",) * 3
    assert (preview.color_matrix, preview.color_primaries, preview.color_transfer) == ("bt709",) * 3
    first_popup_s = min(p.start_ms for p in manifest_popups(pkg.manifest)) / 1000
    source, burned = _luma(packed), _luma(out)
    assert len(source) == len(burned)
    away = [float(np.abs(_blocks(a) - _blocks(b)).mean())
            for (t, a), (_, b) in zip(source, burned, strict=True) if t < first_popup_s]
    assert len(away) > 30
    assert np.mean(away) < 0.5, f"luma moved by {np.mean(away):.2f} levels where no card is shown"
    # inside a popup's time, the blocks the card does not cover are as untouched
    middle = next(i for i, (t, _) in enumerate(source) if first_popup_s + 0.5 < t)
    diff = np.abs(_blocks(source[middle][1]) - _blocks(burned[middle][1]))
    card = diff > 8
    assert card.any(), "the card must be burned in"
    assert float(diff[~card].mean()) < 0.5

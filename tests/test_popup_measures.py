"""Pixels under popup cards for the reviewer's checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.core.project import Popup
from studio.jobs.review import open_for_review
from studio.media.popup_measures import card_contrast, contrast_ratio, relative_luminance, sample_times
from tests.image_fixtures import read_rgb
from tests.package_fixtures import make_package


def test_luminance_and_contrast_follow_wcag() -> None:
    white = np.full((4, 4, 3), 255, np.uint8)
    black = np.zeros((4, 4, 3), np.uint8)
    assert relative_luminance(white) == pytest.approx(1.0)
    assert relative_luminance(black) == pytest.approx(0.0)
    assert contrast_ratio(1.0, 0.0) == pytest.approx(21.0)
    assert contrast_ratio(0.0, 1.0) == pytest.approx(21.0)


def test_card_contrast_looks_only_under_the_card() -> None:
    frame = np.zeros((480, 270, 3), np.uint8)  # black video
    popup = Popup(start_ms=0, end_ms=3000, anchor_x=0.5, anchor_y=0.5)
    assert card_contrast(frame, popup) > 15
    frame[200:280, :] = 250  # a bright band exactly where a centred card sits
    assert card_contrast(frame, popup) < 1.5
    low = Popup(start_ms=0, end_ms=3000, anchor_x=0.5, anchor_y=0.2)
    assert card_contrast(frame, low) > 15  # a card elsewhere is unaffected


def test_samples_lie_inside_the_popup() -> None:
    times = list(range(0, 10_000, 40))
    popup = Popup(start_ms=1_001, end_ms=2_000)
    assert sample_times(popup, times) == [1_040, 1_520, 1_960]
    assert sample_times(Popup(start_ms=20_000, end_ms=21_000), times) == []


def test_opening_a_package_measures_every_popup(tmp_path: Path, clip) -> None:
    opened = open_for_review(make_package(tmp_path, clip))
    assert set(opened.measures) == {p.id for p in opened.popups}
    for measure in opened.measures.values():
        assert measure.contrast is not None and 1.0 <= measure.contrast <= 21.0


def test_faces_under_a_card_are_found(real_media: Path) -> None:
    """The one face detector finds Chaplin's face in a real frame and none in a still life; a face where the
    card sits is reported by the reviewer's checks."""
    from datetime import UTC, datetime

    import av

    from studio.core.review import PopupMeasure, review_checks
    from studio.media.faces import face_boxes

    with av.open(str(real_media / "moviepy__chaplin.mp4")) as container:
        frame = next(f for i, f in enumerate(container.decode(video=0)) if i == 165).to_ndarray(format="rgb24")
    found = face_boxes(frame)
    assert len(found) == 1
    x0, y0, x1, y1 = found[0]
    assert 0.5 < x0 < x1 < 0.75 and 0.05 < y0 < y1 < 0.3
    still = read_rgb(real_media / "immich__book-beside-flowers.jpg")
    assert face_boxes(still) == []
    manifest = {"popups": [{"id": "p", "sku": "s", "start_ms": 0, "end_ms": 3000, "anchor": {"x": 0.5, "y": 0.5},
                            "style": "card", "snapshot": {"price_cents": 100, "currency": "CNY", "image": "i.jpg"},
                            "applet": {"app_id": "wx0123456789abcdef", "path": "pages/a"}}]}
    problems = review_checks(manifest, now=datetime.now(UTC),
                             measures={"p": PopupMeasure(faces=[(1000, (0.45, 0.45, 0.55, 0.55))])})
    assert [p.code for p in problems] == ["review_covers_face"]


@pytest.mark.parametrize(("title_y", "covered"), [(0.6, True), (0.2, False)])
def test_a_card_over_the_cover_title_is_reported(tmp_path: Path, clip, title_y: float, covered: bool) -> None:
    """Pack writes where a 9:16 cover's title lies; review mode reports a card over it (the card sits at 0.6)."""
    from studio.core.project import CoverChoice
    from studio.core.project_file import load_project, save_project
    from studio.jobs.pack import pack_project
    from tests.package_fixtures import NOW, SKUS
    from tests.test_pack import CLIP, make_project

    project_path = make_project(tmp_path, clip(**CLIP), popups={"before": (4_000, 6_500)},
                                skus={"before": SKUS["before"]}, trim=None)
    project = load_project(project_path)
    project.cover = CoverChoice(time_ms=2_000, aspect="9:16", title="夏日好物 上新", title_style={"y": title_y})
    save_project(project, project_path)
    out = tmp_path / "t.gcpkg"
    pack_project(project_path, out, mode="copy", now=NOW)
    opened = open_for_review(out)
    box = opened.manifest["cover"]["title_box"]
    assert opened.manifest["cover"]["aspect"] == "9:16" and box[1] < title_y < box[3]
    assert ("review_covers_title" in [p.code for p in opened.checks]) is covered

"""The live popup overlay on the player: a real Player on a generated clip, the one card renderer, the cards
of exactly the frame on screen (seeking, stepping, playing), clicks on cards and the selection outline."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from studio.core.popup_rules import visible_popups
from studio.core.project import Popup
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.render import card
from studio.ui.playback.player import Player
from studio.ui.playback.video_view import VideoView
from studio.ui.workers import running_tasks, wait_for_done

pytestmark = pytest.mark.gui

W, H = 270, 480


def rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    array = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return array.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3).astype(int)


def popup(start: int, end: int, **kw) -> Popup:
    snapshot = {"title": "玻璃水瓶 Glass Bottle", "price_cents": 5900, "promo_price_cents": 4900, "currency": "CNY",
                "image": "demo:bottle"}
    return Popup(sku="GC-1", start_ms=start, end_ms=end, label="限时折扣", snapshot=snapshot, **kw)


@pytest.fixture
def player(qtbot, clip):
    """A Player and its view, the view exactly the clip's size so the picture is drawn 1:1."""
    made: list[Player] = []

    def make(path=None) -> Player:
        path = path or clip(seconds=4, fps=30, width=W, height=H, audio=False)
        view = VideoView()  # not qtbot.addWidget: the view must outlive the player's last frame
        view.resize(W, H)
        view.show()
        p = Player(view)
        made.append(p)
        info = probe(path)
        with qtbot.waitSignal(p.frameShown, timeout=20_000):
            p.set_media(info, FrameServer(info, use_proxy=False))
        return p

    yield make
    for p in made:
        p.shutdown()
    wait_for_done(10_000)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=10_000)
    for p in made:
        p.view.close()
        p.view.deleteLater()
        p.deleteLater()


def seek(qtbot, p: Player, ms: int) -> int:
    with qtbot.waitSignal(p.frameShown, timeout=10_000) as shown:
        p.seek(ms)
    return shown.args[0]


def shown(view: VideoView) -> QImage:
    return view.grab().toImage()


def assert_same_picture(a: QImage, b: QImage, *, mean: float = 0.5, peak: int = 48) -> None:
    diff = np.abs(rgb(a) - rgb(b))
    assert a.size() == b.size()
    assert diff.mean() <= mean and diff.max() <= peak, (diff.mean(), diff.max())


def test_cards_show_only_inside_start_end_while_seeking(qtbot, player) -> None:
    p = player()
    view = p.view
    item = popup(1000, 3000)
    view.set_popups([item])
    times = p.frame_times
    expectations = [(500, False), (999, False), (1000, True), (2000, True), (2999, True), (3000, False),
                    (3900, False), (1500, True), (0, False)]
    for ms, visible in expectations:
        frame_time = seek(qtbot, p, ms)
        assert frame_time == times[max(i for i, t in enumerate(times) if t <= ms)]
        assert view.frame_time == frame_time
        assert [x.id for x in view.shown_popups()] == ([item.id] if visible else []), ms
        picture = shown(view)
        plain = view.image
        if visible:
            rect = view.popup_rect(item.id)
            assert rect is not None
            expected = card.render_popups(plain, [item])
            assert_same_picture(picture, expected)
            inside = rgb(picture.copy(rect.toRect())) - rgb(plain.copy(rect.toRect()))
            assert np.abs(inside).mean() > 30  # a card really covers the frame there
        else:
            assert view.popup_rect(item.id) is None
            assert_same_picture(picture, plain, mean=0, peak=0)


def test_stepping_across_the_edges(qtbot, player) -> None:
    p = player()
    view = p.view
    times = p.frame_times
    start_index = 30  # 1000 ms at 30 fps
    item = popup(times[start_index], times[start_index + 60])
    view.set_popups([item])
    seek(qtbot, p, times[start_index - 1])
    assert view.shown_popups() == []
    with qtbot.waitSignal(p.frameShown, timeout=10_000):
        p.step(1)
    assert view.frame_time == times[start_index] and view.shown_popups() == [item]
    seek(qtbot, p, times[start_index + 59])
    assert view.shown_popups() == [item]
    with qtbot.waitSignal(p.frameShown, timeout=10_000):
        p.step(1)
    assert view.shown_popups() == []


def test_overlay_equals_render_popups_on_the_same_frame(qtbot, player) -> None:
    p = player()
    view = p.view
    first, second = popup(1000, 3000, anchor_x=0.5, anchor_y=0.3), popup(1500, 2500, style="compact",
                                                                          anchor_x=0.4, anchor_y=0.75)
    view.set_popups([first, second])
    seek(qtbot, p, 2000)
    expected = card.render_popups(view.image, [first, second])
    assert_same_picture(shown(view), expected)
    assert_same_picture(view.composited_image(), expected, mean=0, peak=0)
    # the overlay at another size is the same picture scaled (cards are laid out on the reference frame)
    view.resize(W * 2, H * 2)
    big = shown(view).scaled(W, H, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    assert_same_picture(big, expected, mean=3, peak=255)


def test_editing_popups_redraws_the_card(qtbot, player) -> None:
    p = player()
    view = p.view
    item = popup(1000, 3000)
    view.set_popups([item])
    seek(qtbot, p, 1500)
    shown(view)
    big = view.popup_rect(item.id)
    item.style = "compact"
    view.set_popups([item])
    shown(view)
    small = view.popup_rect(item.id)
    assert small.width() * small.height() < big.width() * big.height() * 0.6
    view.set_popups([])
    assert_same_picture(shown(view), view.image, mean=0, peak=0)


def test_click_on_a_card_and_selection_outline(qtbot, player) -> None:
    p = player()
    view = p.view
    item = popup(1000, 3000, anchor_x=0.5, anchor_y=0.5)
    view.set_popups([item])
    seek(qtbot, p, 1500)
    unselected = shown(view)
    rect = view.popup_rect(item.id)
    with qtbot.waitSignal(view.popupClicked, timeout=1000) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert clicked.args == [item.id]
    with qtbot.assertNotEmitted(view.popupClicked):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    view.set_selected_popup(item.id)
    selected = shown(view)
    outline = rect.adjusted(-4, -4, 4, 4).toRect()
    ring = np.abs(rgb(selected.copy(outline)) - rgb(unselected.copy(outline)))
    assert ring.sum() > 0
    view.set_selected_popup(None)
    assert_same_picture(shown(view), unselected, mean=0, peak=0)


def test_landscape_source_places_cards_on_the_padded_frame(qtbot, player, clip) -> None:
    p = player(clip(seconds=3, fps=30, width=320, height=180, audio=False))
    view = p.view
    view.resize(W, H)
    item = popup(1000, 3000, anchor_x=0.5, anchor_y=0.5)
    view.set_popups([item])
    seek(qtbot, p, 1500)
    shown(view)
    rect = view.popup_rect(item.id)
    picture = view.image_rect()
    assert rect is not None and picture.height() < rect.height() * 4
    # a centred card on the 9:16 frame around a centred picture is centred in the view
    assert rect.center().x() == pytest.approx(W / 2, abs=1) and rect.center().y() == pytest.approx(H / 2, abs=1)
    expected = card.frame_rect_on_picture(view.image.width(), view.image.height())
    assert expected.height() > view.image.height()


# QVideoFrame.toImage() on a machine without a GPU says so once, then converts on the CPU
@pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")
def test_playing_draws_the_cards_of_each_frame_shown(qtbot, player) -> None:
    p = player()
    view = p.view
    item = popup(1000, 3000)
    view.set_popups([item])
    seen: list[tuple[int | None, list[str]]] = []
    original = view.set_image

    def record(image, time_ms=None) -> None:
        original(image, time_ms)
        if p.playing:
            seen.append((time_ms, [x.id for x in view.shown_popups()]))

    view.set_image = record
    p.play()
    qtbot.waitUntil(lambda: len(seen) > 0 and (seen[-1][0] or 0) >= 1300, timeout=20_000)
    p.pause()
    times = set(p.frame_times)
    assert all(t in times for t, _ in seen), [t for t, _ in seen if t not in times][:5]
    assert all(t is not None and ids == [x.id for x in visible_popups([item], t)] for t, ids in seen)
    assert any(ids for _, ids in seen) and any(not ids for _, ids in seen)

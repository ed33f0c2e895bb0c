"""TimelineWidget: seeking, zooming, trim handles, auto-scroll and what it paints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.core.timeline import format_ms
from studio.ui.editor.timeline import TimelineWidget

pytestmark = pytest.mark.gui

DURATION = 60_000
KEYFRAMES = list(range(0, DURATION, 2_000))


@pytest.fixture
def timeline(qtbot: QtBot) -> TimelineWidget:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 120)
    widget.set_media(DURATION, KEYFRAMES)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _thumbs() -> list[tuple[int, QImage]]:
    thumbs = []
    for i, t in enumerate(KEYFRAMES):
        image = QImage(64, 100, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv(i * 23 % 360, 160, 210))
        thumbs.append((t, image))
    return thumbs


def _strip_y(widget: TimelineWidget) -> int:
    return widget.height() // 2


def _wheel(widget: TimelineWidget, x: float, delta: int, modifiers: Qt.KeyboardModifier) -> None:
    pos = QPointF(x, _strip_y(widget))
    event = QWheelEvent(
        pos,
        widget.mapToGlobal(pos),
        QPoint(),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_click_seeks_to_the_time_under_the_mouse(qtbot: QtBot, timeline: TimelineWidget) -> None:
    x = 300
    expected = round((x - timeline.x_for_ms(0)) / (timeline.x_for_ms(DURATION) - timeline.x_for_ms(0)) * DURATION)
    with qtbot.waitSignal(timeline.seekRequested, timeout=1000) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, _strip_y(timeline)))
    assert abs(blocker.args[0] - expected) <= DURATION / 800  # within about a pixel
    assert blocker.args[0] == timeline.ms_at(x)


def test_click_on_ruler_and_past_the_end_is_clamped(qtbot: QtBot, timeline: TimelineWidget) -> None:
    with qtbot.waitSignal(timeline.seekRequested, timeout=1000) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(timeline.width() - 2, 10))
    assert blocker.args == [DURATION - 1]
    with qtbot.waitSignal(timeline.seekRequested, timeout=1000) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(40, 5))
    assert blocker.args[0] == timeline.ms_at(40)


def test_ctrl_wheel_zooms_around_the_mouse(timeline: TimelineWidget) -> None:
    x = 333.0
    t = (x - timeline.x_for_ms(0)) / (timeline.x_for_ms(1) - timeline.x_for_ms(0))
    _wheel(timeline, x, 240, Qt.KeyboardModifier.ControlModifier)
    assert timeline.zoom > 1.0
    assert abs(timeline.x_for_ms(t) - x) < 1.0
    zoom = timeline.zoom
    _wheel(timeline, x, 120, Qt.KeyboardModifier.ControlModifier)
    assert timeline.zoom > zoom
    assert abs(timeline.x_for_ms(t) - x) < 1.0


def test_zoom_limits_and_wheel_scroll(timeline: TimelineWidget) -> None:
    _wheel(timeline, 400, -240, Qt.KeyboardModifier.ControlModifier)
    assert timeline.zoom == 1.0
    timeline.zoom = 1e6
    assert timeline.x_for_ms(1) - timeline.x_for_ms(0) == pytest.approx(1.0)  # 1 px ~ 1 ms at most
    timeline.zoom = 4.0
    start, _ = timeline.visible_range()
    _wheel(timeline, 400, -120, Qt.KeyboardModifier.NoModifier)
    after_plain, _ = timeline.visible_range()
    assert after_plain > start
    _wheel(timeline, 400, -120, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.visible_range()[0] > after_plain


def test_dragging_the_in_handle_reports_moves_then_one_release(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.set_trim(5_000, 50_000)
    x = round(timeline.x_for_ms(5_000))
    y = _strip_y(timeline)
    moved: list[tuple[str, int]] = []
    released: list[tuple[str, int]] = []
    seeks: list[int] = []
    timeline.trimHandleMoved.connect(lambda name, ms: moved.append((name, ms)))
    timeline.trimHandleReleased.connect(lambda name, ms: released.append((name, ms)))
    timeline.seekRequested.connect(seeks.append)

    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x + 3, y))  # within the grab distance
    for dx in (20, 60, 120):
        qtbot.mouseMove(timeline, QPoint(x + 3 + dx, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x + 123, y))

    assert [name for name, _ in moved] == ["in"] * 3
    values = [ms for _, ms in moved]
    assert values == sorted(values) and values[0] > 5_000
    px_per_ms = timeline.x_for_ms(1) - timeline.x_for_ms(0)
    assert abs(values[-1] - (5_000 + 120 / px_per_ms)) <= 1  # the handle follows the mouse, grab offset kept
    assert released == [("in", values[-1])]
    assert seeks == []


def test_in_handle_stops_before_the_out_handle(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.set_trim(5_000, 10_000)
    x = round(timeline.x_for_ms(5_000))
    y = _strip_y(timeline)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(timeline, QPoint(x + 400, y))
    with qtbot.waitSignal(timeline.trimHandleReleased, timeout=1000) as blocker:
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x + 400, y))
    assert blocker.args == ["in", 9_999]


def test_set_position_when_zoomed_scrolls_the_playhead_into_view(timeline: TimelineWidget) -> None:
    timeline.zoom = 10.0
    assert timeline.visible_range()[1] < 45_000
    timeline.set_position(45_000)
    assert timeline.position_ms == 45_000
    start, end = timeline.visible_range()
    assert start <= 45_000 < end
    assert 0 <= timeline.x_for_ms(45_000) <= timeline.width()
    timeline.set_position(1_000)
    start, end = timeline.visible_range()
    assert start <= 1_000 < end


def _lightness(widget: TimelineWidget, x: int, y: int) -> int:
    return widget.grab().toImage().pixelColor(x, y).lightness()


def test_paints_thumbs_trim_and_playhead(timeline: TimelineWidget) -> None:
    timeline.set_thumbs(_thumbs())
    timeline.set_trim(10_000, 50_000)
    timeline.set_position(20_000)
    x, y = round(timeline.x_for_ms(20_000)), _strip_y(timeline)
    with_playhead = timeline.grab().toImage().pixelColor(x, y)
    timeline.set_position(40_000)
    without_playhead = timeline.grab().toImage().pixelColor(x, y)
    assert with_playhead != without_playhead
    assert with_playhead.red() > 200 and with_playhead.green() < 120  # the bright playhead


def test_outside_the_trim_is_shaded_darker(timeline: TimelineWidget) -> None:
    timeline.set_thumbs(_thumbs())
    x, y = round(timeline.x_for_ms(3_000)), _strip_y(timeline)
    plain = _lightness(timeline, x, y)
    timeline.set_trim(10_000, None)
    assert _lightness(timeline, x, y) < plain
    inside = round(timeline.x_for_ms(30_000))
    timeline.set_trim(None, None)
    untrimmed_inside = _lightness(timeline, inside, y)
    timeline.set_trim(10_000, 50_000)
    assert _lightness(timeline, inside, y) == untrimmed_inside


def test_clear_and_zoomed_out_thumbs_paint(timeline: TimelineWidget) -> None:
    many = [(t, image) for t in range(0, DURATION, 40) for image in [QImage(32, 48, QImage.Format.Format_RGB32)]]
    for _, image in many:
        image.fill(QColor("teal"))
    timeline.set_thumbs(many)
    assert not timeline.grab().isNull()
    timeline.clear()
    assert timeline.position_ms == 0 and timeline.zoom == 1.0
    assert not timeline.grab().isNull()


def test_tooltips_name_the_handle_or_the_time(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.set_trim(5_000, None)
    y = _strip_y(timeline)
    for x, expected in ((timeline.x_for_ms(5_000), "In point 0:05.000"), (timeline.x_for_ms(DURATION), "Out point")):
        qtbot.mouseMove(timeline, QPoint(round(x), y))
        assert timeline.toolTip().startswith(expected)
    x = round(timeline.x_for_ms(30_000))
    qtbot.mouseMove(timeline, QPoint(x, y))
    assert timeline.toolTip().startswith(format_ms(timeline.ms_at(x)))


def test_the_ruler_seeks_even_over_a_handle(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.set_trim(5_000, None)
    x = round(timeline.x_for_ms(5_000))
    with qtbot.assertNotEmitted(timeline.trimHandleMoved), qtbot.waitSignal(timeline.seekRequested) as blocker:
        qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 10))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 10))
    assert blocker.args == [timeline.ms_at(x)]


def test_waveform_is_drawn_where_the_sound_is(qtbot: QtBot) -> None:
    """The timeline paints the sound's peaks over the lower part of the strip."""
    from PySide6.QtGui import QColor

    from studio.ui.editor.timeline import TimelineWidget

    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 120)
    widget.set_media(10_000, [0])
    peaks = [0.0] * 250 + [1.0] * 250  # silent first 5 s, loud last 5 s (20 ms buckets)
    widget.set_waveform(peaks, 20)
    image = widget.grab().toImage()
    top, bottom, _ = widget._rows()
    centre = round(bottom - (bottom - top) * 0.22 - 2)

    def blue(x: float) -> bool:
        colour = QColor(image.pixel(round(x), centre - 4))
        return colour.blue() > 180 and colour.red() < 180

    assert blue(widget.x_for_ms(7_500))
    assert not blue(widget.x_for_ms(2_500))

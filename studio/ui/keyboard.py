"""Keyboard navigation shared by the windows: which keys a focused panel keeps, and where focus lands in a panel.

The main window's playback and trim shortcuts are bare keys (Space, arrows, Home/End, I/O, J/K/L, Delete). In a
panel those keys belong to the focused widget: Space presses a button or ticks a box, arrows move in a list or a
slider, letters search a list. `PanelKeys` is an event filter for a window: a bare key pressed while the focus is
outside the window's `centre` (the player and timeline, where the shortcuts live) goes to the widget, not to a
shortcut. Esc, function keys and keys with Ctrl, Alt or Meta stay shortcuts everywhere.

`tab_stops(panel)` lists the widgets Tab reaches inside a panel, in focus-chain order; `focus_first(panel)` puts
the focus on the first of them. Qt counts a dock tabbed behind another as shown, so Tab would land in a panel
nobody sees: `focus_next_shown` (a window's `focusNextPrevChild`) steps past those. `paint_focus_frame` shows the
focus on a widget that paints itself (the timeline, the lanes, the cover's crop).
Must not hold: the shortcuts themselves (the windows make their actions).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

_KEPT_ANYWHERE = {Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab}
_COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)


def is_bare_key(event: QKeyEvent) -> bool:
    """A key a focused widget may want for itself: no Ctrl/Alt/Meta, not Esc, Tab or a function key."""
    key = Qt.Key(event.key())
    if event.modifiers() & _COMMAND_MODIFIERS or key in _KEPT_ANYWHERE:
        return False
    return not Qt.Key.Key_F1.value <= key.value <= Qt.Key.Key_F35.value


class PanelKeys(QObject):
    """Filter for a window: bare keys in its panels go to the focused widget instead of the window's shortcuts.

    It watches the window and its docks (a floating dock is a window of its own, whose key events stop there;
    Qt still gives it the main window's shortcuts): make it after the docks."""

    def __init__(self, window: QWidget, centre: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.centre = centre
        self.watched = [window, *window.findChildren(QDockWidget)]
        for widget in self.watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and watched in self.watched:
            assert isinstance(event, QKeyEvent)
            focus = QApplication.focusWidget()
            if (focus is not None and focus is not self.window and within(self.window, focus)
                    and not within(self.centre, focus) and is_bare_key(event)):
                event.accept()  # the focused widget gets the key press; no shortcut fires
                return True
        return False


def within(parent: QWidget, widget: QWidget) -> bool:
    """`widget` is `parent` or inside it, across window boundaries (a floating dock is still the window's)."""
    step: QWidget | None = widget
    while step is not None:
        if step is parent:
            return True
        step = step.parentWidget()
    return False


def is_tab_stop(widget: QWidget) -> bool:
    """Tab can land on `widget`: it takes Tab focus, is shown and enabled, and is no other widget's proxy
    (a spin box's line edit)."""
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isVisible() and widget.isEnabled()
            and widget.focusProxy() is None and not _is_proxy_of_parent(widget) and not behind_a_tab(widget))


def behind_a_tab(widget: QWidget) -> bool:
    """`widget` is in a docked panel tabbed behind another one: Qt calls it visible, but none of it shows."""
    parent: QWidget | None = widget
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent is not None and not parent.isFloating() and parent.visibleRegion().isEmpty()


def focus_next_shown(step: Callable[[bool], bool], forward: bool) -> bool:
    """Move the focus with `step` (a window's own `focusNextPrevChild`) until it lands on a widget that shows."""
    start = QApplication.focusWidget()
    for _ in range(1000):  # the window's whole focus chain, at most
        if not step(forward):
            return False
        focus = QApplication.focusWidget()
        if focus is None or focus is start or not behind_a_tab(focus):
            return True
    return True


def _is_proxy_of_parent(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return parent is not None and parent.focusProxy() is widget


def tab_stops(panel: QWidget) -> list[QWidget]:
    """The widgets Tab reaches in `panel` (itself, then the ones inside it), in the window's focus-chain order."""
    stops: list[QWidget] = [panel] if is_tab_stop(panel) else []
    seen: set[int] = set()
    widget = panel.nextInFocusChain()
    while widget is not None and widget is not panel and id(widget) not in seen:
        seen.add(id(widget))
        if panel.isAncestorOf(widget) and is_tab_stop(widget):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def focus_first(panel: QWidget) -> bool:
    """Focus the first tab stop inside `panel`; False when it has none."""
    stops = tab_stops(panel)
    if not stops:
        return False
    stops[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
    return True


def step_in_order(ids: Sequence[str], current: str | None, step: int) -> str:
    """The id `step` places after `current` in `ids`, kept at the ends (the first or last when `current` is not
    there): Up and Down through the blocks of a lane."""
    if current in ids:
        return ids[min(max(ids.index(current) + step, 0), len(ids) - 1)]
    return ids[0] if step > 0 else ids[-1]


def paint_focus_frame(p: QPainter, widget: QWidget) -> None:
    """The keyboard focus shown on a painted widget: a frame in the palette's highlight colour."""
    p.save()
    p.setClipping(False)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setPen(QPen(widget.palette().color(QPalette.ColorRole.Highlight), 2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(widget.rect()).adjusted(1, 1, -1, -1))
    p.restore()

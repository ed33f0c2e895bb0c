"""The application object: it owns every top-level window (creator, merchant, review), so File > Quit closes
them all and ends the process, after asking about unsaved work and running tasks once.

A window that may hold unsaved work or running tasks has `settle(then)`: it asks what it must and calls `then`
when it may close (never, when the person cancels). Must not hold: what the windows contain.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget


@runtime_checkable
class Settles(Protocol):
    def settle(self, then: Callable[[], object]) -> None: ...


class AppWindows(QObject):
    """Every top-level window the app opened, and Quit."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.windows: list[QWidget] = []

    def adopt(self, window: QWidget) -> None:
        """Own `window` from now on (forgotten when Qt destroys it)."""
        if window not in self.windows:
            self.windows.append(window)
            window.destroyed.connect(self._forget)

    def _forget(self) -> None:
        self.windows = [w for w in self.windows if shiboken6.isValid(w)]

    def open_windows(self) -> list[QWidget]:
        return [w for w in self.windows if shiboken6.isValid(w) and w.isVisible()]

    def last_of_its_kind(self, window: QWidget) -> bool:
        """No other window of `window`'s kind is open: closing it (the last creator's window) is quitting."""
        return not any(type(w) is type(window) for w in self.open_windows() if w is not window)

    def quit(self, asking: QWidget | None = None) -> None:
        """Ask each window that holds work (once), then close every window and end the event loop. `asking` is
        the window whose close button quits: it settles too, even when it was never shown."""
        windows = self.open_windows()
        if asking is not None and asking not in windows:
            windows.append(asking)
        self._settle_next(windows)

    def _settle_next(self, left: list[QWidget]) -> None:
        while left:
            window, left = left[0], left[1:]
            if isinstance(window, Settles):
                window.settle(functools.partial(self._settle_next, left))
                return
        self._close_all()

    def _close_all(self) -> None:
        for window in reversed(self.open_windows()):  # the secondary windows first, the creator's last
            window.close()
        QCoreApplication.quit()


@functools.cache
def _owner() -> AppWindows:
    app = QCoreApplication.instance()
    assert app is not None, "make the QApplication first"
    return AppWindows(app)


def app_windows() -> AppWindows:
    """The process's application object (made with the QApplication's first window)."""
    owner = _owner()
    if not shiboken6.isValid(owner):  # a new QApplication (tests): a new owner
        _owner.cache_clear()
        owner = _owner()
    return owner

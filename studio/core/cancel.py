"""Cancel tokens and progress callbacks: how long work is told to stop and reports how far it got.

Long functions in `media`, `platform` and `jobs` take `progress: Progress | None` and
`cancel: CancelToken | None`. They know nothing of threads: the UI's worker helper or the CLI owns them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from studio.core.errors import Cancelled

Progress = Callable[[int, int], None]
"""`progress(done, total)`; total may be 0 when unknown."""


class CancelToken:
    """A thread-safe flag that the person's Cancel sets and the work checks between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self, path: str | None = None) -> None:
        if self._event.is_set():
            raise Cancelled(path)


def check(cancel: CancelToken | None, path: str | None = None) -> None:
    """Raise `Cancelled` if `cancel` is set; a no-op for `None`."""
    if cancel is not None:
        cancel.raise_if_cancelled(path)

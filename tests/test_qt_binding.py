"""Guards the Qt binding pin: PySide6 6.12.0 on Python 3.11 drops a reference to None on each void call."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_calls_keep_none_alive() -> None:
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        obj.setObjectName("x")
    assert before - sys.getrefcount(None) < 10

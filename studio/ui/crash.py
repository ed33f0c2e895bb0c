"""When the app fails anyway: keep the work, write a log, say where it is.

`install(window)` sets `sys.excepthook` (and the thread hook) so an unexpected exception on the GUI thread
saves a recovery file of the open project (the autosave, in the recovery folder the next start offers),
writes `crash-<time>.log` to the logs folder with the traceback and the versions, and shows a message with a
button that opens the folder. Hard crashes (a decoder's segfault) leave a trace through `faulthandler` in
`faults.log`. What is written: tracebacks and versions only; the app never holds a token in an exception
or a log line (studio.platform.credentials), so none can end up here.
"""

from __future__ import annotations

import contextlib
import faulthandler
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from studio import __version__
from studio.core import paths

_fault_file: Any = None
_shown: list[QMessageBox] = []


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path:
    """The traceback and the versions in a new file in the logs folder; returns its path."""
    folder = paths.logs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.log"
    from PySide6 import __version__ as pyside_version

    lines = [f"Good Circle Studio {__version__}", f"Python {sys.version.split()[0]} on {platform.platform()}",
             f"PySide6 {pyside_version}", f"time {datetime.now(UTC).isoformat()}", "",
             *traceback.format_exception(exc_type, exc, tb)]
    path.write_text("\n".join(line.rstrip("\n") for line in lines) + "\n", encoding="utf-8")
    return path


def handle(window: QWidget | None, save_work: Callable[[], Path | None], exc_type: type[BaseException],
           exc: BaseException, tb: TracebackType | None) -> tuple[Path, Path | None]:
    """Save the work, write the log, tell the person (without blocking); returns (log, recovery file)."""
    recovery = None
    with contextlib.suppress(Exception):  # the log still gets written
        recovery = save_work()
    log = write_crash_log(exc_type, exc, tb)
    if recovery:
        text = QCoreApplication.translate("crash", "Something went wrong inside Good Circle Studio. Your work was "
                                                   "saved and will be offered the next time the app starts.")
    else:
        text = QCoreApplication.translate("crash", "Something went wrong inside Good Circle Studio.")
    report = QCoreApplication.translate("crash", "A report was written to {path}.").format(path=log)
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("crash", "Unexpected error"),
                      text + "\n\n" + report, parent=window)
    box.setObjectName("crashBox")
    open_folder = box.addButton(QCoreApplication.translate("crash", "Open Folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log.parent))))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _shown.append(box)  # without a parent window nothing else keeps it alive
    box.finished.connect(lambda _result: _shown.remove(box))
    box.open()
    return log, recovery


def install(window: QWidget, save_work: Callable[[], Path | None]) -> None:
    """Route unexpected exceptions to `handle` and hard crashes to faults.log."""
    global _fault_file
    folder = paths.logs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if _fault_file is None:
        _fault_file = (folder / "faults.log").open("a", encoding="utf-8")
        faulthandler.enable(_fault_file)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        handle(window, save_work, exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            write_crash_log(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook

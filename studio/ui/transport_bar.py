"""The row under the picture: play/pause, frame steps, the exact-time field and the clip's duration."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from studio.core.timeline import format_ms, parse_time


class TimeField(QLineEdit):
    """Shows the current time; typing a time (1:02.500, 62.5, 62500ms) and Enter asks to go there."""

    timeEntered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeField")
        self.setFixedWidth(110)
        self.setToolTip(self.tr("Type a time such as 1:02.500, 62.5 or 62500ms and press Enter"))
        self.returnPressed.connect(self._entered)
        self.set_time(0)

    def set_time(self, ms: int) -> None:
        if not self.hasFocus() or not self.isModified():
            self.setText(format_ms(ms))
            self.setModified(False)

    def _entered(self) -> None:
        try:
            ms = parse_time(self.text())
        except ValueError:
            self.setStyleSheet("color: #ff6b6b;")
            self.setToolTip(self.tr("Not a time: {text}").format(text=self.text()))
            return
        self.setStyleSheet("")
        self.setModified(False)
        self.timeEntered.emit(ms)
        self.clearFocus()


class TransportBar(QWidget):
    """Buttons bound to the window's actions, the time field and the duration label."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for action in actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setIconSize(QSize(22, 22))
            layout.addWidget(button)
        layout.addStretch(1)
        self.time_field = TimeField(self)
        self.duration_label = QLabel(self)
        self.duration_label.setObjectName("durationLabel")
        self.trim_label = QLabel(self)
        self.trim_label.setObjectName("trimLabel")
        layout.addWidget(self.trim_label)
        layout.addSpacing(12)
        layout.addWidget(self.time_field)
        layout.addWidget(self.duration_label)

    def set_duration(self, ms: int) -> None:
        self.duration_label.setText("/ " + format_ms(ms))

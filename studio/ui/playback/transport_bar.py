"""The row under the picture: play/pause, frame steps, the exact-time field and the clip's duration."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
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
        self.timeEntered.emit(ms)  # the focus stays (the main window hands it back to the timeline)


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
            # no Tab stop: each has its key (named in its tooltip), and Space on a focused one would play instead
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setIconSize(QSize(22, 22))
            layout.addWidget(button)
        layout.addStretch(1)
        self.in_field = TimeField(self)
        self.in_field.setObjectName("inField")
        self.in_field.setToolTip(self.tr("In point: type a time and press Enter"))
        self.out_field = TimeField(self)
        self.out_field.setObjectName("outField")
        self.out_field.setToolTip(self.tr("Out point (the first time no longer kept): type a time and press Enter"))
        self.length_label = QLabel(self)
        self.length_label.setObjectName("lengthLabel")
        self.time_field = TimeField(self)
        self.duration_label = QLabel(self)
        self.duration_label.setObjectName("durationLabel")
        layout.addWidget(QLabel(self.tr("In"), self))
        layout.addWidget(self.in_field)
        layout.addWidget(QLabel(self.tr("Out"), self))
        layout.addWidget(self.out_field)
        layout.addWidget(self.length_label)
        layout.addSpacing(18)
        layout.addWidget(self.time_field)
        layout.addWidget(self.duration_label)

    def set_duration(self, ms: int) -> None:
        self.duration_label.setText("/ " + format_ms(ms))

    def set_trim(self, start_ms: int, end_ms: int) -> None:
        """Show the kept range and its length (live while a handle is dragged or a point is set)."""
        self.in_field.set_time(start_ms)
        self.out_field.set_time(end_ms)
        self.length_label.setText(self.tr("Length {length}").format(length=format_ms(end_ms - start_ms)))

    def clear_trim(self) -> None:
        for widget in (self.in_field, self.out_field):
            widget.clear()
        self.length_label.clear()
        self.duration_label.clear()

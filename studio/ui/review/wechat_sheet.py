"""The WeChat confirmation a viewer sees on tapping a popup card, drawn inside the review window's phone.

It is the phone's own sheet, not a window of the app: the screen dims and a white sheet rises from the bottom of
the phone's screen with WeChat's words (Chinese, as WeChat shows them to these viewers, whatever the app's
language), the product and the applet, and the two buttons 允许 and 取消. Nothing is opened: either button, a tap
beside the sheet or Esc closes it. What the reviewer needs in their own language (which applet page 允许 would
open) is said under the phone by the review window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

DIM = QColor(0, 0, 0, 110)
SHEET = QColor("#ffffff")
TEXT = QColor("#191919")
GREY = QColor("#888888")
ALLOW = QColor("#07c160")
LINE = QColor("#e5e5e5")


class WeChatSheet(QWidget):
    """Covers the phone view; paints the dimmed screen and the sheet within `screen()` (the phone's 9:16 screen)."""

    closed = Signal(bool)
    """The sheet closed: True when 允许 was tapped (nothing opens either way)."""

    def __init__(self, phone: QWidget, screen: Callable[[], QRectF], applet_name: str, product: str) -> None:
        super().__init__(phone)
        self.setObjectName("wechatSheet")
        self.screen_rect = screen
        self.prompt = f"即将打开\u201c{applet_name}\u201d小程序"
        self.product = product
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setGeometry(phone.rect())
        phone.installEventFilter(self)

    # --- geometry -------------------------------------------------------------------------------------------

    def _unit(self) -> float:
        """The sheet's measure: a 26th of the phone screen's width, as a phone's type scales with its screen."""
        return max(10.0, self.screen_rect().width() / 26)

    def sheet_rect(self) -> QRectF:
        """Text (two lines of prompt, one of product), then 允许, a gap and 取消: as tall as that, no more."""
        screen, unit = self.screen_rect(), self._unit()
        height = unit * (1.2 + 3.2 + 1.6 + 1.0) + 2 * unit * 2.6 + unit * 0.5
        return QRectF(screen.left(), screen.bottom() - height, screen.width(), height)

    def prompt_rect(self) -> QRectF:
        sheet, unit = self.sheet_rect(), self._unit()
        return QRectF(sheet.left() + unit, sheet.top() + unit * 1.2, sheet.width() - 2 * unit, unit * 3.2)

    def allow_rect(self) -> QRectF:
        sheet, unit = self.sheet_rect(), self._unit()
        return QRectF(sheet.left(), sheet.bottom() - 2 * (unit * 2.6) - unit * 0.5, sheet.width(), unit * 2.6)

    def cancel_rect(self) -> QRectF:
        sheet, unit = self.sheet_rect(), self._unit()
        return QRectF(sheet.left(), sheet.bottom() - unit * 2.6, sheet.width(), unit * 2.6)

    # --- painting -------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        screen, sheet, unit = self.screen_rect(), self.sheet_rect(), self._unit()
        if screen.isEmpty():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(screen, DIM)
        path = QPainterPath()
        radius = unit * 1.1
        path.addRoundedRect(sheet.adjusted(0, 0, 0, radius), radius, radius)
        painter.setClipRect(screen)
        painter.fillPath(path, SHEET)
        font = QFont(self.font())
        font.setPixelSize(round(unit * 1.15))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(TEXT)
        text_box = self.prompt_rect()
        painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.prompt)
        font.setBold(False)
        font.setPixelSize(round(unit * 0.9))
        painter.setFont(font)
        painter.setPen(GREY)
        product_box = QRectF(text_box.left(), text_box.bottom() + unit * 0.2, text_box.width(), unit * 1.4)
        painter.drawText(product_box, Qt.AlignmentFlag.AlignCenter,
                         painter.fontMetrics().elidedText(self.product, Qt.TextElideMode.ElideRight,
                                                          round(product_box.width())))
        allow, cancel = self.allow_rect(), self.cancel_rect()
        painter.setPen(QPen(LINE, 1))
        painter.drawLine(QPointF(allow.left(), allow.top()), QPointF(allow.right(), allow.top()))
        painter.fillRect(QRectF(sheet.left(), cancel.top() - unit * 0.5, sheet.width(), unit * 0.5), QColor("#f2f2f2"))
        font.setPixelSize(round(unit * 1.1))
        painter.setFont(font)
        painter.setPen(ALLOW)
        painter.drawText(allow, Qt.AlignmentFlag.AlignCenter, "允许")
        painter.setPen(TEXT)
        painter.drawText(cancel, Qt.AlignmentFlag.AlignCenter, "取消")
        painter.end()

    # --- closing --------------------------------------------------------------------------------------------

    def finish(self, allowed: bool) -> None:
        self.hide()
        self.closed.emit(allowed)
        self.deleteLater()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self.allow_rect().contains(point):
            self.finish(True)
        elif self.cancel_rect().contains(point) or not self.sheet_rect().contains(point):
            self.finish(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.finish(False)
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

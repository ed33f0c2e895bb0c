"""The bar over the player that asks how a landscape or square video becomes 9:16, and previews the answer.

Shown only while the source is not 9:16. Its three choices are the export's fits (`platform_profile.FITS`):
blurred bars, the centre, or a window that follows faces and products (`core.reframe`); the choice is an
undoable edit of `Project.fit`, so the project remembers it. The player shows the output picture for the
chosen fit (`VideoView.set_output_preview`), the cards placed on it; for "follow" the window's path is
planned in a worker from the faces seen in the video, the centre shown until it is ready.
Holds no rules: the fits, the path and the geometry are core's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from studio.core import platform_profile
from studio.core.cancel import CancelToken, Progress
from studio.core.reframe import FollowPath
from studio.media.follow_targets import plan_follow
from studio.ui.editor.document import Document
from studio.ui.editor.undo_commands import SetFit
from studio.ui.playback.video_view import VideoView
from studio.ui.workers import run_task


class ReframeBar(QWidget):
    """"This video is landscape: how should it become 9:16?" with the three choices."""

    def __init__(self, document: Document, view: VideoView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document, self.view = document, view
        self._paths: dict[str, FollowPath] = {}
        self._planning: str | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.question = QLabel(self)
        row.addWidget(self.question, 1)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        names = {"pad": self.tr("Fit with blurred bars"), "crop": self.tr("Crop to the centre"),
                 "follow": self.tr("Follow faces and products")}
        tips = {"pad": self.tr("The whole picture, on a blurred copy of itself"),
                "crop": self.tr("The middle of the picture fills the frame"),
                "follow": self.tr("A window that glides after faces and tagged products, never cutting a product")}
        for fit in platform_profile.FITS:
            button = QRadioButton(names[fit], self)
            button.setToolTip(tips[fit])
            button.setProperty("fit", fit)
            self.group.addButton(button)
            self.buttons[fit] = button
            row.addWidget(button)
        self.group.buttonClicked.connect(self._on_clicked)
        document.mediaChanged.connect(self.refresh)  # a new source, or the fit chosen (every kind hears that)
        self.refresh()

    def refresh(self) -> None:
        """Show or hide the bar for the document's source and mirror the project's choice in it and the player."""
        info = self.document.media_info
        needed = info is not None and not platform_profile.is_portrait_9_16(info.display_width, info.display_height)
        self.setVisible(needed)
        if not needed or info is None:
            self.view.set_output_preview(None)
            return
        chosen = self.document.project.fit
        if info.display_width > info.display_height:
            self.question.setText(self.tr("This video is landscape. How should it become 9:16?")
                                  if chosen is None else self.tr("Landscape video made 9:16 by:"))
        else:
            self.question.setText(self.tr("This video is square. How should it become 9:16?")
                                  if chosen is None else self.tr("Square video made 9:16 by:"))
        self.group.setExclusive(False)
        for fit, button in self.buttons.items():
            button.setChecked(fit == chosen)
        self.group.setExclusive(True)
        self.document.follow_path = self._paths.get(info.path)
        self.view.set_output_preview(self.document.framing())
        if chosen == "follow" and info.path not in self._paths:
            self._plan_follow()

    def _on_clicked(self, button: QRadioButton) -> None:
        fit = button.property("fit")
        if fit != self.document.project.fit:
            self.document.push(SetFit(self.document, fit, self.tr("Make 9:16: %1").replace("%1", button.text())))

    def _plan_follow(self) -> None:
        info = self.document.media_info
        if info is None or self._planning == info.path:
            return
        self._planning = info.path

        def plan(progress: Progress, cancel: CancelToken) -> tuple[str, FollowPath]:
            return info.path, plan_follow(info, 0, info.duration_ms, cancel=cancel)

        run_task(plan, label=self.tr("Planning the follow window"), on_done=self._on_planned,
                 on_error=self._on_failed, owner=self)

    def _on_failed(self, _error: BaseException) -> None:
        self._planning = None  # the centre stays shown; the export plans the path again itself

    def _on_planned(self, result: tuple[str, FollowPath]) -> None:
        path, planned = result
        self._paths[path] = planned
        self._planning = None
        self.refresh()

"""The bar over the player that asks how a landscape or square video becomes 9:16, and previews the answer.

Shown only while the source is not 9:16. Its three choices are the export's fits (`platform_profile.FITS`):
blurred bars, the centre, or a window that follows faces and products (`core.reframe`); the choice is an
undoable edit of `Project.fit`, so the project remembers it. The player shows the output picture for the
chosen fit (`VideoView.set_output_preview`), the cards placed on it; for "follow" the window's path is
planned in a worker as an export plans it (`jobs.follow_plan`: the faces seen in the video, each popup's
product held while its card shows), the centre shown until it is ready. It is planned again when the popups
change (a moment after the last change: a drag plans once); the faces, and the products looked for in
hand-tagged popups' spans, are kept for the next time.
Holds no rules: the fits, the path and the geometry are core's.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from studio.core import platform_profile
from studio.core.cancel import CancelToken, Progress
from studio.core.finder_windows import TimedBox
from studio.core.reframe import FollowPath, SeenBox
from studio.jobs.follow_plan import FoundKey, plan_project_follow
from studio.media.follow_targets import seen_faces
from studio.media.frames import FrameServer
from studio.ui.editor.document import Document
from studio.ui.editor.undo_commands import SetFit
from studio.ui.playback.video_view import VideoView
from studio.ui.workers import run_task


def fit_names() -> dict[str, str]:
    """How each way of becoming 9:16 is named, in the UI language (the bar's choices, the export's)."""
    return {"pad": QCoreApplication.translate("ReframeBar", "Fit with blurred bars"),
            "crop": QCoreApplication.translate("ReframeBar", "Crop to the centre"),
            "follow": QCoreApplication.translate("ReframeBar", "Follow faces and products")}

class ReframeBar(QWidget):
    """"This video is landscape: how should it become 9:16?" with the three choices."""

    def __init__(self, document: Document, view: VideoView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document, self.view = document, view
        self._paths: dict[str, tuple[object, FollowPath]] = {}
        """Per source: the last path planned, and what it was planned for (`_plan_key`)."""
        self._faces: dict[str, list[SeenBox]] = {}
        self._found: dict[FoundKey, list[TimedBox]] = {}
        self._planning: object | None = None
        self._replan = QTimer(self)
        self._replan.setSingleShot(True)
        self._replan.setInterval(400)
        self._replan.timeout.connect(self.refresh)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.question = QLabel(self)
        row.addWidget(self.question, 1)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        names = fit_names()
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
        document.popupsChanged.connect(self._replan.start)
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
        planned = self._paths.get(info.path)
        self.document.follow_path = planned[1] if planned is not None else None
        self.view.set_output_preview(self.document.framing())
        if chosen == "follow" and (planned is None or planned[0] != self._plan_key()):
            self._plan_follow()

    def _on_clicked(self, button: QRadioButton) -> None:
        fit = button.property("fit")
        if fit != self.document.project.fit:
            self.document.push(SetFit(self.document, fit, self.tr("Make 9:16: %1").replace("%1", button.text())))

    def _plan_key(self) -> object:
        """What the path depends on besides the source: each popup's span and product."""
        return tuple((p.sku, p.start_ms, p.end_ms, tuple(p.product_boxes)) for p in self.document.project.popups)

    def _plan_follow(self) -> None:
        info = self.document.media_info
        if info is None or self._planning is not None:
            return  # one at a time: the one running plans again when it ends if the popups changed meanwhile
        key = (info.path, self._plan_key())
        self._planning = key
        project, project_path = copy.deepcopy(self.document.project), self.document.path
        faces, found = self._faces.get(info.path), self._found  # the dict is filled on the worker, read here after

        def plan(progress: Progress, cancel: CancelToken) -> tuple[tuple[str, object], list[SeenBox], FollowPath]:
            seen = faces
            if seen is None:
                with FrameServer(info) as server:
                    seen = seen_faces(server, 0, info.duration_ms, cancel=cancel)
            path = plan_project_follow(project, project_path, info, 0, info.duration_ms, faces=seen, found=found,
                                       cancel=cancel)
            return key, seen, path

        run_task(plan, label=self.tr("Planning the follow window"), on_done=self._on_planned,
                 on_error=self._on_failed, owner=self)

    def _on_failed(self, _error: BaseException) -> None:
        self._planning = None  # the centre stays shown; the export plans the path again itself

    def _on_planned(self, result: tuple[tuple[str, object], list[SeenBox], FollowPath]) -> None:
        (source, popups), faces, planned = result
        self._faces[source] = faces
        self._paths[source] = (popups, planned)
        self._planning = None
        self.refresh()

"""The reviewer's queue: posts waiting for a verdict, fetched from the platform, with the problems the platform
finds on them since a merchant changed a product (hover the count to read them); a package is
downloaded (streamed, checked against its sha256) into the data folder for offline work and opened in review
mode, where the verdict can be sent back to the post.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core import paths
from studio.core.cancel import CancelToken, Progress
from studio.core.display_text import one_line
from studio.platform.posts import Post, download_package, review_queue
from studio.platform.session import PlatformSession
from studio.ui.errors import error_text
from studio.ui.post_texts import post_problem_text, post_status_text
from studio.ui.workers import Kind, Task, run_task


def downloads_dir() -> Path:
    return paths.data_dir() / "review-downloads"


class ReviewQueueDialog(QDialog):
    packageReady = Signal(str, str)
    """(package path, post id): downloaded and ready to open in review mode."""

    def __init__(self, session_factory: Callable[[], PlatformSession], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self.setWindowTitle(self.tr("Review queue"))
        self.resize(700, 420)
        self._factory = session_factory
        self.task: Task | None = None
        self.posts: list[Post] = []
        self.list = QTreeWidget()
        self.list.setObjectName("queueList")
        self.list.setHeaderLabels([self.tr("Post"), self.tr("Title"), self.tr("Status"), self.tr("Problems")])
        self.list.setRootIsDecorated(False)
        self.list.itemDoubleClicked.connect(lambda _item, _col: self.download_selected())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.open_button = QPushButton(self.tr("Download and review"))
        self.open_button.setObjectName("downloadButton")
        self.open_button.clicked.connect(self.download_selected)
        row = QHBoxLayout()
        row.addWidget(refresh)
        row.addStretch(1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> Task:
        factory = self._factory

        def job(_progress: Progress, _cancel: CancelToken) -> list[Post]:
            with factory() as session:
                return review_queue(session)

        self.message.setText(self.tr("Fetching the queue…"))
        self.task = run_task(job, on_done=self._show, on_error=self._failed, owner=self, label="review queue",
                             kind=Kind.NETWORK)
        return self.task

    def _show(self, posts: list[Post]) -> None:
        self.posts = posts
        self.list.clear()
        for post in posts:
            item = QTreeWidgetItem([post.shown_id, post.title, post_status_text(post.status),
                                    str(len(post.problems)) if post.problems else ""])
            item.setData(0, Qt.ItemDataRole.UserRole, post.post_id)
            if post.problems:  # a merchant changed a product after the post was made
                item.setIcon(3, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.setToolTip(3, "\n".join(post_problem_text(p) for p in post.problems))
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        self.message.setText(self.tr("%n post(s) wait for a verdict.", "", len(posts)))

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.message.setText(error_text(error))

    def download_selected(self) -> Task | None:
        item = self.list.currentItem()
        if item is None:
            return None
        post_id = str(item.data(0, Qt.ItemDataRole.UserRole))
        factory = self._factory
        folder = downloads_dir()

        def job(progress: Progress, cancel: CancelToken) -> Path:
            with factory() as session:
                return download_package(session, post_id, folder, progress=progress, cancel=cancel)

        def progressed(done: int, total: int) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

        def done(path: Path) -> None:
            self.progress.hide()
            self.packageReady.emit(str(path), post_id)

        self.progress.show()
        self.message.setText(self.tr("Downloading post {post}…").format(post=one_line(post_id)))
        self.task = run_task(job, on_done=done, on_error=self._failed, on_progress=progressed, owner=self,
                             label="download package", kind=Kind.NETWORK)
        return self.task

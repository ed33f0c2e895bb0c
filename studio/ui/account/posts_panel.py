"""The creator's posts panel: every post with its review status polled from the platform; a rejected post's
reasons, the reviewer's notes and every per-popup note, and the problems the platform finds on a live post after
a merchant changed a product (another applet or page) or it sold out ("sold out since" the day the platform saw
the last unit go, in the UI's date format), each one click from its popup in the editor;
"Fix and send again" (pack the saved project, new post replacing the old) and "Withdraw".

The panel does not know the editor: a click on a popup note emits `popupRequested(popup_id)` and the main
window selects that popup. "Fix and send again" asks `project_path()` for the saved project file (the main
window saves the document first, or answers None to refuse). Work runs through `run_task`, each job with
its own session from `session_factory`; a 401 emits `authRequired` and leaves everything as it is.
Holds no rules: the work is `studio.platform.posts`' and `studio.jobs.resubmit`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.cancel import CancelToken, Progress
from studio.platform.posts import Post, list_posts, withdraw_post
from studio.platform.session import AuthRequired, PlatformSession
from studio.ui.errors import error_text
from studio.ui.locale_format import date_text, date_time
from studio.ui.post_texts import post_problem_text, post_status_text
from studio.ui.workers import Kind, Task, run_task

SessionFactory = Callable[[], PlatformSession]
POST_ID_ROLE = Qt.ItemDataRole.UserRole
POPUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1


SOLD_OUT = frozenset({"product_sold_out", "variant_sold_out"})
"""The live-post problems that say a popup's product (or its variant) ran out, rather than that it changed."""


def sold_out_since(post: Post) -> str:
    """When the first of the post's products that ran out did (RFC 3339), "" when none did (or the platform
    does not say)."""
    times = [str(p.values.get("since") or "") for p in post.problems if p.code == "product_sold_out"]
    return min((t for t in times if t), default="")


class PostsPanel(QWidget):
    """My posts (newest first) over the selected post's status, reasons and popup notes, with the actions."""

    popupRequested = Signal(str)
    """A popup note was clicked: select popup `popup_id` in the editor and show it."""
    authRequired = Signal()
    """The platform refused the token (401): ask for a new one, then call `set_session_factory`."""
    postsChanged = Signal()
    """The list was read again from the platform."""
    resubmitted = Signal(str, str)
    """(old post id, new post id) after "Fix and send again" made the new post."""
    withdrawn = Signal(str)

    def __init__(self, session_factory: SessionFactory, parent: QWidget | None = None, *,
                 project_path: Callable[[], Path | None] | None = None,
                 popup_label: Callable[[str], str | None] | None = None, poll_ms: int = 30_000,
                 pack_options: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postsPanel")
        self._factory = session_factory
        self._project_path = project_path
        self._popup_label = popup_label
        self.pack_options = dict(pack_options or {})
        self.posts: list[Post] = []
        self.tasks: set[Task] = set()
        self._refreshing: Task | None = None
        self._selected: str | None = None
        self._resubmitting = False

        self.list = QTreeWidget(self)
        self.list.setObjectName("postsList")
        self.list.setHeaderLabels([self.tr("Title"), self.tr("Status"), self.tr("Updated (your time)")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(self._on_current)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("postStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.status_label.font()
        font.setBold(True)
        self.status_label.setFont(font)
        self.reasons_label = QLabel(self)
        self.reasons_label.setObjectName("postReasons")
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_title = QLabel(self.tr("Notes on popups (click to open the popup):"), self)
        self.popup_notes = QListWidget(self)
        self.popup_notes.setObjectName("popupNotes")
        self.popup_notes.setWordWrap(True)
        self.popup_notes.itemClicked.connect(self._on_note)
        self.popup_notes.itemActivated.connect(self._on_note)
        self.popup_notes.viewport().setCursor(Qt.CursorShape.PointingHandCursor)

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (("refresh", self.tr("Refresh"), self.refresh),
                                 ("resubmit", self.tr("Fix and send again"), self.resubmit),
                                 ("withdraw", self.tr("Withdraw…"), self.withdraw)):
            button = QPushButton(text, self)
            button.setObjectName(f"{name}Button")
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("resubmitProgress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setObjectName("postsMessage")
        self.message.setWordWrap(True)

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.status_label)
        detail_layout.addWidget(self.reasons_label)
        detail_layout.addWidget(self.notes_title)
        detail_layout.addWidget(self.popup_notes, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setSizes([240, 160])  # proportions: the posts come first; the detail scrolls its notes
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self._show_detail(None)

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self._poll)
        self.poll_timer.start()

    # -- what the rest of the app calls ---------------------------------------------------------------------

    def set_session_factory(self, factory: SessionFactory) -> None:
        """New credentials (after a login or a switch of account): read the list again."""
        self._factory = factory
        self.refresh()

    def refresh(self) -> Task | None:
        """Read my posts from the platform (off the GUI thread); the selection is kept."""
        if self._refreshing is not None:
            return self._refreshing
        session = self._factory()

        def job(progress: Progress, cancel: CancelToken) -> list[Post]:
            with session:
                return list_posts(session)

        def done(posts: list[Post]) -> None:
            self._refreshing = None
            self.set_posts(posts)
            self.postsChanged.emit()

        def failed(error: BaseException) -> None:
            self._refreshing = None
            self._failed(error)

        self._refreshing = self._track(run_task(job, owner=self, label="my posts", kind=Kind.NETWORK,
                                                on_done=done, on_error=failed))
        return self._refreshing

    def set_posts(self, posts: list[Post]) -> None:
        """Show `posts` (what `refresh` does with the platform's answer)."""
        self.posts = list(posts)
        keep = self._selected
        self.list.blockSignals(True)
        self.list.clear()
        for post in self.posts:
            item = QTreeWidgetItem([post.title or post.shown_id, self.status_text(post.status),
                                    date_time(post.updated_at)])
            item.setData(0, POST_ID_ROLE, post.post_id)
            item.setToolTip(0, post.shown_id)
            if post.problems:
                item.setIcon(1, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.setToolTip(1, "\n".join(post_problem_text(p) for p in post.problems))
            if sold_out_since(post):
                item.setText(1, self.tr("{status} · sold out since {date}").format(
                    status=self.status_text(post.status), date=date_text(sold_out_since(post))))
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        target = keep if keep and self.post(keep) else (self.posts[0].post_id if self.posts else None)
        if target:
            self.select_post(target)
        else:
            self._show_detail(None)

    def post(self, post_id: str) -> Post | None:
        return next((p for p in self.posts if p.post_id == post_id), None)

    def selected_post(self) -> Post | None:
        return self.post(self._selected) if self._selected else None

    def select_post(self, post_id: str) -> None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(0, POST_ID_ROLE) == post_id:
                self.list.setCurrentItem(item)
                self._selected = post_id
                self._show_detail(self.post(post_id))
                return

    def resubmit(self, post_id: str | None = None) -> Task | None:
        """"Fix and send again": pack the saved project and send it as a post replacing `post_id` (default: the
        selected post). None when there is no rejected post or no saved project."""
        post = self.post(post_id) if post_id else self.selected_post()
        project = self._project_path() if self._project_path else None
        if post is None or not post.can_resubmit:
            return None
        if project is None:
            self.message.setText(self.tr("Save the project first: it is what is packed and sent again."))
            return None
        from studio.jobs.resubmit import resubmit

        session, old, options = self._factory(), post.post_id, dict(self.pack_options)

        def job(progress: Progress, cancel: CancelToken) -> Any:
            with session:
                return resubmit(session, project, old, progress=progress, cancel=cancel, **options)

        def done(result: Any) -> None:
            self._busy(False)
            new = result.new_post_id or ""
            self.message.setText(self.tr("Sent again as post {post}; it replaces {old}.").format(post=new, old=old))
            self._selected = new
            self.resubmitted.emit(old, new)
            self.refresh()

        def failed(error: BaseException) -> None:
            self._busy(False)
            self._failed(error)

        self._busy(True)
        self.message.setText(self.tr("Packing and sending the fixed post…"))
        return self._track(run_task(job, owner=self, label="fix and send again", kind=Kind.NETWORK,
                                    on_done=done, on_error=failed,
                                    on_progress=lambda done, total: self.progress.setValue(done)))

    def withdraw(self, post_id: str | None = None, *, confirm: bool = True) -> Task | QMessageBox | None:
        """Withdraw `post_id` (default: the selected post); with `confirm`, after the person says yes."""
        post = self.post(post_id) if post_id else self.selected_post()
        if post is None or not post.can_withdraw:
            return None
        if confirm:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Withdraw post"),
                              self.tr("Withdraw “{title}”? Viewers will no longer see it.").format(
                                  title=post.title or post.post_id),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.accepted.connect(lambda: self.withdraw(post.post_id, confirm=False))
            box.open()
            return box
        session, target = self._factory(), post.post_id

        def job(progress: Progress, cancel: CancelToken) -> Post:
            with session:
                return withdraw_post(session, target)

        def done(updated: Post) -> None:
            self.message.setText(self.tr("Post {post} was withdrawn.").format(post=target))
            self.withdrawn.emit(target)
            self.refresh()

        return self._track(run_task(job, owner=self, label="withdraw post", kind=Kind.NETWORK,
                                    on_done=done, on_error=self._failed))

    def busy(self) -> bool:
        return bool(self.tasks)

    def shutdown(self) -> None:
        self.poll_timer.stop()
        for task in list(self.tasks):
            task.cancel()

    def status_text(self, status: str) -> str:
        return post_status_text(status)

    # -- inside --------------------------------------------------------------------------------------------

    def _track(self, task: Task) -> Task:
        self.tasks.add(task)
        task.finished.connect(lambda: self.tasks.discard(task))
        return task

    def _poll(self) -> None:
        if not self.posts or any(p.waiting for p in self.posts):
            self.refresh()

    def _busy(self, running: bool) -> None:
        self._resubmitting = running
        self.progress.setVisible(running)
        self.progress.setValue(0)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, AuthRequired):
            self.message.setText(self.tr("The platform asks you to log in again; nothing was lost."))
            self.authRequired.emit()
            return
        self.message.setText(error_text(error))

    def _on_current(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._selected = str(current.data(0, POST_ID_ROLE)) if current is not None else None
        self._show_detail(self.selected_post())

    def _on_note(self, item: QListWidgetItem) -> None:
        popup_id = item.data(POPUP_ID_ROLE)
        if popup_id:
            self.popupRequested.emit(str(popup_id))

    def _label(self, popup_id: str) -> str:
        label = self._popup_label(popup_id) if self._popup_label else ""
        return label or self.tr("Popup {popup}").format(popup=popup_id)

    def _show_detail(self, post: Post | None) -> None:
        self.popup_notes.clear()
        if post is None:
            self.status_label.setText(self.tr("No post selected."))
            self.reasons_label.clear()
            self.notes_title.hide()
            self.popup_notes.hide()
            self._update_buttons()
            return
        lines = [self.tr("Status: {status}").format(status=self.status_text(post.status))]
        if post.replaces:
            lines.append(self.tr("Replaces post {post}").format(post=post.replaces))
        if post.replaced_by:
            lines.append(self.tr("Replaced by post {post}").format(post=post.replaced_by))
        changed = [p for p in post.problems if p.code not in SOLD_OUT]
        if changed:
            lines.append(self.tr("A merchant changed a product since this post was made: %n popup problem(s) "
                                 "below.", "", len(changed)))
        since = sold_out_since(post)
        if since:
            lines.append(self.tr("Sold out since {date}: a product of this post can no longer be bought").format(
                date=date_text(since)))
        elif any(p.code in SOLD_OUT for p in post.problems):
            lines.append(self.tr("A product (or the variant a popup shows) of this post is sold out"))
        self.status_label.setText("\n".join(lines))
        reasons = [self.tr("Reason: {reason}").format(reason=r) for r in post.reasons]
        if post.notes and post.notes not in post.reasons:
            reasons.append(self.tr("Reviewer's notes: {notes}").format(notes=post.notes))
        self.reasons_label.setText("\n".join(reasons))
        self.reasons_label.setVisible(bool(reasons))
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for problem in post.problems:
            item = QListWidgetItem(warning, self.tr("{popup}: {note}").format(popup=self._label(problem.popup_id),
                                                                             note=post_problem_text(problem)))
            item.setData(POPUP_ID_ROLE, problem.popup_id)
            item.setToolTip(self.tr("Open this popup in the editor"))
            self.popup_notes.addItem(item)
        for note in post.popup_notes:
            item = QListWidgetItem(self.tr("{popup}: {note}").format(popup=self._label(note.popup_id), note=note.note))
            item.setData(POPUP_ID_ROLE, note.popup_id)
            item.setToolTip(self.tr("Open this popup in the editor"))
            self.popup_notes.addItem(item)
        self.notes_title.setVisible(bool(post.popup_notes or post.problems))
        self.popup_notes.setVisible(bool(post.popup_notes or post.problems))
        self._update_buttons()

    def _update_buttons(self) -> None:
        post = self.selected_post()
        running = self._resubmitting
        self.buttons["resubmit"].setEnabled(post is not None and post.can_resubmit and not running)
        self.buttons["withdraw"].setEnabled(post is not None and post.can_withdraw and not running)

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)

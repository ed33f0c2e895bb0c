"""Review mode: watch a package offline exactly as a viewer's phone will show it, and record a verdict.

The window verifies the package first (`jobs.review.open_for_review`, the verifier's own checks; a hostile or
invalid package is refused with its message and never played), then plays the video inside a phone frame
with the feed's controls and, switchable, the safe zones; the popups are drawn by the one card renderer at
their manifest times (output timeline). Beside it: the popups with their times, products, prices and applet
targets (click to jump; N and P for next and previous), the checks (the verifier's and the reviewer's from
`core.review`, click to jump), the post's text, and the verdict (approve or reject, overall notes, a note per
popup) saved as a signed review report. Tapping a card shows WeChat's confirmation for the applet it would
open; nothing is launched. Nothing here touches the network but the verdict's way to the platform: once the
package is open, the platform is asked whether the logged-in person is a reviewer and which post in the review
queue the package is (by its sha256, so a package opened from a file knows its post as well as one downloaded
from the queue), and "Send verdict" sends it there once; when it cannot, the window says why.
"""

from __future__ import annotations

import functools
import getpass
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSlider,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core import timeline
from studio.core.cancel import CancelToken, Progress
from studio.core.project import Popup
from studio.core.review import ReviewReport, make_report, write_report
from studio.core.timeline import format_ms
from studio.jobs.review import OpenedPackage, measure_checks, open_for_review
from studio.media.frames import FrameServer
from studio.render import phone_frame
from studio.ui.errors import error_text, show_error, translated
from studio.ui.keyboard import PanelKeys, focus_first
from studio.ui.locale_format import money
from studio.ui.playback.player import Player
from studio.ui.playback.video_view import VideoView
from studio.ui.review.wechat_sheet import WeChatSheet
from studio.ui.workers import Kind, Task, run_task

_POPUP_PATH = re.compile(r"popups(?:\[|/)(\d+)")


class PhoneView(VideoView):
    """A `VideoView` inside a phone: the body around the 9:16 picture, the feed's controls over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_safe_zones = False
        self.creator = ""
        self.title = ""
        self.hashtags: list[str] = []

    def set_post(self, creator: str, title: str, hashtags: list[str]) -> None:
        self.creator, self.title, self.hashtags = creator, title, list(hashtags)
        self.update()

    def set_safe_zones(self, shown: bool) -> None:
        self.show_safe_zones = shown
        self.update()

    def image_rect(self) -> QRectF:
        """The 9:16 screen inside the phone, as large as the widget allows with room for the body."""
        if self.image is None or self.image.isNull():
            return QRectF()
        room = QRectF(self.rect()).adjusted(self.width() * 0.04, self.height() * 0.05,
                                            -self.width() * 0.04, -self.height() * 0.05)
        w = min(room.width(), room.height() * self.image.width() / self.image.height())
        h = w * self.image.height() / self.image.width()
        return QRectF(room.center().x() - w / 2, room.center().y() - h / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        frame = self.image_rect()
        if frame.isEmpty():
            return
        painter = QPainter(self)
        phone_frame.paint_phone_body(painter, frame)
        phone_frame.paint_feed_chrome(painter, frame, creator=self.creator, title=self.title, hashtags=self.hashtags)
        if self.show_safe_zones:
            phone_frame.paint_safe_zones(painter, frame)
        painter.end()


class ReviewWindow(QMainWindow):
    """One package under review."""

    opened = Signal()
    """The package passed verification and is on screen."""
    refused = Signal(str)
    """The package was refused (the verifier's message)."""
    verdictSent = Signal(str, str)
    """(post id, the post's status now) after `send_verdict`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.resize(1280, 800)
        self.opened_package: OpenedPackage | None = None
        self.popup_notes: dict[str, str] = {}
        self._task: Task | None = None
        self._measure_task: Task | None = None
        self._selected: str | None = None
        self.sheet: WeChatSheet | None = None

        self.view = PhoneView()
        self.view.setObjectName("phoneView")
        self.player = Player(self.view, self)
        self.view.popupClicked.connect(self.show_applet_confirmation)
        self.player.positionChanged.connect(self._on_position)

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("reviewSlider")
        self.slider.sliderMoved.connect(self.player.seek)
        self.time_label = QLabel("0:00.000")
        self.safe_zones = QCheckBox(self.tr("Safe zones"))
        self.safe_zones.setToolTip(self.tr("Shade where the feed's controls sit (S)"))
        self.safe_zones.toggled.connect(self.view.set_safe_zones)
        transport = QHBoxLayout()
        for text, tip, slot in ((self.tr("◀◀"), self.tr("Previous popup (P)"), self.previous_popup),
                                (self.tr("◀"), self.tr("Previous frame (Left)"), lambda: self.player.step(-1)),
                                (self.tr("Play"), self.tr("Play or pause (Space)"), self.player.toggle),
                                (self.tr("▶"), self.tr("Next frame (Right)"), lambda: self.player.step(1)),
                                (self.tr("▶▶"), self.tr("Next popup (N)"), self.next_popup)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            transport.addWidget(button)
            if slot == self.player.toggle:
                self.play_button = button
        self.player.playingChanged.connect(self._on_playing)
        transport.addWidget(self.slider, 1)
        transport.addWidget(self.time_label)
        transport.addWidget(self.safe_zones)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        self.applet_facts = QLabel()
        self.applet_facts.setObjectName("appletFacts")
        self.applet_facts.setWordWrap(True)
        self.applet_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.applet_facts.hide()
        left_layout.addWidget(self.applet_facts)
        left_layout.addLayout(transport)

        self.popup_tree = QTreeWidget()
        self.popup_tree.setObjectName("reviewPopups")
        self.popup_tree.setHeaderLabels([self.tr("Time"), self.tr("Product"), self.tr("Price"), self.tr("Applet")])
        self.popup_tree.setRootIsDecorated(False)
        self.popup_tree.itemClicked.connect(self._on_popup_item)
        self.popup_tree.itemActivated.connect(self._on_popup_item)  # Enter
        self.popup_note = QPlainTextEdit()
        self.popup_note.setObjectName("popupNote")
        self.popup_note.setPlaceholderText(self.tr("Note on the selected popup"))
        self.popup_note.setMaximumHeight(90)
        self.popup_note.setTabChangesFocus(True)
        self.popup_note.textChanged.connect(self._on_popup_note)
        popups_page = QWidget()
        popups_layout = QVBoxLayout(popups_page)
        popups_layout.addWidget(self.popup_tree, 1)
        popups_layout.addWidget(self.popup_note)

        self.checks = QListWidget()
        self.checks.setObjectName("reviewChecks")
        self.checks.setWordWrap(True)  # a wrong applet page names what was expected: a long sentence
        self.checks.itemClicked.connect(self._on_check_item)
        self.checks.itemActivated.connect(self._on_check_item)  # Enter

        self.post_text = QLabel()
        self.post_text.setObjectName("postText")
        self.post_text.setWordWrap(True)
        self.post_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.post_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.post_text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab and Ctrl+3 reach it

        self.approve = QRadioButton(self.tr("Approve"))
        self.reject = QRadioButton(self.tr("Reject"))
        self.verdict_group = QButtonGroup(self)
        self.verdict_group.addButton(self.approve)
        self.verdict_group.addButton(self.reject)
        self.verdict_group.buttonToggled.connect(self._update_actions)
        self.reviewer = QLineEdit(getpass.getuser())  # the platform user's name once `set_reviewer` says it
        self.reviewer.setObjectName("reviewerName")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("overallNotes")
        self.notes.setPlaceholderText(self.tr("Overall notes for the creator"))
        self.notes.setTabChangesFocus(True)
        self.save_button = QPushButton(self.tr("Save report…"))
        self.save_button.setObjectName("saveReport")
        self.save_button.clicked.connect(self.choose_report_file)
        self.send_button = QPushButton(self.tr("Send verdict to the platform"))
        self.send_button.setObjectName("sendVerdict")
        self.send_button.clicked.connect(self._send_clicked)
        self.send_status = QLabel(self.tr("Open a package to review it."))
        self.send_status.setObjectName("sendStatus")
        self.send_status.setWordWrap(True)
        self.post_id: str | None = None
        self.session_factory: Any = None
        self.verdict_sent = False
        self._why_not = ""
        """Why the verdict cannot be sent to the platform (shown under the button), once that is known."""
        self._post_task: Task | None = None
        verdict_page = QWidget()
        verdict_form = QFormLayout(verdict_page)
        choice = QHBoxLayout()
        choice.addWidget(self.approve)
        choice.addWidget(self.reject)
        choice.addStretch(1)
        verdict_form.addRow(self.tr("Verdict:"), choice)
        verdict_form.addRow(self.tr("Reviewer:"), self.reviewer)
        verdict_form.addRow(self.tr("Notes:"), self.notes)
        verdict_form.addRow("", self.save_button)
        verdict_form.addRow("", self.send_button)
        verdict_form.addRow("", self.send_status)
        self.own_post_note = QLabel()
        self.own_post_note.setObjectName("ownPostNote")
        self.own_post_note.setWordWrap(True)
        self.own_post_note.hide()
        verdict_form.addRow("", self.own_post_note)
        self.may_send = True

        self.tabs = QTabWidget()
        self.tabs.addTab(popups_page, self.tr("Popups"))
        self.tabs.addTab(self.checks, self.tr("Checks"))
        self.tabs.addTab(self.post_text, self.tr("Post"))
        self.tabs.addTab(verdict_page, self.tr("Verdict"))

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 560])
        self.setCentralWidget(splitter)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)

        shortcuts: list[tuple[str | QKeySequence.StandardKey, Callable[[], object]]] = [
            ("N", self.next_popup), ("P", self.previous_popup), ("Space", self.player.toggle),
            ("Right", functools.partial(self.player.step, 1)), ("Left", functools.partial(self.player.step, -1)),
            ("S", self.safe_zones.toggle), (QKeySequence.StandardKey.Close, self.close)]
        for keys, shortcut_slot in shortcuts:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(shortcut_slot)
            self.addAction(action)
        self._build_keyboard(left)
        self._update_actions()
        self.setWindowTitle(self.tr("Review"))

    def _build_keyboard(self, player_side: QWidget) -> None:
        """Ctrl+1 … Ctrl+4 open a tab with the keys in it, Esc gives them back to the player (its slider); in
        the tabs, Space, arrows and letters belong to the focused widget, not to N, P, S and the playback keys."""
        self.panel_keys = PanelKeys(self, player_side)
        for index in range(self.tabs.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(functools.partial(self.go_to_tab, index))
            self.addAction(action)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.tabs.setTabToolTip(index, f"{self.tabs.tabText(index)} ({keys})")
        back = QAction(self)
        back.setShortcut(QKeySequence("Esc"))
        back.triggered.connect(self._keys_to_player)
        self.addAction(back)

    def go_to_tab(self, index: int, *_: object) -> None:
        """Show tab `index` and put the keyboard focus on its first field."""
        self.tabs.setCurrentIndex(index)
        page = self.tabs.widget(index)
        if page is None or not focus_first(page):
            self.tabs.tabBar().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _keys_to_player(self) -> None:
        self.close_applet_confirmation()
        self.slider.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- opening -------------------------------------------------------------------------------------------

    def set_reviewer(self, name: str) -> None:
        """The person logged in to the platform as reviewer: the verdict is theirs unless they type another name."""
        if name:
            self.reviewer.setText(name)

    def _on_playing(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def set_post(self, post_id: str | None, session_factory: Any) -> None:
        """The platform the verdict goes to (`session_factory()` makes the logged-in person's session) and, when
        the package came from the review queue, its post; without one, the post is found by the package's
        sha256 once it is open."""
        self.post_id, self.session_factory = post_id or None, session_factory
        self._update_actions()
        if post_id:
            self._check_standing(post_id, session_factory)

    def _check_standing(self, post_id: str, session_factory: Any) -> Task:
        """Whether this is the reviewer's own post, and whether the platform lets them judge it: said in the
        Verdict tab (and sending is off when it does not)."""
        from studio.platform.posts import review_standing

        session = session_factory()

        def job(progress: Progress, cancel: CancelToken) -> Any:
            with session:
                return review_standing(session, post_id)

        return run_task(job, owner=self, label="review standing", on_done=self._show_standing,
                        on_error=self._standing_unknown, kind=Kind.NETWORK)

    def _standing_unknown(self, _error: BaseException) -> None:
        """The platform could not say: sending stays possible and the platform refuses an own post itself."""

    def _show_standing(self, standing: Any) -> None:
        self.may_send = standing.may_judge
        if standing.own_post and standing.may_judge:
            self.own_post_note.setText(self.tr(
                "You made this post. Only this local sandbox, where you hold every role, lets you judge your "
                "own posts; on a platform another reviewer judges it."))
        elif standing.own_post:
            self.own_post_note.setText(self.tr(
                "You made this post: nobody judges their own post, so the platform will not take your verdict. "
                "Another reviewer must judge it."))
        self.own_post_note.setVisible(standing.own_post)
        self._update_actions()

    def _find_post(self) -> Task | None:
        """Ask the platform whether this package's verdict can be sent, and to which post (off the GUI thread)."""
        if self.session_factory is None or self.opened_package is None:
            return None
        factory, sha256, known = self.session_factory, self.opened_package.sha256, self.post_id

        def job(_progress: Progress, _cancel: CancelToken) -> Any:
            from studio.platform.posts import verdict_target

            with factory() as session:
                return verdict_target(session, sha256, known)

        def done(target: Any) -> None:
            self.post_id = target.post_id
            if target.post_id and target.post_id != known:
                self._check_standing(target.post_id, factory)
            self._why_not = {
                "not_logged_in": self.tr("Log in to the platform as a reviewer (Account menu) to send the verdict; "
                                         "you can save it as a report meanwhile."),
                "not_reviewer": self.tr("The account you are logged in with is not a reviewer, so it cannot send "
                                        "verdicts; save the verdict as a report instead."),
                "not_in_queue": self.tr("This package is not a post waiting for review on the platform you are "
                                        "logged in to; save the verdict as a report instead."),
            }.get(target.reason, "")
            self._update_actions()

        def failed(error: BaseException) -> None:
            self._why_not = self.tr("The platform cannot be asked now ({error}); save the verdict as a report "
                                    "instead.").format(error=error_text(error))
            self._update_actions()

        self._why_not = self.tr("Asking the platform whether this package is a post in review…")
        self._post_task = run_task(job, on_done=done, on_error=failed, owner=self, label="find post",
                                   kind=Kind.NETWORK)
        self._update_actions()
        return self._post_task

    def _send_clicked(self) -> None:
        if self.post_id is not None and self.session_factory is not None:
            self.send_verdict(self.session_factory, self.post_id)

    def open_package(self, path: Path) -> Task:
        """Verify and open `path` off the GUI thread; a refused package shows the verifier's message."""
        self.setWindowTitle(self.tr("Review — {name}").format(name=path.name))
        self.statusBar().showMessage(self.tr("Checking {name}…").format(name=path.name))
        self.progress.setRange(0, 0)
        self.progress.show()

        def work(progress: Progress, cancel: CancelToken) -> tuple[OpenedPackage, FrameServer]:
            opened = open_for_review(path, progress=progress, cancel=cancel, measure=False)
            return opened, FrameServer(opened.info, use_proxy=False)

        def done(result: tuple[OpenedPackage, FrameServer]) -> None:
            self._finish()
            self._show(*result)

        def failed(error: BaseException) -> None:
            self._finish()
            message = error_text(error)
            self.view.set_placeholder(self.tr("This package was refused and will not be played.\n\n{message}")
                                      .format(message=message))
            self.statusBar().showMessage(self.tr("Refused: {message}").format(message=message))
            self.refused.emit(message)
            show_error(self, error, self.tr("The package was refused"))

        self._task = run_task(work, on_done=done, on_error=failed, owner=self, label="review", kind=Kind.INTERACTIVE)
        return self._task

    def _finish(self) -> None:
        self._task = None
        self.progress.hide()
        self.statusBar().clearMessage()

    def _show(self, opened: OpenedPackage, server: FrameServer) -> None:
        self.opened_package = opened
        manifest = opened.manifest
        post = manifest.get("post", {})
        creator = manifest.get("creator", {})
        self.view.set_post(creator.get("name", ""), post.get("title", ""), post.get("hashtags", []))
        self.view.set_popups(opened.popups)
        self.player.set_media(opened.info, server)
        self.slider.setRange(0, max(0, opened.info.duration_ms - 1))
        self._fill_popups()
        self._fill_checks()
        tags = " ".join(f"#{t}" for t in post.get("hashtags", []))
        who = (self.tr("{name} (id {id})").format(name=creator.get("name"), id=creator.get("id"))
               if creator.get("id") else self.tr("not named in the package"))
        self.post_text.setText(self.tr("<b>Creator:</b> {creator}<br><b>Title:</b> {title}<br>"
                                       "<b>Description:</b> {description}<br><b>Hashtags:</b> {tags}").format(
            creator=_html(who), title=_html(post.get("title", "")), description=_html(post.get("description", "")),
            tags=_html(tags)))
        self._update_actions()
        self.statusBar().showMessage(self.tr("Verified: {count} popups").format(count=len(opened.popups)), 5000)
        self._measure_task = run_task(lambda _progress, cancel: measure_checks(opened, cancel=cancel),
                                      on_done=lambda _checks: self._fill_checks(),
                                      on_error=lambda error: self.statusBar().showMessage(error_text(error)),
                                      owner=self, label="review checks")
        self._find_post()
        self.opened.emit()

    def _fill_popups(self) -> None:
        self.popup_tree.clear()
        assert self.opened_package is not None
        applets = {p["id"]: p.get("applet", {}) for p in self.opened_package.manifest.get("popups", [])}
        for popup in self.opened_package.popups:
            snap = popup.snapshot
            price = snap.get("promo_price_cents") or snap.get("price_cents")
            applet = applets.get(popup.id, {})
            item = QTreeWidgetItem([
                f"{format_ms(popup.start_ms)} – {format_ms(popup.end_ms)}",
                str(snap.get("title") or popup.sku),
                money(price, str(snap.get("currency") or "CNY")) if isinstance(price, int) else "",
                f"{applet.get('app_id', '')} {applet.get('path', '')}",
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, popup.id)
            item.setToolTip(3, f"{applet.get('name', '')}\n{applet.get('app_id', '')}\n{applet.get('path', '')}")
            self.popup_tree.addTopLevelItem(item)
        for column in range(3):
            self.popup_tree.resizeColumnToContents(column)

    def _fill_checks(self) -> None:
        self.checks.clear()
        assert self.opened_package is not None
        rows = [(p.severity, p.path or "", p.template, p.values, p.message)
                for p in [*self.opened_package.findings, *self.opened_package.checks]]
        if not rows:
            self.checks.addItem(self.tr("No problems found."))
        for severity, path, template, values, english in rows:
            label = self.tr("Error") if severity == "error" else self.tr("Warning")
            item = QListWidgetItem(f"{label}: {translated(template, values, english)}  ({path})")
            match = _POPUP_PATH.search(path)
            if match:
                item.setData(Qt.ItemDataRole.UserRole, int(match.group(1)))
            self.checks.addItem(item)
        self.tabs.setTabText(1, self.tr("Checks ({count})").format(count=len(rows)))

    # --- moving between popups -------------------------------------------------------------------------------

    def popups(self) -> list[Popup]:
        return list(self.opened_package.popups) if self.opened_package else []

    def first_frame(self, popup: Popup) -> int:
        """The time of the popup's first frame: the first frame shown at or after its start, where its card is on
        screen (the frame AT its start may be an earlier one, still without the card)."""
        return timeline.first_frame_from(self.player.frame_times, popup.start_ms)

    def jump_to_popup(self, popup_id: str) -> None:
        """Select the popup and show its first frame, with its card."""
        popup = next((p for p in self.popups() if p.id == popup_id), None)
        if popup is None:
            return
        self._selected = popup_id
        self.view.set_selected_popup(popup_id)
        self.player.seek(self.first_frame(popup))
        for index in range(self.popup_tree.topLevelItemCount()):
            item = self.popup_tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == popup_id:
                self.popup_tree.setCurrentItem(item)
        self.popup_note.blockSignals(True)
        self.popup_note.setPlainText(self.popup_notes.get(popup_id, ""))
        self.popup_note.blockSignals(False)
        self._update_actions()

    def next_popup(self) -> None:
        later = [p for p in sorted(self.popups(), key=self.first_frame) if self.first_frame(p) > self.player.position]
        if later:
            self.jump_to_popup(later[0].id)

    def previous_popup(self) -> None:
        earlier = [p for p in sorted(self.popups(), key=self.first_frame)
                   if self.first_frame(p) < self.player.position]
        if earlier:
            self.jump_to_popup(earlier[-1].id)

    def _on_popup_item(self, item: QTreeWidgetItem) -> None:
        self.jump_to_popup(str(item.data(0, Qt.ItemDataRole.UserRole)))

    def _on_check_item(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        popups = self.opened_package.manifest.get("popups", []) if self.opened_package else []
        if isinstance(index, int) and 0 <= index < len(popups):
            self.jump_to_popup(popups[index]["id"])

    def _on_position(self, ms: int) -> None:
        self.time_label.setText(format_ms(ms))
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(ms)
            self.slider.blockSignals(False)

    def _on_popup_note(self) -> None:
        if self._selected is not None:
            self.popup_notes[self._selected] = self.popup_note.toPlainText()

    # --- the viewer's tap ----------------------------------------------------------------------------------------

    def show_applet_confirmation(self, popup_id: str) -> WeChatSheet | None:
        """The viewer's tap on a card: WeChat's sheet inside the phone, and under the phone, in the reviewer's
        language, which applet page it would open. Nothing opens."""
        if self.opened_package is None:
            return None
        popup = next((p for p in self.popups() if p.id == popup_id), None)
        applet: dict[str, Any] = next((p.get("applet", {}) for p in self.opened_package.manifest.get("popups", [])
                       if p["id"] == popup_id), {})
        if popup is None:
            return None
        self.player.pause()
        self.close_applet_confirmation()
        name = str(applet.get("name") or applet.get("app_id") or "")
        self.sheet = WeChatSheet(self.view, self.view.image_rect, name, str(popup.snapshot.get("title") or popup.sku))
        self.sheet.closed.connect(self._sheet_closed)
        self.sheet.show()
        self.sheet.setFocus(Qt.FocusReason.PopupFocusReason)
        self.applet_facts.setText(self.tr("The viewer's WeChat asks this before opening the applet {name} ({app_id}) "
                                          "at {path}. Nothing is opened here.").format(
            name=name, app_id=applet.get("app_id", ""), path=applet.get("path", "")))
        self.applet_facts.show()
        return self.sheet

    def close_applet_confirmation(self) -> None:
        if self.sheet is not None:
            self.sheet.finish(False)

    def _sheet_closed(self, _allowed: bool) -> None:
        self.sheet = None
        self.applet_facts.hide()

    # --- the verdict -------------------------------------------------------------------------------------------

    def verdict(self) -> str | None:
        if self.approve.isChecked():
            return "approve"
        if self.reject.isChecked():
            return "reject"
        return None

    def _update_actions(self, *_args: object) -> None:
        self.popup_note.setEnabled(self._selected is not None)
        self.save_button.setEnabled(self.opened_package is not None and self.verdict() is not None)
        can_send = (self.post_id is not None and self.session_factory is not None and not self.verdict_sent
                    and self.may_send)
        self.send_button.setEnabled(self.save_button.isEnabled() and can_send)
        if self.verdict_sent:
            return  # the message about the verdict sent stays
        if self.opened_package is None:
            self.send_status.setText(self.tr("Open a package to review it."))
        elif can_send and self.verdict() is None:
            self.send_status.setText(self.tr("Choose approve or reject to send the verdict to post {post}.")
                                     .format(post=self.post_id))
        elif can_send:
            self.send_status.setText(self.tr("The verdict goes to post {post}.").format(post=self.post_id))
        else:
            self.send_status.setText(self._why_not or self.tr(
                "Not connected to a platform: save the verdict as a report."))

    def save_report(self, path: Path) -> Path:
        """Write the signed review report for this package to `path`."""
        assert self.opened_package is not None
        verdict = self.verdict()
        assert verdict is not None
        report = make_report(self.opened_package.sha256, self.reviewer.text().strip() or getpass.getuser(), verdict,
                             notes=self.notes.toPlainText(), popup_notes=self.popup_notes, now=datetime.now(UTC))
        write_report(path, report)
        self.statusBar().showMessage(self.tr("Report saved to {path}").format(path=path), 5000)
        return path

    def current_report(self) -> ReviewReport:
        """The verdict as it stands (what Save writes), for this package; ValidationError without a verdict."""
        assert self.opened_package is not None
        return make_report(self.opened_package.sha256, self.reviewer.text().strip() or getpass.getuser(),
                           self.verdict() or "", notes=self.notes.toPlainText(), popup_notes=self.popup_notes,
                           now=datetime.now(UTC))

    def send_verdict(self, session_factory: Any, post_id: str) -> Task:
        """Send the verdict to the platform for `post_id` (`POST /v1/posts/{id}/verdict` with this package's
        sha256, so it cannot land on another package); `session_factory()` makes the reviewer's session."""
        from studio.platform.posts import send_verdict

        report, session = self.current_report(), session_factory()

        def job(progress: Progress, cancel: CancelToken) -> Any:
            with session:
                return send_verdict(session, post_id, report)

        def done(post: Any) -> None:
            status = {"approved": self.tr("approved"), "rejected": self.tr("rejected")}.get(post.status, post.status)
            text = self.tr("Verdict sent: the post is {status}").format(status=status)
            self.statusBar().showMessage(text, 5000)
            self.send_status.setText(text)
            self.verdictSent.emit(post_id, post.status)

        def failed(error: BaseException) -> None:
            self.verdict_sent = False
            self._update_actions()
            show_error(self, error)

        self.verdict_sent = True  # one verdict per package: the button stays off unless sending fails
        self._update_actions()
        self.send_status.setText(self.tr("Sending the verdict…"))
        return run_task(job, owner=self, label="send verdict", kind=Kind.NETWORK, on_done=done, on_error=failed)

    def choose_report_file(self) -> None:
        if self.opened_package is None:
            return
        default = self.opened_package.package.path.with_suffix(".review.json")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save review report"), str(default),
                                              self.tr("Review reports (*.json)"))
        if name:
            try:
                self.save_report(Path(name))
            except Exception as exc:  # shown to the person; nothing else to do
                show_error(self, exc)

    def closeEvent(self, event: QCloseEvent) -> None:
        for task in (self._task, self._measure_task, self._post_task):
            if task is not None:
                task.cancel()
        self.player.shutdown()
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The product finder in the popup editor: proposals as ghost popups, accepted or rejected.

Holds: `find_job` (the background work: the in-memory project's tagged products, plus the one chosen in the
picker, searched in the source video with `jobs.find_products`, and the faces seen in each window),
`Proposals` (the proposals of the last search, the selected one, accept/reject/adjust), `AcceptProposals`
(the one undo command an accept is: the popups `fit_proposal` made, and the proposals they came from taken
off the ghost row; undo gives both back) and `ProposalRow` (the ghost row under the popup lanes: dashed
blocks with the confidence, edges to drag, and the Accept / Reject / Accept all / Reject all buttons).
Must not hold: how products are found (`media.product_finder`), the timing rules (`core.popup_rules`), where a
card goes (`core.card_placement`), painting the player (`VideoView.set_proposal_boxes`).

Decisions:
- A proposal is not part of the project (nothing is saved until it is accepted); a new search or another
  project replaces them. Rejecting is not an undo step; accepting is, and undoing it brings the proposal back
  onto the ghost row (only while the proposals of that search are still shown).
- Accepting several at once (Accept all) is one undo step; each later proposal keeps clear of the popups the
  earlier ones became (`fit_proposal(..., avoid=...)`).
- The card anchor comes from `anchor_for_boxes` over the product's boxes inside the (adjusted) window and the
  faces seen there (`media.span_faces`), so it covers neither and stays in the safe zone. The picture is placed
  on the 9:16 output as the export makes it (`Document.framing`: the chosen fit, the follow window's path), and
  a popup whose product that frame cuts while it shows is accepted with a note saying so
  (`popup_rules.product_cut_note`).
- Each popup keeps the finder's boxes of its product inside its own span (`Popup.product_boxes`), so the follow
  reframe holds the product in the picture while the card shows.
- The popup's snapshot is the catalog listing's (taken at accept time, like "Add popup"), else the snapshot of
  a popup already tagged with that SKU.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QUndoCommand,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from studio.core.cancel import CancelToken, Progress
from studio.core.card_placement import anchor_for_boxes
from studio.core.finder_windows import ProductWindow
from studio.core.media_info import MediaInfo
from studio.core.popup_rules import fit_proposal, product_cut_note
from studio.core.problems import Problem
from studio.core.product import snapshot
from studio.core.project import Popup, Project
from studio.core.reframe import boxes_in_span
from studio.core.timeline import format_ms
from studio.jobs.find_products import project_photos
from studio.media.frames import FrameServer
from studio.media.product_finder import find_products
from studio.media.span_faces import Box, faces_over_span
from studio.ui.editor.document import Change
from studio.ui.editor.popup_editor import PopupEditor, nearest_edge
from studio.ui.editor.popup_lanes import LaneStrip
from studio.ui.editor.timeline import BACKGROUND, MARGIN, PLAYHEAD, TimelineWidget
from studio.ui.errors import translated
from studio.ui.keyboard import paint_focus_frame
from studio.ui.locale_format import percent

GHOST_COLOR = QColor("#3a7bd5")
GHOST_FILL = QColor(58, 123, 213, 70)
GHOST_SELECTED = QColor("#ffd60a")
GHOST_TEXT = QColor("#dfe6f0")
CHECK_COLOR = QColor("#9aa3ad")
"""A weak proposal (`ProductWindow.to_check`): grey, dotted, hatched (unlike the yellow of a selected one),
and its label says to check it."""
CHECK_FILL = QColor(154, 163, 173, 150)


@dataclass(frozen=True)
class FindOutcome:
    """What the background search hands back: the windows, the faces seen in each, and skipped photos."""

    windows: list[ProductWindow]
    faces: list[list[Box]]
    notes: list[Problem]


def find_job(project: Project, project_path: Path | None, video: Path, info: MediaInfo,
             extra: Popup | None = None) -> Callable[[Progress, CancelToken], FindOutcome]:
    """The work for `run_task`: search `video` for the products tagged in `project` (and `extra`, a product
    chosen in the picker, as an untimed tag), then look for faces in each window. Plain data only."""
    project = copy.deepcopy(project)
    if extra is not None and all(p.sku != extra.sku for p in project.popups):
        project.popups.append(extra)

    def work(progress: Progress, cancel: CancelToken) -> FindOutcome:
        products, notes = project_photos(project, project_path)
        windows = find_products(video, products, progress=progress, cancel=cancel)
        faces: list[list[Box]] = []
        if windows:
            with FrameServer(info, use_proxy=False) as server:
                for window in windows:
                    faces.append(faces_over_span(server, window.start_ms, window.end_ms, cancel=cancel))
        return FindOutcome(windows, faces, notes)

    return work


@dataclass(frozen=True)
class Proposal:
    """One ghost popup: the finder's window, its span as the person adjusted it, and the faces seen there."""

    id: str
    window: ProductWindow
    start_ms: int
    end_ms: int
    faces: tuple[Box, ...] = ()

    @property
    def sku(self) -> str:
        return self.window.sku

    @property
    def confidence(self) -> float:
        return self.window.confidence

    def boxes(self) -> list[tuple[int, Box]]:
        """The product's sampled boxes inside the span (all of them when the span was cut to none)."""
        inside = [(b.t_ms, (b.x, b.y, b.w, b.h)) for b in self.window.boxes if self.start_ms <= b.t_ms < self.end_ms]
        return inside or [(b.t_ms, (b.x, b.y, b.w, b.h)) for b in self.window.boxes]


class Proposals(QObject):
    """The proposals of the last search and the selected one; accepting goes through the editor's document."""

    changed = Signal()
    selectionChanged = Signal(str)

    _ids = itertools.count(1)

    def __init__(self, editor: PopupEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._items: list[Proposal] = []
        self._selected = ""
        self.generation = 0
        editor.document.loaded.connect(self.clear)

    # --- reading ----------------------------------------------------------------------------------------

    @property
    def items(self) -> list[Proposal]:
        return list(self._items)

    def get(self, proposal_id: str) -> Proposal | None:
        return next((p for p in self._items if p.id == proposal_id), None)

    @property
    def selected_id(self) -> str:
        return self._selected

    def selected(self) -> Proposal | None:
        return self.get(self._selected)

    def title(self, proposal: Proposal) -> str:
        listing = self.editor.lookup(proposal.sku)
        if listing is not None and not listing.withdrawn:
            return listing.title
        tagged = next((p for p in self.editor.popups if p.sku == proposal.sku), None)
        return self.editor.title(tagged) if tagged is not None else proposal.sku

    def label(self, proposal: Proposal) -> str:
        """The ghost block's text: the product and the finder's confidence (a weak one marked to check)."""
        confidence = percent(proposal.confidence * 100)
        if proposal.window.to_check:
            return self.tr("Check: {title} · {confidence}").format(title=self.title(proposal), confidence=confidence)
        return self.tr("{title} · {confidence}").format(title=self.title(proposal), confidence=confidence)

    # --- changing ---------------------------------------------------------------------------------------

    def set_outcome(self, outcome: FindOutcome) -> None:
        """Show the proposals of a finished search (replacing any earlier ones)."""
        self.generation += 1
        self._items = [Proposal(f"proposal-{next(self._ids)}", w, w.start_ms, w.end_ms, tuple(faces))
                       for w, faces in zip(outcome.windows, outcome.faces, strict=True)]
        self._selected = ""
        self.changed.emit()
        self.select(self._items[0].id if self._items else None)

    def clear(self) -> None:
        self.generation += 1
        self._items = []
        self.select(None)
        self.changed.emit()

    def select(self, proposal_id: str | None) -> None:
        proposal_id = proposal_id if proposal_id and self.get(proposal_id) is not None else ""
        if proposal_id != self._selected:
            self._selected = proposal_id
            self.selectionChanged.emit(proposal_id)
            if proposal_id:
                self.editor.select(None)  # one thing selected at a time: the player shows its box

    def set_span(self, proposal_id: str, start_ms: int, end_ms: int) -> None:
        """Adjust a proposal before accepting it (its edges dragged on the ghost row)."""
        proposal = self.get(proposal_id)
        if proposal is None or end_ms <= start_ms or (start_ms, end_ms) == (proposal.start_ms, proposal.end_ms):
            return
        self._put(replace(proposal, start_ms=start_ms, end_ms=end_ms))

    def reject(self, proposal_ids: Sequence[str]) -> None:
        ids = set(proposal_ids)
        self._items = [p for p in self._items if p.id not in ids]
        if self._selected in ids:
            self.select(None)
        self.changed.emit()

    def reject_all(self) -> None:
        self.reject([p.id for p in self._items])

    def accept(self, proposal_ids: Sequence[str]) -> list[Popup]:
        """Turn the proposals into popups through the rules, as one undo step; says what fitting changed."""
        proposals = [p for p in self._items if p.id in set(proposal_ids)]
        framing = self.editor.document.framing()
        if not proposals or framing is None:
            return []
        placed: list[Popup] = []
        notes: list[str] = []
        done: list[Proposal] = []
        for proposal in sorted(proposals, key=lambda p: (p.start_ms, p.sku)):
            anchor = anchor_for_boxes(proposal.boxes(), framing, face_boxes=proposal.faces)
            fitted = fit_proposal(proposal.start_ms, proposal.end_ms, duration_ms=self.editor.duration_ms,
                                  trim=self.editor.document.project.trim, sku=proposal.sku,
                                  snapshot=self._snapshot(proposal.sku), anchor=anchor,
                                  avoid=[*self.editor.popups, *placed])
            fitted = replace(fitted, popups=[  # each popup keeps where its product is while it shows
                replace(p, product_boxes=boxes_in_span(proposal.window.boxes, p.start_ms, p.end_ms))
                for p in fitted.popups])
            cut = next((c for c in (product_cut_note(proposal.boxes(), p.start_ms, p.end_ms, framing)
                                    for p in fitted.popups) if c is not None), None)
            said = " ".join(translated(n.template, n.values, n.message)
                            for n in [*fitted.notes, *([cut] if cut is not None else [])])
            if said:
                notes.append(f"{self.title(proposal)}: {said}")
            if fitted.popups:
                placed += fitted.popups
                done.append(proposal)
        if placed:
            text = (self.tr("Accept Proposal {title}").format(title=self.title(done[0])) if len(done) == 1
                    else self.tr("Accept {count} Proposals").format(count=len(done)))
            self.editor.document.push(AcceptProposals(self, placed, done, text))
            self.editor.select(placed[0].id)
        if notes:
            self.editor.message.emit(" ".join(notes))
        elif placed:
            self.editor.message.emit(self.tr("Accepted as {count} popup(s), as found").format(count=len(placed)))
        return placed

    def accept_all(self) -> list[Popup]:
        return self.accept([p.id for p in self._items])

    def _snapshot(self, sku: str) -> dict[str, Any]:
        listing = self.editor.lookup(sku)
        if listing is not None and not listing.withdrawn:
            return snapshot(listing, now=datetime.now(UTC))
        tagged = next((p for p in self.editor.popups if p.sku == sku and p.snapshot), None)
        return dict(tagged.snapshot) if tagged is not None else {}

    def _put(self, proposal: Proposal) -> None:
        self._items = [proposal if p.id == proposal.id else p for p in self._items]
        self.changed.emit()

    def _take(self, ids: set[str]) -> None:
        """Accepted: off the ghost row (the undo command calls this)."""
        self._items = [p for p in self._items if p.id not in ids]
        if self._selected in ids:
            self.select(None)
        self.changed.emit()

    def _give_back(self, proposals: Sequence[Proposal], generation: int) -> None:
        """An accept undone: the proposals return, when they still belong to the search on screen."""
        if generation != self.generation:
            return
        have = {p.id for p in self._items}
        self._items = sorted([*self._items, *(p for p in proposals if p.id not in have)],
                             key=lambda p: (p.window.start_ms, p.sku))
        self.changed.emit()


class AcceptProposals(QUndoCommand):
    """Accepting proposals: their popups are added and the proposals leave the ghost row; undo reverses both."""

    KIND = Change.POPUPS

    def __init__(self, proposals: Proposals, popups: list[Popup], accepted: list[Proposal], text: str) -> None:
        super().__init__(text)
        self.proposals = proposals
        self.document = proposals.editor.document
        self.popups = copy.deepcopy(popups)
        self.accepted = list(accepted)
        self.generation = proposals.generation

    def redo(self) -> None:
        self.document.project.popups.extend(copy.deepcopy(self.popups))
        self.proposals._take({p.id for p in self.accepted})

    def undo(self) -> None:
        ids = {p.id for p in self.popups}
        self.document.project.popups[:] = [p for p in self.document.project.popups if p.id not in ids]
        self.proposals._give_back(self.accepted, self.generation)


class ProposalLanes(LaneStrip):
    """The ghost row: each proposal a dashed block on the timeline's time axis; drag an edge to adjust it."""

    def __init__(self, proposals: Proposals, timeline: TimelineWidget, parent: QWidget | None = None) -> None:
        super().__init__(timeline, "proposalLanes", parent)
        self.setAccessibleName(self.tr("Proposed popups"))
        self.proposals = proposals
        self._drag: tuple[str, str] | None = None
        proposals.changed.connect(self._relayout)
        proposals.selectionChanged.connect(self.update)
        self._relayout()

    def _relayout(self) -> None:
        self.lay_out(self.proposals.items)

    def hit(self, pos: QPointF) -> tuple[Proposal, str] | None:
        for proposal in self.proposals.items:
            part = self.part_at(proposal, pos)
            if part is not None:
                return proposal, part
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self.hit(event.position())
        self.proposals.select(hit[0].id if hit else None)
        self._drag = (hit[0].id, hit[1]) if hit and hit[1] != "body" else None
        if hit and hit[1] == "body":
            self.proposals.editor.seekRequested.emit(hit[0].start_ms)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is None:
            hit = self.hit(pos)
            self.setCursor(Qt.CursorShape.SizeHorCursor if hit and hit[1] != "body" else Qt.CursorShape.ArrowCursor)
            self.setToolTip(self._tooltip(hit[0]) if hit else "")
            return
        proposal = self.proposals.get(self._drag[0])
        if proposal is None:
            return
        editor = self.proposals.editor
        ms = min(max(self.ms_at(pos.x()), 0), editor.duration_ms)
        if self._drag[1] == "start":
            start = nearest_edge([e for e in editor.frame_edges() if e < proposal.end_ms], ms)
            self.proposals.set_span(proposal.id, min(start, proposal.end_ms - 1), proposal.end_ms)
        else:
            end = nearest_edge([e for e in editor.frame_edges() if e > proposal.start_ms], ms)
            self.proposals.set_span(proposal.id, proposal.start_ms, max(end, proposal.start_ms + 1))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.proposals.accept([hit[0].id])
            event.accept()
        else:
            super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        hit = self.hit(QPointF(event.pos()))
        if hit is None:
            return
        proposal_id = hit[0].id
        self.proposals.select(proposal_id)
        menu = QMenu(self)
        menu.addAction(self.tr("Accept"), lambda: self.proposals.accept([proposal_id]))
        menu.addAction(self.tr("Reject"), lambda: self.proposals.reject([proposal_id]))
        menu.exec(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up and Down choose a proposal (in time), Enter accepts the chosen one (Reject is the next Tab)."""
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.proposals.items:
            step = -1 if key == Qt.Key.Key_Up else 1
            self.proposals.select(self.step_id(self.proposals.items, self.proposals.selected_id, step))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.proposals.selected_id:
            self.proposals.accept([self.proposals.selected_id])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _tooltip(self, proposal: Proposal) -> str:
        return self.tr("Proposed: {label}\n{start} – {end}\nDrag an edge to adjust, double-click to accept").format(
            label=self.proposals.label(proposal), start=format_ms(proposal.start_ms), end=format_ms(proposal.end_ms))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), BACKGROUND)
            p.setClipRect(QRectF(MARGIN, 0, self.width() - 2 * MARGIN, self.height()))
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            for proposal in self.proposals.items:
                rect = self.block_rect(proposal)
                selected = proposal.id == self.proposals.selected_id
                weak = proposal.window.to_check
                colour = GHOST_SELECTED if selected else CHECK_COLOR if weak else GHOST_COLOR
                p.setPen(QPen(colour, 2 if selected else 1.5, Qt.PenStyle.DotLine if weak else Qt.PenStyle.DashLine))
                p.setBrush(GHOST_FILL)
                p.drawRoundedRect(rect, 4, 4)
                if weak:
                    p.setBrush(QBrush(CHECK_FILL, Qt.BrushStyle.BDiagPattern))
                    p.drawRoundedRect(rect, 4, 4)
                self.paint_label(p, rect, self.proposals.label(proposal), GHOST_TEXT)
            x = round(self.timeline.x_for_ms(self.proposals.editor.position))
            p.fillRect(QRectF(x - 1, 0, 2, self.height()), PLAYHEAD)
        finally:
            if self.hasFocus():
                paint_focus_frame(p, self)
            p.end()


class ProposalRow(QWidget):
    """The ghost row with its buttons; shown only while there are proposals."""

    def __init__(self, proposals: Proposals, timeline: TimelineWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposals = proposals
        self.setObjectName("proposalRow")
        self.lanes = ProposalLanes(proposals, timeline, self)
        self.summary = QLabel(self)
        self.summary.setObjectName("proposalSummary")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.accept_button.setObjectName("acceptProposalButton")
        self.accept_button.setToolTip(self.tr("Make the selected proposal a popup (the rules fit it)"))
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.reject_button.setObjectName("rejectProposalButton")
        self.accept_all_button = QPushButton(self.tr("Accept all"), self)
        self.reject_all_button = QPushButton(self.tr("Reject all"), self)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 2, 6, 2)
        buttons.addWidget(self.summary, 1)
        for button in (self.accept_button, self.reject_button, self.accept_all_button, self.reject_all_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.lanes)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self._accept)
        self.reject_button.clicked.connect(self._reject)
        self.accept_all_button.clicked.connect(proposals.accept_all)
        self.reject_all_button.clicked.connect(proposals.reject_all)
        proposals.changed.connect(self._update)
        proposals.selectionChanged.connect(self._update)
        self._update()

    def _accept(self) -> None:
        if self.proposals.selected_id:
            self.proposals.accept([self.proposals.selected_id])

    def _reject(self) -> None:
        if self.proposals.selected_id:
            self.proposals.reject([self.proposals.selected_id])

    def _update(self, *_: object) -> None:
        items = self.proposals.items
        self.setVisible(bool(items))
        self.summary.setText(self.tr("Found: %n proposal(s). Select one to see its box on the player.", "",
                                     len(items)))
        chosen = bool(self.proposals.selected_id)
        self.accept_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

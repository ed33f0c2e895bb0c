"""The popup editor's shared state: which popup is selected, the live rule problems, and the edits.

The popup lanes, the product picker, the inspector, the problems list and the player overlay all talk to one
`PopupEditor`: it turns what they ask for into undo commands on the `Document` (so everything is undoable),
keeps the selection valid across undo/redo, and re-runs `core.popup_rules.check_popups` (with the current
trim and the local catalog) on every change. Must not hold: rules (those are `core.popup_rules`), widgets,
painting, or any time arithmetic beyond asking `core` (fit_proposal) and snapping to frames.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.core import safe_zones
from studio.core.catalog import Catalog
from studio.core.errors import StudioError
from studio.core.popup_rules import check_popups, fit_proposal
from studio.core.problems import PopupProblem
from studio.core.product import Product, snapshot
from studio.core.project import Popup
from studio.core.reframe import boxes_in_span
from studio.ui.editor.document import Document
from studio.ui.editor.undo_commands import AddPopups, EditPopup, RemovePopup
from studio.ui.errors import error_text, translated

DEFAULT_POPUP_MS = 4_000
TRIM_SETTLE_MS = 150
"""How long the trim stays still before the popups are checked against it again."""
"""How long a popup added at the playhead is meant to stay (fit_proposal then applies the rules)."""
DEFAULT_ANCHOR = (0.45, 0.6)


def nearest_edge(edges: Sequence[int], ms: float) -> int:
    """The frame boundary in sorted `edges` nearest to `ms` (the earlier one on a tie); `ms` rounded when none."""
    if not edges:
        return round(ms)
    i = bisect.bisect_left(edges, ms)
    near = [edges[j] for j in (i - 1, i) if 0 <= j < len(edges)]
    return min(near, key=lambda e: (abs(e - ms), e))


class PopupEditor(QObject):
    """Selection, problems and undoable popup edits for one `Document` (see the module docstring)."""

    selectionChanged = Signal(str)
    """The selected popup's id, "" when none."""
    popupsChanged = Signal()
    """The popups, the trim or the problems changed (an edit, an undo, a redo, another project)."""
    seekRequested = Signal(int)
    message = Signal(str)
    """Something to tell the person briefly (what fitting a new popup changed, a catalog error)."""
    notAdded = Signal(str)
    """"Add popup" added nothing; why, and what would make room (shown by the inspector, which shows the rules)."""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._selected = ""
        self._problems: list[PopupProblem] = []
        self._catalog: Catalog | None = None
        self._frame_times: Sequence[int] = ()
        self._position = 0
        # the popups' checks look at the trim too: a trim set (or undone) is checked at once, the moves a drag
        # merges into it once the drag settles, so the drag itself repaints only the timeline
        self._trim_settle = QTimer(self)
        self._trim_settle.setSingleShot(True)
        self._trim_settle.setInterval(TRIM_SETTLE_MS)
        self._trim_settle.timeout.connect(self._trim_settled)
        self._trim_pending = False
        document.popupsChanged.connect(self._on_changed)
        document.trimChanged.connect(self._on_trim_changed)
        document.loaded.connect(self._on_loaded)

    # --- what the window tells us -----------------------------------------------------------------------

    def set_frame_times(self, times: Sequence[int]) -> None:
        self._frame_times = times

    def set_position(self, ms: int) -> None:
        self._position = ms

    @property
    def position(self) -> int:
        return self._position

    def close(self) -> None:
        """Close the catalog (the window is closing)."""
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None

    # --- reading ----------------------------------------------------------------------------------------

    @property
    def popups(self) -> list[Popup]:
        return self.document.project.popups

    @property
    def duration_ms(self) -> int:
        info = self.document.media_info
        return info.duration_ms if info is not None else 0

    def frame_edges(self) -> list[int]:
        """Where a popup may start or end: every frame's time, and the clip's end."""
        edges = list(self._frame_times)
        if self.duration_ms and (not edges or edges[-1] < self.duration_ms):
            edges.append(self.duration_ms)
        return edges

    def popup(self, popup_id: str) -> Popup | None:
        return next((p for p in self.popups if p.id == popup_id), None)

    @property
    def selected_id(self) -> str:
        return self._selected

    def selected(self) -> Popup | None:
        return self.popup(self._selected) if self._selected else None

    @property
    def problems(self) -> list[PopupProblem]:
        return self._problems

    def problem_ids(self, severity: str = "error") -> set[str]:
        return {p.popup_id for p in self._problems if p.popup_id and p.severity == severity}

    def title(self, popup: Popup) -> str:
        return str(popup.snapshot.get("title") or popup.sku or self.tr("(no product)"))

    def problem_text(self, problem: PopupProblem) -> str:
        """The problem's message in the person's language, other popups named by their product."""
        values: dict[str, Any] = dict(problem.values)
        other = self.popup(str(values.get("other", "")))
        if other is not None:
            values["other"] = self.title(other)
        return translated(problem.template, values, problem.message)

    # --- the catalog ------------------------------------------------------------------------------------

    def catalog(self) -> Catalog | None:
        """The local catalog, opened on first use; None (and a message) when it cannot be opened."""
        if self._catalog is None:
            try:
                self._catalog = Catalog.open()
            except StudioError as exc:
                self.message.emit(error_text(exc))
                return None
        return self._catalog

    def search(self, text: str) -> list[Product]:
        catalog = self.catalog()
        return catalog.search(text) if catalog is not None else []

    def lookup(self, sku: str) -> Product | None:
        catalog = self.catalog()
        return catalog.get(sku) if catalog is not None else None

    # --- selection and jumping --------------------------------------------------------------------------

    def select(self, popup_id: str | None) -> None:
        popup_id = popup_id or ""
        if popup_id and self.popup(popup_id) is None:
            popup_id = ""
        if popup_id != self._selected:
            self._selected = popup_id
            self.selectionChanged.emit(popup_id)

    def jump_to(self, popup_id: str) -> None:
        """Select the popup and show the player at its start."""
        popup = self.popup(popup_id)
        if popup is None:
            return
        self.select(popup_id)
        self.seekRequested.emit(popup.start_ms)

    # --- edits (each one undo command) ------------------------------------------------------------------

    def add_product(self, product: Product, variant_sku: str = "") -> list[Popup]:
        """Tag `product` (its variant `variant_sku`, or the whole product when "") at the playhead for
        `DEFAULT_POPUP_MS`, fitted by the rules and kept clear of the other popups; the snapshot is taken now.
        Says what fitting changed; returns the popups added."""
        if self.document.media_info is None:
            return []
        start = self._position
        fitted = fit_proposal(start, start + DEFAULT_POPUP_MS, duration_ms=self.duration_ms,
                              trim=self.document.project.trim, sku=product.product_id,
                              snapshot=snapshot(product, variant_sku=variant_sku, now=datetime.now(UTC)),
                              anchor=DEFAULT_ANCHOR, avoid=self.popups)
        if variant_sku:
            fitted = dataclasses.replace(fitted, popups=[dataclasses.replace(p, variant_sku=variant_sku)
                                                         for p in fitted.popups])
        notes = " ".join(translated(n.template, n.values, n.message) for n in fitted.notes)
        if not fitted.popups:
            self.message.emit(notes)
            self.select("")
            self.notAdded.emit(notes)
            return []
        self.document.push(AddPopups(self.document, fitted.popups,
                                     self.tr("Add Popup {title}").format(title=product.title)))
        self.select(fitted.popups[0].id)
        if notes:
            self.message.emit(notes)
        return fitted.popups

    def delete_selected(self) -> None:
        popup = self.selected()
        if popup is not None:
            self.document.push(RemovePopup(self.document, popup.id,
                                           self.tr("Delete Popup {title}").format(title=self.title(popup))))

    def edit(self, popup_id: str, text: str, merge_key: str = "", **changes: Any) -> None:
        """Change fields of one popup (one undo step; merged with the previous one when `merge_key` matches)."""
        popup = self.popup(popup_id)
        if popup is None:
            return
        if "start_ms" in changes or "end_ms" in changes:  # the product's boxes follow the span, from the drag's start
            origin = self._merging_into(popup_id, merge_key) or popup
            changes["product_boxes"] = boxes_in_span(origin.product_boxes, changes.get("start_ms", popup.start_ms),
                                                     changes.get("end_ms", popup.end_ms))
        after = dataclasses.replace(popup, **changes)
        if after != popup:
            self.document.push(EditPopup(self.document, after, text, merge_key=merge_key))

    def _merging_into(self, popup_id: str, merge_key: str) -> Popup | None:
        """The popup as it was before the edit that an edit of `popup_id` with `merge_key` would merge into
        (None: it would not merge), so a drag that shortens a popup and lengthens it again loses nothing."""
        stack = self.document.undo_stack
        # Qt merges only into the newest command, and never across the clean state (a save mid-drag)
        top = stack.command(stack.index() - 1) if stack.index() > 0 and stack.cleanIndex() != stack.index() else None
        return top.before if isinstance(top, EditPopup) and top.takes(popup_id, merge_key) else None

    def set_times(self, popup_id: str, start_ms: int, end_ms: int, merge_key: str = "") -> None:
        self.edit(popup_id, self.tr("Move Popup"), merge_key, start_ms=start_ms, end_ms=end_ms)

    def set_start(self, popup_id: str, ms: int) -> None:
        """A typed start, on a frame boundary and before the end."""
        popup = self.popup(popup_id)
        if popup is not None:
            start = min(nearest_edge(self.frame_edges(), max(ms, 0)), popup.end_ms - 1)
            self.edit(popup_id, self.tr("Set Popup Start"), start_ms=start)

    def set_end(self, popup_id: str, ms: int) -> None:
        """A typed end, on a frame boundary, after the start and inside the clip."""
        popup = self.popup(popup_id)
        if popup is not None:
            end = nearest_edge(self.frame_edges(), min(ms, self.duration_ms or ms))
            self.edit(popup_id, self.tr("Set Popup End"), end_ms=max(end, popup.start_ms + 1))

    def set_anchor(self, popup_id: str, x: float, y: float, merge_key: str | None = None) -> None:
        """Move the card's anchor, kept inside the safe zone (typed edits of one popup's anchor merge)."""
        x, y = safe_zones.clamp_to_safe_zone(x, y)
        self.edit(popup_id, self.tr("Move Popup Card"), merge_key or f"anchor-{popup_id}", anchor_x=x, anchor_y=y)

    def refresh_snapshot(self, popup_id: str) -> bool:
        """Take the product facts again from the catalog (for the variant the popup shows); False when the
        product is no longer there."""
        popup = self.popup(popup_id)
        product = self._listed(popup)
        if popup is None or product is None:
            return False
        self.edit(popup_id, self.tr("Refresh Product Facts"),
                  snapshot=snapshot(product, variant_sku=popup.variant_sku, now=datetime.now(UTC)))
        return True

    def set_variant(self, popup_id: str, variant_sku: str) -> bool:
        """Show the variant `variant_sku` of the popup's product ("": the whole product): its price, label and
        page, from the catalog, in one undo step; False when the product is no longer there."""
        popup = self.popup(popup_id)
        product = self._listed(popup)
        if popup is None or product is None:
            return False
        self.edit(popup_id, self.tr("Choose Variant"), variant_sku=variant_sku,
                  snapshot=snapshot(product, variant_sku=variant_sku, now=datetime.now(UTC)))
        return True

    def _listed(self, popup: Popup | None) -> Product | None:
        """The popup's product as the catalog lists it now; None (and a message) when it is gone."""
        if popup is None:
            return None
        product = self.lookup(popup.sku)
        if product is None or product.withdrawn:
            self.message.emit(self.tr("Product {sku} is no longer in the catalog").format(sku=popup.sku))
            return None
        return product

    # --- keeping up with the document -------------------------------------------------------------------

    def _on_loaded(self) -> None:
        self.select(None)

    def _on_changed(self) -> None:
        if self._selected and self.popup(self._selected) is None:
            self.select(None)
        self.recheck()

    def _on_trim_changed(self) -> None:
        self._trim_pending = self.document.merging
        if self._trim_pending:
            self._trim_settle.start()
        else:
            self.recheck()

    def _trim_settled(self) -> None:
        if self._trim_pending:
            self._trim_pending = False
            self.recheck()

    def recheck(self) -> None:
        """Run the rules again (the catalog may have changed: a sync, an import, the picker's Refresh)."""
        self._problems = self._check()
        self.popupsChanged.emit()

    def _check(self) -> list[PopupProblem]:
        if self.document.media_info is None:
            return []
        catalog = self.catalog() if self.popups else None
        return check_popups(self.popups, duration_ms=self.duration_ms, trim=self.document.project.trim,
                            catalog_lookup=catalog.get if catalog is not None else None, now=datetime.now(UTC),
                            applet_known=catalog.applet_known if catalog is not None else None,
                            framing=self.document.framing())

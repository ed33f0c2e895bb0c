"""Undo commands: every edit of the project goes through one of these (and so can be undone)."""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from studio.core.platform_profile import Fit
from studio.core.project import Popup, PostText, SoundSettings, TrimRange
from studio.ui.editor.document import Change, Document


class SetTrim(QUndoCommand):
    """Set the in and/or out point; successive drags of the same handle merge into one step."""

    KIND = Change.TRIM

    ID = 1001

    def __init__(self, document: Document, trim: TrimRange | None, text: str, merge_key: str = "") -> None:
        super().__init__(text)
        self.document = document
        self.before = copy.deepcopy(document.project.trim)
        self.after = copy.deepcopy(trim)
        self.merge_key = merge_key

    def id(self) -> int:
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetTrim) or other.merge_key != self.merge_key:
            return False
        self.after = copy.deepcopy(other.after)
        return True

    def redo(self) -> None:
        self.document.project.trim = copy.deepcopy(self.after)

    def undo(self) -> None:
        self.document.project.trim = copy.deepcopy(self.before)


class AddPopups(QUndoCommand):
    """Add popups at the end of the project's list (one product tagged, maybe split into parts)."""

    KIND = Change.POPUPS

    def __init__(self, document: Document, popups: list[Popup], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.popups = copy.deepcopy(popups)

    def redo(self) -> None:
        self.document.project.popups.extend(copy.deepcopy(self.popups))

    def undo(self) -> None:
        ids = {p.id for p in self.popups}
        self.document.project.popups[:] = [p for p in self.document.project.popups if p.id not in ids]


class RemovePopup(QUndoCommand):
    """Remove one popup; undo puts it back where it was in the list."""

    KIND = Change.POPUPS

    def __init__(self, document: Document, popup_id: str, text: str) -> None:
        super().__init__(text)
        self.document = document
        popups = document.project.popups
        self.index = next(i for i, p in enumerate(popups) if p.id == popup_id)
        self.popup = copy.deepcopy(popups[self.index])

    def redo(self) -> None:
        del self.document.project.popups[self.index]

    def undo(self) -> None:
        self.document.project.popups.insert(self.index, copy.deepcopy(self.popup))


class EditPopup(QUndoCommand):
    """Replace one popup's fields (times, style, label, anchor, snapshot); edits of the same popup with the same
    `merge_key` (one drag, one field typed again) merge into one step."""

    KIND = Change.POPUPS

    ID = 1002

    def __init__(self, document: Document, after: Popup, text: str, merge_key: str = "") -> None:
        super().__init__(text)
        self.document = document
        self.before = copy.deepcopy(next(p for p in document.project.popups if p.id == after.id))
        self.after = copy.deepcopy(after)
        self.merge_key = merge_key

    def id(self) -> int:
        return self.ID if self.merge_key else -1

    def takes(self, popup_id: str, merge_key: str) -> bool:
        """Whether an edit of `popup_id` with `merge_key` merges into this one (one drag, one step)."""
        return bool(merge_key) and merge_key == self.merge_key and popup_id == self.after.id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditPopup) or not self.takes(other.after.id, other.merge_key):
            return False
        self.after = copy.deepcopy(other.after)
        self.setText(other.text())
        self.setObsolete(self.after == self.before)  # dragged back where it was: no step at all
        return True

    def _put(self, popup: Popup) -> None:
        popups = self.document.project.popups
        index = next(i for i, p in enumerate(popups) if p.id == popup.id)
        popups[index] = copy.deepcopy(popup)

    def redo(self) -> None:
        self._put(self.after)

    def undo(self) -> None:
        self._put(self.before)


class SetPostText(QUndoCommand):
    """Set the post's title, description and hashtags; typing in one field merges into one step."""

    KIND = Change.POST

    ID = 1003

    def __init__(self, document: Document, after: PostText, text: str, merge_key: str = "") -> None:
        super().__init__(text)
        self.document = document
        self.before = copy.deepcopy(document.project.post)
        self.after = copy.deepcopy(after)
        self.merge_key = merge_key

    def id(self) -> int:
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetPostText) or other.merge_key != self.merge_key:
            return False
        self.after = copy.deepcopy(other.after)
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        self.document.project.post = copy.deepcopy(self.after)

    def undo(self) -> None:
        self.document.project.post = copy.deepcopy(self.before)


class SetFit(QUndoCommand):
    """Choose how a landscape or square source becomes 9:16 (`Project.fit`).

    It has no KIND: the output picture changes under everything (the popups' places, the cover, the preview), so
    every panel hears of it."""

    def __init__(self, document: Document, fit: Fit | None, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.before = document.project.fit
        self.after = fit

    def redo(self) -> None:
        self.document.project.fit = self.after

    def undo(self) -> None:
        self.document.project.fit = self.before


class SetSound(QUndoCommand):
    """Set the export's sound (mute, loudness, music and its levels); moving one slider merges into one step."""

    KIND = Change.SOUND

    ID = 1004

    def __init__(self, document: Document, after: SoundSettings, text: str, merge_key: str = "") -> None:
        super().__init__(text)
        self.document = document
        self.before = copy.deepcopy(document.project.sound)
        self.after = copy.deepcopy(after)
        self.merge_key = merge_key

    def id(self) -> int:
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSound) or other.merge_key != self.merge_key:
            return False
        self.after = copy.deepcopy(other.after)
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        self.document.project.sound = copy.deepcopy(self.after)

    def undo(self) -> None:
        self.document.project.sound = copy.deepcopy(self.before)

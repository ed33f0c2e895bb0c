"""Undo commands: every edit of the project goes through one of these (and so can be undone)."""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from studio.core.project import TrimRange
from studio.ui.document import Document


class SetTrim(QUndoCommand):
    """Set the in and/or out point; successive drags of the same handle merge into one step."""

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

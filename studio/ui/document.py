"""The open document: one project, its file path, its media facts and its undo stack.

Widgets observe it (signals) and never edit the project directly: every edit is a QUndoCommand pushed
here (see `undo_commands`), so everything can be undone and the document is "modified" exactly when the
undo stack is not clean.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.core.media_info import MediaInfo
from studio.core.project import Project
from studio.core.project_file import save_project
from studio.core.recovery import discard_recovery, recovery_path_for, write_recovery


class Document(QObject):
    changed = Signal()
    """The project's content changed (an edit, an undo or a redo)."""
    loaded = Signal()
    """A different project (or none) was put in place."""
    pathChanged = Signal()
    modifiedChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = Project()
        self.path: Path | None = None
        self.media_path: Path | None = None
        self.media_info: MediaInfo | None = None
        self.undo_stack = QUndoStack(self)
        # bound methods, not lambdas: Qt drops these connections before the stack (our child) dies
        self.undo_stack.indexChanged.connect(self._on_index_changed)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @Slot(int)
    def _on_index_changed(self, _index: int) -> None:
        self.changed.emit()

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def has_media(self) -> bool:
        return self.media_info is not None

    def replace(self, project: Project, path: Path | None, media_path: Path | None, info: MediaInfo | None,
                *, modified: bool = False) -> None:
        """Put a new project in place (a fresh undo history); `modified` for recovered work."""
        self.project = project
        self.path = path
        self.media_path = media_path
        self.media_info = info
        self.undo_stack.clear()
        if modified:
            self.undo_stack.resetClean()  # clean index -1: modified until saved
        self.loaded.emit()
        self.pathChanged.emit()
        self.modifiedChanged.emit(self.modified)
        self.changed.emit()

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def save(self, path: Path | None = None) -> Path:
        """Save atomically to `path` (or the current path); marks the document clean; drops its recovery."""
        target = Path(path or self.path or "")
        if not str(target):
            raise ValueError("no path to save to")
        old_recovery = recovery_path_for(self.project, self.path)
        save_project(self.project, target)
        if target != self.path:
            self.path = target
            self.pathChanged.emit()
        self.undo_stack.setClean()
        discard_recovery(old_recovery)
        discard_recovery(recovery_path_for(self.project, self.path))
        return target

    def autosave(self) -> Path | None:
        """Write the recovery file when modified; returns its path (None when there was nothing to save)."""
        if not self.modified or self.project.source is None:
            return None
        return write_recovery(self.project, self.path)

    def discard_recovery(self) -> None:
        discard_recovery(recovery_path_for(self.project, self.path))

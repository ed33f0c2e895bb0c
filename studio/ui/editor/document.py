"""The open document: one project, its file path, its media facts and its undo stack.

Widgets observe it (signals) and never edit the project directly: every edit is a QUndoCommand pushed
here (see `undo_commands`), so everything can be undone and the document is "modified" exactly when the
undo stack is not clean.

Every change has a kind (`Change`), named by its command's `KIND`, and each kind its signal: a panel listens to
what it shows (a trim drag repaints the timeline, not the cover). A command without a kind counts as every kind.
"""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.core.media_info import MediaInfo
from studio.core.project import Project
from studio.core.project_file import save_project
from studio.core.recovery import discard_recovery, recovery_path_for, write_recovery
from studio.core.reframe import FollowPath, Framing


class Change(enum.Enum):
    """What part of the project an edit touched."""

    TRIM = "trim"
    POPUPS = "popups"
    COVER = "cover"
    POST = "post"
    SOUND = "sound"
    MEDIA = "media"


class Document(QObject):
    changed = Signal()
    """The project's content changed (an edit, an undo or a redo), whatever its kind."""
    trimChanged = Signal()
    popupsChanged = Signal()
    coverChanged = Signal()
    postChanged = Signal()
    soundChanged = Signal()
    mediaChanged = Signal()
    """The video under the project changed (a project or a video opened, a source relinked)."""
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
        self.follow_path: FollowPath | None = None
        """The follow window's path planned for `media_info` (the reframe bar plans it; None until then)."""
        self.undo_stack = QUndoStack(self)
        self._index = 0
        self.merging = False
        """True while the signals tell of an edit merged into the one before (a drag going on)."""
        # bound methods, not lambdas: Qt drops these connections before the stack (our child) dies
        self.undo_stack.indexChanged.connect(self._on_index_changed)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def signal(self, kind: Change) -> SignalInstance:
        """The signal of changes of `kind`."""
        return {Change.TRIM: self.trimChanged, Change.POPUPS: self.popupsChanged, Change.COVER: self.coverChanged,
                Change.POST: self.postChanged, Change.SOUND: self.soundChanged, Change.MEDIA: self.mediaChanged}[kind]

    @Slot(int)
    def _on_index_changed(self, index: int) -> None:
        kinds = self._kinds_between(self._index, index)
        self.merging = index == self._index
        self._index = index
        try:
            for kind in Change:
                if kind in kinds:
                    self.signal(kind).emit()
            self.changed.emit()
        finally:
            self.merging = False

    def _kinds_between(self, old: int, new: int) -> set[Change]:
        """The kinds of the commands done or undone going from index `old` to `new` (a merge: the last one's)."""
        stack = self.undo_stack
        if stack.count() == 0:  # cleared: `replace` says what changed
            return set()
        indices = range(min(old, new), max(old, new)) if old != new else range(new - 1, new)
        kinds: set[Change] = set()
        for i in indices:
            kind = getattr(stack.command(i), "KIND", None)
            kinds |= {kind} if isinstance(kind, Change) else set(Change)
        return kinds

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def has_media(self) -> bool:
        return self.media_info is not None

    def framing(self) -> Framing | None:
        """How the source becomes the 9:16 output as an export now would make it (None without a source):
        the geometry the output preview, the card drag and the card rules share."""
        info = self.media_info
        if info is None:
            return None
        fit = self.project.fit or "pad"  # what an export does until the creator chooses
        return Framing(info.display_width, info.display_height, fit, self.follow_path)

    def replace(self, project: Project, path: Path | None, media_path: Path | None, info: MediaInfo | None,
                *, modified: bool = False) -> None:
        """Put a new project in place (a fresh undo history); `modified` for recovered work."""
        self.project = project
        self.path = path
        self.media_path = media_path
        self.media_info = info
        self.follow_path = None
        self.undo_stack.clear()
        self._index = 0
        if modified:
            self.undo_stack.resetClean()  # clean index -1: modified until saved
        self.loaded.emit()
        self.pathChanged.emit()
        self.modifiedChanged.emit(self.modified)
        self.mediaChanged.emit()
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

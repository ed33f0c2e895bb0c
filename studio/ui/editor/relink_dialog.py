"""The dialog shown when a project's source video has moved: find it again, refuse a different file.

Candidates with the same size and content hash in the project's folder are offered first; any other file
the person picks is checked by `core.media_ref.check_relink`, which rejects a different file even when it
has the same name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.media_ref import check_relink, find_relink_candidates, ref_name
from studio.core.project import MediaRef
from studio.ui.errors import error_text


class RelinkDialog(QDialog):
    relinked = Signal(Path)

    def __init__(self, ref: MediaRef, project_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relinkDialog")
        self.setWindowTitle(self.tr("Find the moved video"))
        self.ref = ref
        layout = QVBoxLayout(self)
        where = ref.absolute_path or ref.relative_path or ""
        intro = QLabel(self.tr("The project's video “{name}” is no longer at {where}. Point to where it is now; "
                               "only the same file is accepted.").format(name=ref_name(ref), where=where), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.candidates = QListWidget(self)
        self.candidates.setObjectName("relinkCandidates")
        folder = project_path.parent if project_path is not None else None
        found = find_relink_candidates(ref, folder) if folder is not None and folder.is_dir() else []
        for candidate in found:
            item = QListWidgetItem(str(candidate), self.candidates)
            item.setData(256, str(candidate))
        self.candidates.setVisible(bool(found))
        if found:
            layout.addWidget(QLabel(self.tr("Found in the project's folder:"), self))
            self.candidates.setCurrentRow(0)
        self.candidates.itemDoubleClicked.connect(lambda item: self.try_path(Path(item.data(256))))
        layout.addWidget(self.candidates)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("relinkError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #ff6b6b;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.locate_button = QPushButton(self.tr("Locate…"), self)
        self.use_button = QPushButton(self.tr("Use Selected"), self)
        self.use_button.setEnabled(bool(found))
        buttons.addButton(self.locate_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.locate_button.clicked.connect(self._locate)
        self.use_button.clicked.connect(self._use_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 260)

    def try_path(self, candidate: Path) -> bool:
        """Accept `candidate` if it is the project's file; otherwise say why and stay open."""
        try:
            found = check_relink(self.ref, candidate)
        except Exception as exc:
            self.error_label.setText(error_text(exc))
            self.error_label.show()
            return False
        self.relinked.emit(found)
        self.accept()
        return True

    def _use_selected(self) -> None:
        item = self.candidates.currentItem()
        if item is not None:
            self.try_path(Path(item.data(256)))

    def _locate(self) -> None:
        dialog = QFileDialog(self, self.tr("Where is {name}?").format(name=ref_name(self.ref)))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.try_path(Path(name)))
        dialog.open()

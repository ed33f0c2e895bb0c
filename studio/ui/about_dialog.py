"""Help > About: the version and the licences of everything the app ships, with where their sources are.

The list is `studio.jobs.licences.all_components()`, the same one `studio --licenses` prints; it is gathered
off the GUI thread because asking the ffmpeg binary its version takes a moment.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from studio import __version__
from studio.jobs.licences import Component, all_components
from studio.ui.workers import Kind, Task, run_task


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Good Circle Studio"))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<h3>Good Circle Studio {version}</h3>"
                               "<p>Shoppable short videos: trim, cover, product popups, pack, upload, review.</p>")
                       .format(version=__version__))
        title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("What the app ships, under which licence, and where the sources are:")))
        self.tree = QTreeWidget()
        self.tree.setObjectName("licences")
        self.tree.setHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("Licence"), self.tr("Source")])
        self.tree.setRootIsDecorated(False)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.task: Task = run_task(lambda _progress, _cancel: all_components(), on_done=self._fill,
                                   on_error=lambda _error: None, owner=self, label="licences",
                                   kind=Kind.INTERACTIVE)

    def _fill(self, components: list[Component]) -> None:
        for component in components:
            item = QTreeWidgetItem([component.name, component.version, component.licence, component.source])
            item.setToolTip(3, component.source + (f"\n{component.note}" if component.note else ""))
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)

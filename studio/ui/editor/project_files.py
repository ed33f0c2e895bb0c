"""The File menu's work on the open project: open (a project or a video, relinking a moved source), save, save
as, close, autosave, export the video and pack for upload.

What needs the project saved or the changes settled first (pack, close, open, quit) hands its continuation in:
an untitled project asks where to save (a non-blocking Save As) and goes on once it is saved there; a Cancel
anywhere stops it, and nothing else happens.

Must not hold: project file rules (`core.project_file`), relinking rules (`core.media_ref`), packing
(`jobs.pack`), the editing widgets (`editor`).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from studio.core import project_file
from studio.core.cancel import CancelToken, Progress
from studio.core.media_info import MediaInfo
from studio.core.media_ref import make_media_ref, resolve_media
from studio.core.package import SUFFIX as PACKAGE_SUFFIX
from studio.core.project import Project
from studio.core.project_file import load_project
from studio.jobs.pack import PackResult, pack_project
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.ui import locale_format
from studio.ui.app_windows import app_windows
from studio.ui.editor.export_dialog import ExportDialog
from studio.ui.editor.relink_dialog import RelinkDialog
from studio.ui.errors import show_error
from studio.ui.menus import make_action
from studio.ui.workers import Kind, Task

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

PROJECT_SUFFIX = project_file.SUFFIX
VIDEO_FILTER = "*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.mts *.m2ts *.3gp"


class ProjectFiles(QObject):
    """Opening, saving, exporting and packing the main window's document."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.editor = window.editor
        w = window
        self.act_open = make_action(w, self.tr("&Open…"), QKeySequence.StandardKey.Open, self.open_dialog)
        self.act_save = make_action(w, self.tr("&Save"), QKeySequence.StandardKey.Save, self.save)
        self.act_save_as = make_action(w, self.tr("Save &As…"), QKeySequence.StandardKey.SaveAs, self.save_as)
        self.act_export = make_action(w, self.tr("&Export Video…"), "Ctrl+E", self.export_dialog)
        self.act_close = make_action(w, self.tr("&Close"), QKeySequence.StandardKey.Close, self.close_document)
        self.act_quit = make_action(w, self.tr("&Quit"), QKeySequence.StandardKey.Quit, app_windows().quit)
        self.act_pack = make_action(w, self.tr("&Pack for Upload…"), "Ctrl+Shift+E", self.pack_dialog)
        self.act_pack.setToolTip(self.tr("Export the video and write the package: cover, product images and "
                                         "popup times (Ctrl+Shift+E)"))
        self.media_actions = [self.act_pack, self.act_save, self.act_export, self.act_save_as, self.act_close]

    # --- opening ----------------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        dialog = QFileDialog(self.window, self.tr("Open a video or project"))
        dialog.setNameFilters([self.tr("Videos and projects ({patterns})").format(
            patterns=f"{VIDEO_FILTER} *{PROJECT_SUFFIX}"), self.tr("All files (*)")])
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._open_selected)
        dialog.open()

    def _open_selected(self, name: str) -> None:
        self.open_path(Path(name))

    def open_path(self, path: Path) -> None:
        """Open a project file or a video (a new project around it)."""
        path = Path(path).expanduser().absolute()
        self.ask_to_discard(functools.partial(self._open_now, path))

    def _open_now(self, path: Path) -> None:
        if path.suffix.lower() == PROJECT_SUFFIX:
            try:
                project = load_project(path)
            except Exception as exc:
                show_error(self.window, exc)
                return
            self.open_project(project, path)
        else:
            self._load_media(path, None, None)

    def open_project(self, project: Project, project_path: Path | None, *, recovered: bool = False) -> None:
        if project.source is None:
            self.document.replace(project, project_path, None, None, modified=recovered)
            self._after_load(project_path)
            return
        media = resolve_media(project.source, project_path)
        if media is None:
            dialog = RelinkDialog(project.source, project_path, self.window)
            dialog.relinked.connect(functools.partial(self._relinked, project, project_path, recovered))
            dialog.open()
            return
        self._load_media(media, project, project_path, recovered=recovered)

    def _relinked(self, project: Project, project_path: Path | None, recovered: bool, found: Path) -> None:
        self._load_media(found, project, project_path, recovered=recovered)

    def _load_media(self, media: Path, project: Project | None, project_path: Path | None, *,
                    recovered: bool = False) -> None:
        """Probe and index `media` off the GUI thread, then show it; a relinked source is an edit to save."""
        relinked = project is not None and project.source is not None and resolve_media(project.source,
                                                                                         project_path) is None

        def work(progress: Progress, cancel: CancelToken) -> tuple[MediaInfo, FrameServer, Project]:
            progress(0, 3)
            info = probe(media, keyframes=True, cancel=cancel)
            progress(1, 3)
            server = FrameServer(info)
            progress(2, 3)
            target = project if project is not None else Project()
            target.source = make_media_ref(media, project_path)
            progress(3, 3)
            return info, server, target

        done = functools.partial(self._media_loaded, media, project_path, recovered or relinked)
        self.window.tasks.start(work, done, self.tr("Opening {name}…").format(name=media.name), Kind.INTERACTIVE)

    def _media_loaded(self, media: Path, project_path: Path | None, modified: bool,
                      result: tuple[MediaInfo, FrameServer, Project]) -> None:
        info, server, target = result
        self.editor.player.clear()
        self.document.replace(target, project_path, media, info, modified=modified)
        self.editor.show_media(info, server)
        self._after_load(project_path or media)

    def _after_load(self, recent: Path | None) -> None:
        if recent is not None:
            self.window.settings.add_recent(str(recent))
            self.window.menus.update_recent()
        self.window.refresh()

    def close_document(self) -> None:
        self.ask_to_discard(self._close_now)

    def _close_now(self) -> None:
        self.document.discard_recovery()
        self.editor.clear()
        self.document.replace(Project(), None, None, None)
        self._after_load(None)

    # --- saving -----------------------------------------------------------------------------------------

    def save(self, *, then: Callable[[], object] | None = None) -> bool:
        """Save to the project's file and go on with `then`; an untitled project asks where first (Save As) and
        goes on once saved there. True when it was saved now."""
        if self.document.path is None:
            self.save_as(then=then)
            return False
        saved = self.save_to(self.document.path)
        if saved and then is not None:
            then()
        return saved

    def save_as(self, *, then: Callable[[], object] | None = None) -> QFileDialog:
        """Ask where to save (non-blocking); once saved there, go on with `then`. Cancel stops here."""
        dialog = QFileDialog(self.window, self.tr("Save project"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(PROJECT_SUFFIX.lstrip("."))
        dialog.setNameFilter(self.tr("Good Circle projects (*{suffix})").format(suffix=PROJECT_SUFFIX))
        if self.document.media_path is not None:
            dialog.selectFile(str(self.document.media_path.with_suffix(PROJECT_SUFFIX)))
        dialog.setObjectName("saveAsDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(functools.partial(self._save_selected, then))
        dialog.open()
        return dialog

    def _save_selected(self, then: Callable[[], object] | None, name: str) -> None:
        if self.save_to(Path(name)) and then is not None:
            then()

    def save_to(self, path: Path) -> bool:
        try:
            saved = self.document.save(path)
        except Exception as exc:
            show_error(self.window, exc)
            return False
        self.window.settings.add_recent(str(saved))
        self.window.menus.update_recent()
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=saved), 4000)
        return True

    def autosave(self) -> Path | None:
        try:
            return self.document.autosave()
        except Exception as exc:  # a failing autosave must not interrupt the work; say so quietly
            self.window.statusBar().showMessage(self.tr("Autosave failed: {error}").format(error=exc), 8000)
            return None

    def ask_to_discard(self, then: Callable[[], object]) -> QMessageBox | None:
        """Go on with `then` once the document may be replaced: at once when nothing is modified, else after the
        person saved (through Save As for an untitled project) or discarded the changes; Cancel stops."""
        if not self.document.modified:
            then()
            return None
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("The project has unsaved changes. Save them first?"),
                          buttons.Save | buttons.Discard | buttons.Cancel, self.window)
        box.setObjectName("unsavedBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(functools.partial(self._discard_answered, box, then))
        box.open()
        return box

    def _discard_answered(self, box: QMessageBox, then: Callable[[], object], _result: int) -> None:
        answer = box.standardButton(box.clickedButton())
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=then)
        elif answer == QMessageBox.StandardButton.Discard:
            self.document.discard_recovery()
            then()

    # --- export and pack --------------------------------------------------------------------------------

    def export_dialog(self) -> ExportDialog | None:
        """File > Export Video: the project's kept range with its sound and its way of becoming 9:16, in the
        mode the person picks (non-blocking dialog)."""
        info, media = self.document.media_info, self.document.media_path
        if info is None or media is None:
            return None
        out = media.with_name(media.stem + "-export.mp4")
        # an untitled project's media are found from the source's own folder
        dialog = ExportDialog(info, copy.deepcopy(self.document.project), self.document.path or media, out,
                              self.window)
        dialog.accepted.connect(functools.partial(self._exported, dialog))
        dialog.open()
        return dialog

    def _exported(self, dialog: ExportDialog) -> None:
        result = dialog.exported
        if result is not None:
            self.window.statusBar().showMessage(self.tr("Exported {path} ({mode}, {seconds})").format(
                path=result.output, mode=result.mode, seconds=locale_format.seconds(result.seconds)), 8000)

    def pack_dialog(self) -> None:
        """File > Pack for Upload: save the project (asking where when it is untitled), then ask where the
        package goes."""
        if self.document.path is None or self.document.modified:
            self.save(then=self._choose_package)
        else:
            self._choose_package()

    def _choose_package(self) -> QFileDialog:
        assert self.document.path is not None
        start = str(self.document.path.with_suffix(PACKAGE_SUFFIX))
        dialog = QFileDialog(self.window, self.tr("Pack for upload"), start,
                             self.tr("Good Circle packages (*{suffix})").format(suffix=PACKAGE_SUFFIX))
        dialog.setObjectName("packDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(PACKAGE_SUFFIX.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._package_chosen)
        dialog.open()
        return dialog

    def _package_chosen(self, name: str) -> None:
        self.pack_to(Path(name))

    def pack_to(self, out: Path) -> Task:
        """Pack the saved project into `out` in the background (it queues behind other long work)."""
        project_path = self.document.path
        assert project_path is not None
        creator = self.window.platform.account_menu.person()  # the package names who made it
        return self.window.tasks.start(functools.partial(_pack_job, project_path, out, creator), self._packed,
                                       self.tr("Packing {name}…").format(name=out.name))

    def _packed(self, result: PackResult) -> str:
        self.window.last_package = Path(result.output)
        text = self.tr("Packed {path} ({size})").format(path=result.output, size=locale_format.data_size(result.bytes))
        self.window.problems_panel.set_pack_notes(result.notes)
        if result.notes:  # listed whole in Problems, each one clickable to its popup
            dock = self.window.findChild(QDockWidget, "problemsDock")
            assert dock is not None  # EditorDocks made it with the window
            dock.raise_()
            text += " — " + self.tr("{count} notes, listed in Problems").format(count=len(result.notes))
        self.window.statusBar().showMessage(text, 12000)
        self.window.packed.emit(result.output)
        return text


def _pack_job(project_path: Path, out: Path, creator: dict[str, str] | None, progress: Progress,
              cancel: CancelToken) -> PackResult:
    return pack_project(project_path, out, progress=progress, cancel=cancel, creator=creator)

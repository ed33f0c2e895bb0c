"""The Export Video dialog: choose the mode and the fit, see where the cut really lands, export with progress.

Before anything is written it shows the plan `studio.media.export.plan_export` makes (for `copy`, the
keyframes where the cut will really start and end; for `smart`, whether it falls back to `accurate` and why),
computed off the GUI thread. The export itself runs through `run_task` with progress and Cancel; a cancelled
or failed export leaves no file (the exporter's promise). Holds no rules.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio.core import trim
from studio.core.cancel import CancelToken, Progress
from studio.core.media_info import MediaInfo
from studio.core.project import Project
from studio.core.timeline import format_ms
from studio.jobs.export_project import export_project
from studio.media.export import ExportPlan, ExportResult, Mode, plan_export
from studio.ui.editor.reframe_bar import fit_names
from studio.ui.errors import error_text, show_error, translated
from studio.ui.workers import Kind, Task, run_task


class ExportDialog(QDialog):
    """Exports the project as it stands (its trim, its sound, its way of becoming 9:16 unless the person picks
    another here); the project given is a copy, so editing on while it exports changes nothing."""

    def __init__(self, info: MediaInfo, project: Project, project_path: Path, out_path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export Video"))
        kept = trim.effective(project.trim, info.duration_ms)
        self.info, self.start_ms, self.end_ms = info, kept.start_ms, kept.end_ms
        self.project, self.project_path = project, project_path
        self.exported: ExportResult | None = None
        self._plan_task: Task | None = None
        self._export_task: Task | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Range {start} – {end} ({length})").format(
            start=format_ms(self.start_ms), end=format_ms(self.end_ms),
            length=format_ms(self.end_ms - self.start_ms)), self))
        self.modes = QButtonGroup(self)
        texts: dict[Mode, str] = {
            "smart": self.tr("Smart: re-encode only around the cuts (fast, exact)"),
            "accurate": self.tr("Accurate: re-encode everything to the platform's format"),
            "copy": self.tr("Copy: no re-encoding; the cut moves to keyframes"),
        }
        self.mode_buttons: dict[Mode, QRadioButton] = {}
        for mode, text in texts.items():
            button = QRadioButton(text, self)
            button.setObjectName(f"mode_{mode}")
            self.modes.addButton(button)
            self.mode_buttons[mode] = button
            layout.addWidget(button)
        self.mode_buttons["smart"].setChecked(True)
        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("planLabel")
        self.plan_label.setWordWrap(True)
        layout.addWidget(self.plan_label)

        form = QFormLayout()
        self.fit = QComboBox(self)
        for fit, name in fit_names().items():
            self.fit.addItem(name, fit)
        self.fit.setCurrentIndex(self.fit.findData(project.fit or "pad"))
        form.addRow(self.tr("Other shapes:"), self.fit)
        row = QHBoxLayout()
        self.out_edit = QLineEdit(str(out_path), self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.out_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Save as:"), row)
        layout.addLayout(form)

        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self._cancel_or_close)
        layout.addWidget(self.buttons)
        self.modes.buttonToggled.connect(self._mode_changed)
        self.resize(560, 320)
        self._update_plan()

    @property
    def mode(self) -> Mode:
        return next(mode for mode, button in self.mode_buttons.items() if button.isChecked())

    def _mode_changed(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._update_plan()

    def _update_plan(self) -> None:
        info, start, end, mode = self.info, self.start_ms, self.end_ms, self.mode
        self.plan_label.setText(self.tr("Working out where the cut lands…"))

        def work(_progress: Progress, _cancel: CancelToken) -> ExportPlan:
            return plan_export(info, start, end, mode)

        self._plan_task = run_task(work, on_done=self._show_plan, on_error=self._plan_failed, owner=self,
                                   label="plan", kind=Kind.INTERACTIVE)

    def _show_plan(self, plan: ExportPlan) -> None:
        if plan.requested_mode != self.mode:
            return  # an older answer
        if plan.mode == "copy":
            moved = plan.start_ms != plan.requested_start_ms or plan.end_ms != plan.requested_end_ms
            text = self.tr("The copy will really run from {start} to {end} (keyframes).").format(
                start=format_ms(plan.start_ms), end=format_ms(plan.end_ms))
            if moved:
                text += " " + self.tr("That is not the range you chose: use Smart or Accurate to cut exactly.")
        else:
            text = self.tr("The video will start exactly at {start} and end at {end}.").format(
                start=format_ms(plan.start_ms), end=format_ms(plan.end_ms))
            if plan.fallback_reason is not None:
                reason = plan.fallback_reason
                text = self.tr("Smart cut is not possible here, so the whole range is re-encoded: {reason}").format(
                    reason=translated(reason.template, reason.values, reason.message)) + " " + text
        self.plan_label.setText(text)
        self.export_button.setEnabled(True)

    def _plan_failed(self, error: BaseException) -> None:
        self.plan_label.setText(error_text(error))
        self.export_button.setEnabled(False)

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Export video as"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("mp4")
        dialog.setNameFilter(self.tr("MP4 video (*.mp4)"))
        dialog.selectFile(self.out_edit.text())
        dialog.fileSelected.connect(self.out_edit.setText)
        dialog.open()

    def start_export(self) -> None:
        info, project, project_path, mode = self.info, self.project, self.project_path, self.mode
        out, fit = Path(self.out_edit.text()), self.fit.currentData()

        def work(progress: Progress, cancel: CancelToken) -> ExportResult:
            return export_project(project, project_path, out, mode=mode, fit=fit,
                                  source_info=info, progress=progress, cancel=cancel)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.export_button.setEnabled(False)
        for button in self.mode_buttons.values():
            button.setEnabled(False)
        self._export_task = run_task(work, on_done=self._exported, on_error=self._export_failed,
                                     on_progress=self._progressed, owner=self, label="export")

    def _progressed(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _exported(self, result: ExportResult) -> None:
        self.exported = result
        self._export_task = None
        self.accept()

    def _export_failed(self, error: BaseException) -> None:
        self._export_task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        for button in self.mode_buttons.values():
            button.setEnabled(True)
        show_error(self, error)

    def _cancel_or_close(self) -> None:
        if self._export_task is not None:
            self._export_task.cancel()  # the exporter removes its partial file; _export_failed re-enables
            return
        self.reject()

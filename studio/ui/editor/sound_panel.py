"""The export's sound: mute the original, normalise loudness, add music under it.

Music is a file the person picks (kept in the project as a media reference, relative and absolute, like the
source); its level under the original sound, how much lower it goes while the original is loud (speech),
and its fades. Every change is an undo step on the project's Document (moving one slider merges into one);
the export and `studio pack` follow these settings.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from studio.core.media_ref import make_media_ref, ref_name
from studio.core.project import MusicTrack, SoundSettings
from studio.ui.editor.document import Document
from studio.ui.editor.undo_commands import SetSound

AUDIO_FILTER = "*.mp3 *.m4a *.aac *.wav *.flac *.ogg *.opus"


class SoundPanel(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("soundPanel")
        self.document = document
        self._updating = False
        self.mute = QCheckBox(self.tr("Mute the original sound"))
        self.loudness = QCheckBox(self.tr("Normalise loudness (about -14 LUFS)"))
        self.music_name = QLabel(self.tr("No music"))
        self.music_name.setObjectName("musicName")
        self.choose = QPushButton(self.tr("Choose music…"))
        self.remove = QPushButton(self.tr("Remove"))
        self.gain = self._slider(-40, 0)
        self.duck = self._slider(-40, 0)
        self.gain_label, self.duck_label = QLabel(), QLabel()
        self.fade_in, self.fade_out = QSpinBox(), QSpinBox()
        for box in (self.fade_in, self.fade_out):
            box.setRange(0, 10_000)
            box.setSingleStep(250)
            box.setSuffix(self.tr(" ms"))
        music_row = QHBoxLayout()
        music_row.addWidget(self.music_name, 1)
        music_row.addWidget(self.choose)
        music_row.addWidget(self.remove)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow dock puts fields under labels
        self.no_audio_note = QLabel(self.tr("This clip has no sound of its own: there is nothing to mute, "
                                            "normalise or lower under speech. Music can still be added."))
        self.no_audio_note.setObjectName("noAudioNote")
        self.no_audio_note.setWordWrap(True)
        form.addRow(self.no_audio_note)
        form.addRow(self.mute)
        form.addRow(self.loudness)
        form.addRow(self.tr("Music:"), music_row)
        form.addRow(self.tr("Music level:"), self._pair(self.gain, self.gain_label))
        form.addRow(self.tr("Lower under speech by:"), self._pair(self.duck, self.duck_label))
        form.addRow(self.tr("Fade in:"), self.fade_in)
        form.addRow(self.tr("Fade out:"), self.fade_out)
        self.mute.toggled.connect(lambda on: self._change("mute", mute=on))
        self.loudness.toggled.connect(lambda on: self._change("loudness", normalize_loudness=on))
        self.choose.clicked.connect(self.choose_music)
        self.remove.clicked.connect(lambda: self._change("music", music=None))
        self.gain.valueChanged.connect(lambda v: self._change_music("gain", gain_db=float(v)))
        self.duck.valueChanged.connect(lambda v: self._change_music("duck", duck_db=float(v)))
        self.fade_in.valueChanged.connect(lambda v: self._change_music("fade_in", fade_in_ms=v))
        self.fade_out.valueChanged.connect(lambda v: self._change_music("fade_out", fade_out_ms=v))
        document.soundChanged.connect(self.refresh)
        document.loaded.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _slider(low: int, high: int) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(low, high)
        return slider

    @staticmethod
    def _pair(slider: QSlider, label: QLabel) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(slider, 1)
        label.setMinimumWidth(56)
        row.addWidget(label)
        return box

    def _change(self, key: str, **fields: Any) -> None:
        if self._updating:
            return
        after = dataclasses.replace(self.document.project.sound, **fields)
        if after != self.document.project.sound:
            self.document.push(SetSound(self.document, after, self.tr("Change sound"), merge_key=key))

    def _change_music(self, key: str, **fields: Any) -> None:
        music = self.document.project.sound.music
        if music is not None:
            self._change(key, music=dataclasses.replace(music, **fields))

    def set_music(self, path: Path) -> None:
        """Lay the music file at `path` under the original sound (keeping the levels already chosen)."""
        ref = make_media_ref(path, self.document.path)
        current = self.document.project.sound.music
        music = dataclasses.replace(current, media=ref) if current else MusicTrack(media=ref)
        self._change("music", music=music)

    def choose_music(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose music"), "",
                                              self.tr("Audio files ({patterns})").format(patterns=AUDIO_FILTER))
        if name:
            self.set_music(Path(name))

    def refresh(self) -> None:
        sound: SoundSettings = self.document.project.sound
        music = sound.music
        self._updating = True
        self.mute.setChecked(sound.mute)
        self.loudness.setChecked(sound.normalize_loudness)
        self.music_name.setText(ref_name(music.media) if music else self.tr("No music"))
        info = self.document.media_info
        own_sound = info is not None and info.has_audio
        for widget in (self.mute, self.loudness):
            widget.setEnabled(own_sound)
        self.no_audio_note.setVisible(info is not None and not info.has_audio)
        for control in (self.remove, self.gain, self.fade_in, self.fade_out):
            control.setEnabled(music is not None)
        self.duck.setEnabled(music is not None and own_sound)  # no speech under the music to duck for
        if music is not None:
            self.gain.setValue(round(music.gain_db))
            self.duck.setValue(round(music.duck_db))
            self.fade_in.setValue(music.fade_in_ms)
            self.fade_out.setValue(music.fade_out_ms)
        self.gain_label.setText(self.tr("{db} dB").format(db=self.gain.value()))
        self.duck_label.setText(self.tr("{db} dB").format(db=self.duck.value()))
        self._updating = False

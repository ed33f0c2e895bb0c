"""The `studio` command: pinned JSON fields, one-line errors, exit codes (docs/cli.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio import __version__
from studio.cli import main

PINNED_PROBE_FIELDS = {"path", "container", "duration_ms", "first_frame_ms", "width", "height", "display_width",
                       "display_height", "rotation", "sample_aspect_ratio", "avg_fps", "vfr", "video_codec",
                       "pix_fmt", "color_transfer", "interlaced", "has_audio", "audio_codec"}


def test_probe_json_has_the_pinned_fields(clip, capsys: pytest.CaptureFixture[str]) -> None:
    path = clip(rotation=-90)
    assert main(["probe", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= PINNED_PROBE_FIELDS
    assert "keyframes_ms" not in data
    assert data["path"] == str(path)
    assert data["rotation"] == 90
    assert (data["display_width"], data["display_height"]) == (240, 320)
    assert data["duration_ms"] == 2000


def test_probe_keyframes(clip, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe", str(clip(gop=15)), "--json", "--keyframes"]) == 0
    assert json.loads(capsys.readouterr().out)["keyframes_ms"] == [0, 500, 1000, 1500]


def test_probe_text(clip, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe", str(clip())]) == 0
    out = capsys.readouterr().out
    assert "duration: 0:02.000 (2000 ms)" in out
    assert "frames: 60 at 30 fps average" in out


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video")
    assert main(["probe", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"studio: {bad}: not a video file, or damaged beyond reading\n"


def test_bad_input_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe", str(tmp_path / "missing.mov"), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data == {"error": {"code": "missing", "message": "the file does not exist",
                              "path": str(tmp_path / "missing.mov")}}


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe"]) == 2
    assert capsys.readouterr().err.startswith("studio: studio probe: ")
    assert main(["no-such-command"]) == 2


def test_version_through_the_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "studio", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"studio {__version__}"


OPEN_AND_QUIT = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from studio.cli import main
from studio.ui.app import create_app
from studio.ui.main_window import MainWindow

def look():
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.document.media_path]
    if opened and opened[0].player.position == 0 and opened[0].view.image is not None:
        print("OPENED", opened[0].document.media_path, flush=True)
        QApplication.quit()
    else:
        QTimer.singleShot(100, look)

create_app()
QTimer.singleShot(100, look)
code = main(sys.argv[1:])
print("EXIT", code, flush=True)
os._exit(code)
"""
"""Runs `studio.cli.main` with the given arguments the way the `studio` script does, and quits the app once a
main window shows the file it was given (in a child process: the app it starts is the whole app)."""


@pytest.mark.gui
def test_a_file_as_the_only_argument_opens_it_in_the_app(clip) -> None:
    """`studio FILE` is `studio gui FILE`: the app starts with the file open (no "invalid choice"), and the
    terminal gets no FFmpeg stream dump."""
    path = clip()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-c", OPEN_AND_QUIT, str(path)], env=env, capture_output=True,
                            text=True, timeout=180)
    assert f"OPENED {path}" in result.stdout and "EXIT 0" in result.stdout, (result.stdout, result.stderr)
    assert "invalid choice" not in result.stderr and "Input #0" not in result.stderr, result.stderr

"""Which ffmpeg the app runs (studio/media/tools.py): an installer build's own comes after the PATH and before
the imageio-ffmpeg wheel's (the Linux folder ships FFmpeg built for it: docs/decisions/ffmpeg-binary.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from studio.media import tools


def _build_folder(base: Path) -> Path:
    """A PyInstaller folder that ships its own ffmpeg (a real executable: a shell script)."""
    ffmpeg = base / tools.BUNDLED_FOLDER / "ffmpeg"
    ffmpeg.parent.mkdir(parents=True)
    ffmpeg.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    ffmpeg.chmod(0o755)
    return ffmpeg


@pytest.mark.skipif(sys.platform == "win32", reason="the shell script stands for ffmpeg; Windows builds use "
                                                     "the wheel's ffmpeg.exe")
def test_a_builds_own_ffmpeg_comes_after_the_path_and_before_the_wheels(
        studio_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = _build_folder(tmp_path / "GoodCircleStudio" / "_internal")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundled.parent.parent), raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert tools.bundled_ffmpeg() == bundled
    assert tools.find_ffmpeg() == bundled

    on_path = tmp_path / "bin" / "ffmpeg"
    on_path.parent.mkdir()
    on_path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    on_path.chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert tools.find_ffmpeg() == on_path.resolve()


def test_running_from_source_uses_the_wheels_ffmpeg(studio_home: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert tools.bundled_ffmpeg() is None
    found = tools.find_ffmpeg()
    assert "imageio_ffmpeg" in found.parts and found.is_file()

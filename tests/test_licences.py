"""The licence list: what ships, its licence and its source, read from the running app."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from studio.cli import main
from studio.jobs.licences import BUILD_MANIFEST, all_components, ffmpeg_component, ffmpeg_libraries, python_packages
from studio.media.tools import BUNDLED_FOLDER, bundled_folder


def test_python_packages_are_the_runtime_closure() -> None:
    names = {c.name.lower().replace("_", "-") for c in python_packages()}
    for wanted in ("pyside6-essentials", "pyside6-addons", "requests", "keyring", "numpy", "av",
                   "opencv-python-headless", "urllib3", "shiboken6"):
        assert wanted in names
    # test tools are not shipped
    assert not names & {"pytest", "pytest-qt", "hypothesis", "ruff", "import-linter"}
    assert "good-circle-studio" not in names


def test_every_component_names_a_licence_and_a_source() -> None:
    components = all_components()
    assert {"Qt", "OpenCV", "FFmpeg"} <= {c.name for c in components}
    for c in components:
        assert c.licence and c.licence != "-", c
        assert c.source.startswith("https://"), c


def test_ffmpeg_licence_follows_its_configure_line() -> None:
    component = ffmpeg_component()
    assert component.version not in ("", "unknown", "not found")
    assert component.licence.split("-")[0] in ("GPL", "LGPL")


def test_cli_prints_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--licenses"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Good Circle Studio ")
    assert "Qt " in out and "FFmpeg " in out and "LGPL-3.0" in out and "source: https://" in out


def test_an_own_ffmpeg_build_lists_the_libraries_it_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ffmpeg_libraries(bundled_folder()) == []  # from the source tree: no installer folder
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)  # as PyInstaller's folder says
    folder = tmp_path / BUNDLED_FOLDER
    folder.mkdir()
    manifest = {"libraries": {}, "components": [
        {"name": "FFmpeg", "version": "8.1.2", "licence": "GPL-2.0-or-later", "source": "https://ffmpeg.org/"},
        {"name": "x264", "version": "0.164", "licence": "GPL-2.0-or-later",
         "source": "https://code.videolan.org/videolan/x264", "note": "libx264.so.164"}]}
    (folder / BUILD_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (x264,) = ffmpeg_libraries(bundled_folder())  # FFmpeg itself is described by ffmpeg_component
    assert (x264.name, x264.version, x264.licence, x264.note) == ("x264", "0.164", "GPL-2.0-or-later",
                                                                  "libx264.so.164")
    # listed whichever ffmpeg program runs (a system one on the PATH comes first): PyAV loads these anyway
    assert "x264" in [c.name for c in all_components()]

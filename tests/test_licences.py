"""The licence list: what ships, its licence and its source, read from the running app."""

from __future__ import annotations

import pytest

from studio.cli import main
from studio.jobs.licences import all_components, ffmpeg_component, python_packages


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

"""`studio --self-test`: probe, trim, paint, pack and verify a generated clip, headless."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.cli import main


def test_self_test_passes_and_leaves_the_profile_alone(studio_home: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in out[:-1]] == ["ffmpeg", "probe", "render", "opencv", "pyav", "pack",
                                                     "verify"]
    assert out[-1] == "self-test passed"
    assert os.environ["STUDIO_HOME"] == str(studio_home)
    assert list(studio_home.iterdir()) == []

"""Loudness normalisation in exports: two-pass loudnorm, measured with ebur128."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main
from studio.media.export import Mode, export
from studio.media.loudness import TARGET_LUFS, integrated_lufs
from studio.media.probe import probe

QUIET = {"seconds": 8.0, "fps": 10, "gop": 10, "width": 320, "height": 240,
         "extra": ("-af", "volume=-14dB")}
"""A steady tone, so 3 s of it measure as any longer stretch would: each export keeps 3 s, of a 10 fps picture
(the sound is what is checked, and every frame an export re-encodes at 1080x1920 costs)."""


@pytest.fixture
def quiet_clip(clip) -> Path:
    return clip(**QUIET)


@pytest.mark.parametrize("mode", ["accurate", "smart", "copy"])
def test_export_reaches_the_target_within_one_lu(quiet_clip: Path, tmp_path: Path, mode: Mode) -> None:
    before = integrated_lufs(quiet_clip)
    assert before < TARGET_LUFS - 6, "the test clip must start clearly quieter than the target"
    info = probe(quiet_clip, keyframes=True)
    out = export(info, 1000, 4000, mode, tmp_path / f"{mode}.mp4", loudness_lufs=TARGET_LUFS, preset="ultrafast")
    assert abs(integrated_lufs(out.output) - TARGET_LUFS) <= 1.0
    assert out.output_info.has_audio and out.output_info.audio_codec == "aac"


def test_export_without_loudness_keeps_the_level(quiet_clip: Path, tmp_path: Path) -> None:
    before = integrated_lufs(quiet_clip)
    info = probe(quiet_clip, keyframes=True)
    out = export(info, 1000, 4000, "accurate", tmp_path / "plain.mp4", preset="ultrafast")
    assert abs(integrated_lufs(out.output) - before) <= 1.0


def test_a_silent_source_is_left_alone(clip, tmp_path: Path) -> None:
    src = clip(seconds=5.0, fps=10, gop=10, audio=False)
    out = export(probe(src, keyframes=True), 0, 3000, "accurate", tmp_path / "silent.mp4",
                 loudness_lufs=TARGET_LUFS, preset="ultrafast")
    assert out.output_info.has_audio  # the profile's silent track


def test_cli_loudness_flag(quiet_clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.mp4"
    assert main(["export", str(quiet_clip), "--start", "0", "--end", "3000", "--mode", "accurate",
                 "-o", str(out), "--loudness", "-16", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["output"] == str(out)
    assert abs(integrated_lufs(out) - -16) <= 1.0

"""`studio cover`: pinned suggestion JSON, the exported JPEG, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main
from studio.core import cover_rules
from tests.image_fixtures import read_rgb
from tests.test_cover_scoring import BAD, _inside, _segments_clip


@pytest.fixture(scope="session")
def segments(clip_dir: Path) -> Path:
    return _segments_clip(clip_dir, 15)


def test_suggest_json_is_the_pinned_list(segments: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cover", str(segments), "--suggest", "4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 4
    for item in data:
        assert set(item) >= {"time_ms", "score", "reasons"}
        assert isinstance(item["time_ms"], int) and 0 <= item["score"] <= 1
        assert item["reasons"] and all(isinstance(r, str) for r in item["reasons"])
        assert not _inside(item["time_ms"], BAD)
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)


def test_suggest_in_a_range_and_as_text(segments: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cover", str(segments), "--suggest", "2", "--start", "8000", "--end", "9600"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1. 0:0") and "score" in lines[0]
    assert main(["cover", str(segments), "--suggest", "2", "--start", "2100", "--end", "3900", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "black" in captured.err


def test_export_at_a_time_with_a_chinese_title(segments: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cover.jpg"
    code = main(["cover", str(segments), "--at", "9000", "--aspect", "9:16", "--title", "限时折扣\\n夏日好物",
                 "-o", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0
    data = json.loads(captured.out)
    assert data["output"] == str(out) and data["time_ms"] == 9000 and data["aspect"] == "9:16"
    assert out.stat().st_size == data["bytes"] <= cover_rules.MAX_BYTES
    assert read_rgb(out).shape == (1920, 1080, 3)
    assert "too_small" in {p["code"] for p in data["problems"]}  # the clip is 360 px wide
    assert "warning" in captured.err


def test_export_an_image_turned_upright(real_media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cover.jpg"
    assert main(["cover", str(real_media / "exiforient__Portrait_6.jpg"), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["time_ms"] is None and (data["width"], data["height"]) == (1080, 1440)
    assert data["source_width"] == 1200  # stored 1800x1200, shown 1200x1800 (EXIF orientation 6)


@pytest.mark.parametrize(("argv", "code"), [
    (["--suggest", "3", "-o", "x.jpg"], "usage"),
    (["--at", "500"], "usage"),
    ([], "usage"),
    (["--at", "99999", "-o", "x.jpg"], "out_of_range"),
    (["--suggest", "0"], "usage"),
])
def test_bad_arguments_exit_2(segments: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: str) -> None:
    assert main(["cover", str(segments), *argv, "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == code


def test_missing_source_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cover", str(tmp_path / "nope.mp4"), "--at", "0", "-o", str(tmp_path / "c.jpg")]) == 2
    assert "nope.mp4" in capsys.readouterr().err
    assert not (tmp_path / "c.jpg").exists()

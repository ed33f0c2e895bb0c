"""The package reader caps the zip's directory before it reads it and trusts no count in the end records
(ZIP64 included); bytes before or after the zip are refused; `studio verify` and headless review answer every
such package with a report or an error, never a traceback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from studio.cli import main
from studio.core.errors import InputError
from studio.core.package import Limits, verify_package
from tests.hostile_packages import claim_entries, many_entries, nested_json, with_zip64_end
from tests.test_package import base_manifest, good_package


def cli_answers(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    """`studio verify` and `studio review --verdict` on `path`: both exit 1 or 2 with a message, no traceback;
    returns verify's exit code."""
    code = main(["verify", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in err
    assert json.loads(out)  # a report, or the error body
    review = main(["review", str(path), "--verdict", "approve", "-o", str(tmp_path / "report.json")])
    out, err = capsys.readouterr()
    assert review in (1, 2) and "Traceback" not in err and err.startswith("studio: ")
    assert not (tmp_path / "report.json").exists()
    return code


def codes(path: Path, **kw: Any) -> list[str]:
    return [p.code for p in verify_package(path, **kw).problems]


def test_an_end_record_claiming_0xffff_entries_is_counted_from_the_directory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = many_entries(tmp_path / "many.zip", 1_500, base_manifest())
    path.write_bytes(claim_entries(path.read_bytes(), 0xFFFF))
    report = verify_package(path)
    assert [(p.code, p.values["count"]) for p in report.problems] == [("too_many_members", 1_501)]
    path.write_bytes(claim_entries(path.read_bytes(), 3))  # fewer than there are: still counted
    assert [(p.code, p.values["count"]) for p in verify_package(path).problems] == [("too_many_members", 1_501)]
    assert cli_answers(path, tmp_path, capsys) == 1


def test_a_directory_larger_than_the_cap_is_refused_before_it_is_read(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = many_entries(tmp_path / "wide.zip", 12_000, name_len=40)  # about 1.1 MB of directory
    path.write_bytes(claim_entries(path.read_bytes(), 0xFFFF))
    report = verify_package(path)
    assert [p.code for p in report.problems] == ["directory_too_large"]
    assert report.problems[0].values["limit"] == Limits().max_directory_bytes
    assert report.problems[0].values["size"] > Limits().max_directory_bytes
    assert cli_answers(path, tmp_path, capsys) == 1


def test_zip64_end_records_are_followed_and_their_counts_ignored(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    good = good_package(tmp_path).read_bytes()
    path = tmp_path / "zip64.gcpkg"
    for claimed in (4, 1, 2**40):  # the truth, and two lies
        path.write_bytes(with_zip64_end(good, claimed))
        with zipfile.ZipFile(path) as zf:
            assert len(zf.infolist()) == 4  # a real ZIP64 ending, as zipfile reads it
        assert verify_package(path).valid
    many = many_entries(tmp_path / "many64.zip", 1_500, base_manifest())
    many.write_bytes(with_zip64_end(many.read_bytes(), 1))
    assert [(p.code, p.values["count"]) for p in verify_package(many).problems] == [("too_many_members", 1_501)]
    assert cli_answers(many, tmp_path, capsys) == 1


def test_a_zip64_locator_pointing_nowhere_is_a_damaged_zip(tmp_path: Path) -> None:
    data = bytearray(with_zip64_end(good_package(tmp_path).read_bytes(), 4))
    locator = data.rfind(b"PK\x06\x07")
    data[locator + 8:locator + 16] = (10).to_bytes(8, "little")
    path = tmp_path / "lost64.gcpkg"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as info:
        verify_package(path)
    assert info.value.code == "bad_zip"


def test_bytes_before_or_after_the_zip_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = good_package(tmp_path).read_bytes()
    path = tmp_path / "wrapped.gcpkg"
    html = b"<html><body>not a package</body></html>\n"
    path.write_bytes(html + good)
    report = verify_package(path)
    assert [(p.code, p.values["count"]) for p in report.problems] == [("bytes_before_zip", len(html))]
    assert cli_answers(path, tmp_path, capsys) == 1
    path.write_bytes(good + b"trailing")
    assert [(p.code, p.values["count"]) for p in verify_package(path).problems] == [("bytes_after_zip", 8)]
    # a self-extracting layout: offsets shifted past a prefix, so the directory itself is consistent
    with zipfile.ZipFile(tmp_path / "good.gcpkg") as src, (tmp_path / "sfx.gcpkg").open("wb") as out:
        out.write(html)
        with zipfile.ZipFile(out, "w") as zf:
            for info in src.infolist():
                zf.writestr(info, src.read(info))
    assert codes(tmp_path / "sfx.gcpkg") == ["bytes_before_zip"]


def test_a_manifest_nested_100000_deep_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.gcpkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", nested_json(100_000))
    report = verify_package(path)
    assert [p.code for p in report.problems] == ["manifest_not_json"]
    assert "nested more than" in report.problems[0].message
    assert cli_answers(path, tmp_path, capsys) == 1


def test_a_lone_surrogate_or_a_huge_number_in_the_manifest_is_refused(tmp_path: Path) -> None:
    for text, where in ((json.dumps({**base_manifest(), "app_version": "\ud800"}), "app_version"),
                        (json.dumps({**base_manifest(), "max_visible": 2**64}), "max_visible")):
        path = tmp_path / "odd.gcpkg"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("manifest.json", text)
        problems = verify_package(path).problems
        assert [p.code for p in problems] == ["manifest_not_json"] and where in problems[0].message

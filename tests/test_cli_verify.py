"""`studio verify FILE [--json]`: the pinned JSON shape and the exit codes 0 / 1 / 2 (docs/cli.md)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.catalog import Catalog
from studio.core.package import write_package
from tests.test_package import BOTTLE, MEMBERS, base_manifest, good_package


def test_valid_package_json_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = good_package(tmp_path)
    assert main(["verify", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"valid": True, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "problems": []}


def test_invalid_package_exit_1_with_each_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = good_package(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("../evil.txt", b"x")
    assert main(["verify", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["problems"] == [{"path": "../evil.txt", "code": "path_traversal", "severity": "error",
                                 "message": 'member ../evil.txt points outside the package (".." in its name)'}]
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error: ../evil.txt:" in out and "[path_traversal]" in out and out.strip().endswith(")")
    assert "invalid:" in out


def test_unreadable_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cut.gcpkg"
    path.write_bytes(good_package(tmp_path).read_bytes()[:500])
    assert main(["verify", str(path), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "truncated_zip"
    assert main(["verify", str(tmp_path / "missing.gcpkg")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("studio: ") and "missing.gcpkg" in err


def test_uses_the_local_catalog_and_reports_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Catalog.open() as catalog:
        catalog.upsert([replace(BOTTLE, variants=(replace(BOTTLE.variants[0], price_cents=6900),))])
    path = good_package(tmp_path)
    assert main(["verify", str(path), "--json"]) == 0  # warnings only
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True
    assert [(p["code"], p["severity"]) for p in data["problems"]] == [("price_changed", "warning")]


def test_rule_breaking_package_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = base_manifest()
    manifest["popups"].append({**manifest["popups"][0], "id": "p2", "start_ms": 4_000, "end_ms": 8_000})
    path = tmp_path / "overlap.gcpkg"
    write_package(path, manifest, MEMBERS)
    assert main(["verify", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(p["code"], p["path"]) for p in data["problems"]] == [("popups_overlap", "manifest.json#/popups[1]")]

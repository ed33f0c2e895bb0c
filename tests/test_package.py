"""The package reader and verifier against hand-made hostile zips, and the writer's valid packages."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import struct
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core import paths
from studio.core.catalog import demo_products
from studio.core.errors import InputError, ValidationError
from studio.core.package import (
    MANIFEST,
    Limits,
    check_manifest,
    manifest_schema,
    read_package,
    verify_package,
    write_package,
)
from studio.core.product import snapshot as product_snapshot

BOTTLE = demo_products()[0]
VIDEO = os.urandom(200_000)
COVER = b"\xff\xd8cover" + os.urandom(5_000)
IMAGE = b"\x89PNGimage" + os.urandom(3_000)


def base_manifest() -> dict[str, Any]:
    snapshot = product_snapshot(BOTTLE)
    applet = snapshot.pop("applet")
    snapshot["image"] = "images/GC-BOTTLE-001.png"
    return {
        "format": "good-circle-package", "schema_version": 1, "app_version": "0.1.0",
        "created_at": "2026-11-25T22:00:00Z", "creator": {"id": "u1", "name": "小圈"},
        "video": {"path": "video.mp4", "duration_ms": 30_000, "width": 1080, "height": 1920},
        "cover": {"path": "cover.jpg", "title": "夏天的水瓶"},
        "post": {"title": "玻璃水瓶", "description": "好看又好用", "hashtags": ["好物", "水瓶"]},
        "max_visible": 1,
        "popups": [{"id": "p1", "sku": BOTTLE.product_id, "start_ms": 2_000, "end_ms": 6_000,
                    "anchor": {"x": 0.5, "y": 0.6},
                    "style": "card", "label": "限时折扣", "snapshot": snapshot, "applet": applet}],
    }


MEMBERS = {"video.mp4": VIDEO, "cover.jpg": COVER, "images/GC-BOTTLE-001.png": IMAGE}


def good_package(tmp_path: Path, manifest: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "good.gcpkg"
    write_package(path, manifest or base_manifest(), MEMBERS)
    return path


def codes(path: Path, **kw: Any) -> list[str]:
    return [p.code for p in verify_package(path, **kw).problems]


def test_valid_package_round_trip(tmp_path: Path) -> None:
    path = good_package(tmp_path)
    report = verify_package(path, catalog_lookup={BOTTLE.product_id: BOTTLE}.get)
    assert report.to_json() == {"valid": True, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                                "problems": []}
    pkg = read_package(path)
    assert pkg.manifest["members"][0] == {"path": "video.mp4", "sha256": hashlib.sha256(VIDEO).hexdigest(),
                                          "size": len(VIDEO)}
    assert pkg.read_member("video.mp4") == VIDEO and pkg.read_member("cover.jpg") == COVER
    with zipfile.ZipFile(path) as zf:
        assert zf.infolist()[0].filename == MANIFEST  # manifest first
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())  # media stored
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["good.gcpkg"]  # no temp file left


def test_writer_streams_files_from_disk(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(VIDEO)
    out = tmp_path / "from-disk.gcpkg"
    written = write_package(out, base_manifest(), {**MEMBERS, "video.mp4": video})
    assert written["members"][0]["sha256"] == hashlib.sha256(VIDEO).hexdigest()
    assert verify_package(out).valid


def test_manifest_schema_file_is_valid_and_check_manifest_follows_it(tmp_path: Path) -> None:
    schema = manifest_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    good = write_package(tmp_path / "p.gcpkg", base_manifest(), MEMBERS)
    mutations = [
        lambda m: m.pop("creator"),
        lambda m: m.update(schema_version=0),
        lambda m: m.update(extra=1),
        lambda m: m["video"].update(duration_ms="30s"),
        lambda m: m["video"].update(path="../video.mp4"),
        lambda m: m["video"].update(path="/abs.mp4"),
        lambda m: m["video"].update(path="C:/v.mp4"),
        lambda m: m["popups"][0].update(start_ms=-1),
        lambda m: m["popups"][0].update(end_ms=True),
        lambda m: m["popups"][0].update(style="banner"),
        lambda m: m["popups"][0]["applet"].update(app_id="wx123"),
        lambda m: m["popups"][0]["applet"].pop("name"),
        lambda m: m["popups"][0]["snapshot"].update(promo_ends_at="tomorrow"),
        lambda m: m["popups"][0]["snapshot"].update(price_cents=-3),
        lambda m: m["members"][0].update(sha256="ABC"),
        lambda m: m["members"][0].pop("size"),
        lambda m: m.update(cover=None),
        lambda m: m["post"].update(hashtags=["a", 1]),
        lambda m: m.update(created_at="2026-11-25 22:00"),
        lambda m: m.update(max_visible=0),
    ]
    validator = jsonschema.Draft202012Validator(schema)
    assert check_manifest(good) == [] and validator.is_valid(good)
    invalid = 0
    for mutate in mutations:
        broken = copy.deepcopy(good)
        mutate(broken)
        mine = check_manifest(broken)
        assert (mine == []) == validator.is_valid(broken), (mine, list(validator.iter_errors(broken)))
        invalid += bool(mine)
    assert invalid == len(mutations) - 1  # all but cover=None break the schema
    assert check_manifest({**good, "schema_version": 2}) == []  # version 1 and 2 both read
    assert check_manifest({**good, "schema_version": 3})[0].code == "manifest_too_new"


def test_schema_problem_names_the_field(tmp_path: Path) -> None:
    manifest = base_manifest()
    manifest["popups"][0]["applet"]["app_id"] = "not-an-app"
    report = verify_package(good_package(tmp_path, manifest))
    assert not report.valid
    assert [(p.code, p.path) for p in report.problems] == [("manifest_schema", "manifest.json#/popups/0/applet/app_id")]


def test_popup_rules_run_on_the_output_timeline(tmp_path: Path) -> None:
    manifest = base_manifest()
    manifest["popups"][0].update(start_ms=500, end_ms=1_500)
    report = verify_package(good_package(tmp_path, manifest))
    assert not report.valid
    assert {(p.code, p.path) for p in report.problems} == {("popup_too_short", "manifest.json#/popups[0]"),
                                                          ("popup_too_early", "manifest.json#/popups[0]")}


def test_catalog_and_clock_problems_are_warnings(tmp_path: Path) -> None:
    path = good_package(tmp_path)
    report = verify_package(path, catalog_lookup=lambda sku: None, now=datetime(2100, 1, 1, tzinfo=UTC))
    assert report.valid
    assert {(p.code, p.severity) for p in report.problems} == {("product_withdrawn", "warning"),
                                                               ("promo_expired", "warning")}


# -- hostile packages -------------------------------------------------------------------------------------------

def zip_with(tmp_path: Path, manifest: dict[str, Any], entries: list[tuple[zipfile.ZipInfo | str, bytes]],
             compress: int = zipfile.ZIP_STORED) -> Path:
    """A zip made by hand: manifest.json (members listed from `entries` unless already set) then `entries`."""
    if "members" not in manifest:
        manifest["members"] = [{"path": n if isinstance(n, str) else n.filename,
                                "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in entries]
    path = tmp_path / "hostile.gcpkg"
    with zipfile.ZipFile(path, "w", compress) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest))
        for name, data in entries:
            zf.writestr(name, data)
    return path


def standard_entries() -> list[tuple[zipfile.ZipInfo | str, bytes]]:
    return list(MEMBERS.items())


def test_path_traversal_name(tmp_path: Path) -> None:
    path = zip_with(tmp_path, base_manifest(), [*standard_entries(), ("../evil.txt", b"owned")])
    report = verify_package(path)
    assert not report.valid
    bad = [p for p in report.problems if p.code == "path_traversal"]
    assert [p.path for p in bad] == ["../evil.txt"] and "../evil.txt" in bad[0].message
    with pytest.raises(ValidationError) as info:
        read_package(path)
    assert info.value.code == "path_traversal"


def test_absolute_name(tmp_path: Path) -> None:
    path = zip_with(tmp_path, base_manifest(), [*standard_entries(), ("/etc/evil.txt", b"owned")])
    assert "absolute_name" in codes(path)
    win = zip_with(tmp_path, base_manifest(), [*standard_entries(), ("C:/evil.txt", b"owned")])
    assert "absolute_name" in codes(win)


def test_symlink_entry(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("images/link.png")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    path = zip_with(tmp_path, base_manifest(), [*standard_entries(), (link, b"/etc/passwd")])
    report = verify_package(path)
    assert [(p.code, p.path) for p in report.problems] == [("symlink_member", "images/link.png")]


def test_deflate_bomb(tmp_path: Path) -> None:
    bomb = zipfile.ZipInfo("bomb.bin")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    path = zip_with(tmp_path, base_manifest(), [*standard_entries(), (bomb, bytes(30_000_000))])
    report = verify_package(path)
    assert [(p.code, p.path) for p in report.problems] == [("compression_ratio", "bomb.bin")]
    assert "bomb.bin" in report.problems[0].message


def test_member_and_total_caps(tmp_path: Path) -> None:
    path = good_package(tmp_path)
    assert "member_too_large" in codes(path, limits=Limits(max_member_bytes=100_000))
    assert "total_too_large" in codes(path, limits=Limits(max_total_bytes=150_000))


def _local(name: bytes, data: bytes) -> bytes:
    return struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, zlib.crc32(data), len(data), len(data),
                       len(name), 0) + name


def _central(name: bytes, data: bytes, offset: int) -> bytes:
    return struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, zlib.crc32(data), len(data),
                       len(data), len(name), 0, 0, 0, 0, 0o100644 << 16, offset) + name


def _raw_zip(entries: list[tuple[bytes, bytes, int | None]]) -> bytes:
    """Stored entries; each local header is written unless its offset is given (then the entry only
    appears in the central directory, pointing at `offset`)."""
    body = bytearray()
    offsets = []
    for name, data, offset in entries:
        if offset is None:
            offsets.append(len(body))
            body += _local(name, data) + data
        else:
            offsets.append(offset)
    central = b"".join(_central(n, d, o) for (n, d, _), o in zip(entries, offsets, strict=True))
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0)
    return bytes(body + central + end)


def test_overlapping_entries(tmp_path: Path) -> None:
    """A CVE-2024-0450-style zip: the cover's entry lies inside the video's data."""
    manifest = base_manifest()
    inner = _local(b"cover.jpg", COVER) + COVER
    video = b"V" * 1000 + inner + b"V" * 1000
    video_local = _local(b"video.mp4", video)
    members = [(b"video.mp4", video), (b"cover.jpg", COVER), (b"images/GC-BOTTLE-001.png", IMAGE)]
    manifest["members"] = [{"path": n.decode(), "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                           for n, d in members]
    mbytes = json.dumps(manifest).encode()
    manifest_len = len(_local(b"manifest.json", mbytes)) + len(mbytes)
    cover_offset = manifest_len + len(video_local) + 1000
    raw = _raw_zip([(b"manifest.json", mbytes, None), (b"video.mp4", video, None), (b"cover.jpg", COVER, cover_offset),
                    (b"images/GC-BOTTLE-001.png", IMAGE, None)])
    path = tmp_path / "overlap.gcpkg"
    path.write_bytes(raw)
    with zipfile.ZipFile(path) as zf:  # the zip itself parses, and (on 3.11.7) zipfile reads the cover happily
        assert zf.getinfo("cover.jpg").header_offset == cover_offset
    report = verify_package(path)
    assert [(p.code, p.path) for p in report.problems] == [("overlapping_members", "cover.jpg")]
    assert "video.mp4" in report.problems[0].message


def test_entries_sharing_one_local_header(tmp_path: Path) -> None:
    manifest = base_manifest()
    manifest["cover"] = None
    manifest["popups"][0]["snapshot"]["image"] = None
    manifest["members"] = [{"path": "video.mp4", "sha256": hashlib.sha256(VIDEO).hexdigest(), "size": len(VIDEO)}]
    mbytes = json.dumps(manifest).encode()
    offset = len(_local(b"manifest.json", mbytes)) + len(mbytes)
    raw = _raw_zip([(b"manifest.json", mbytes, None), (b"video.mp4", VIDEO, None), (b"video.mp4", VIDEO, offset)])
    path = tmp_path / "dup.gcpkg"
    path.write_bytes(raw)
    got = codes(path)
    assert "overlapping_members" in got and "duplicate_member" in got


def test_member_bytes_do_not_match_sha256(tmp_path: Path) -> None:
    path = good_package(tmp_path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("video.mp4")
    data = bytearray(path.read_bytes())
    data[info.header_offset + 30 + len("video.mp4") + 500] ^= 0xFF
    path.write_bytes(bytes(data))
    report = verify_package(path)
    assert [(p.code, p.path) for p in report.problems] == [("checksum_mismatch", "video.mp4")]
    assert "video.mp4" in report.problems[0].message


def test_manifest_names_a_missing_member(tmp_path: Path) -> None:
    manifest = base_manifest()
    entries = standard_entries()
    manifest["members"] = [{"path": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in entries]
    path = zip_with(tmp_path, manifest, [e for e in entries if e[0] != "cover.jpg"])
    report = verify_package(path)
    assert [(p.code, p.path) for p in report.problems] == [("member_missing", "cover.jpg")]


def test_reference_not_among_members_and_unlisted_member(tmp_path: Path) -> None:
    manifest = base_manifest()
    manifest["cover"] = {"path": "other.jpg"}
    path = zip_with(tmp_path, manifest, standard_entries())
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("notes.txt", b"hello")
    got = {(p.code, p.severity) for p in verify_package(path).problems}
    assert got == {("missing_reference", "error"), ("unlisted_member", "warning")}


def test_ten_thousand_members(tmp_path: Path) -> None:
    path = tmp_path / "many.gcpkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(base_manifest()))
        for i in range(10_000):
            zf.writestr(f"m/{i}", b"")
    report = verify_package(path)
    assert [(p.code, p.values["count"]) for p in report.problems] == [("too_many_members", 10_001)]
    assert not report.valid


def test_truncated_zip(tmp_path: Path) -> None:
    good = good_package(tmp_path).read_bytes()
    for cut in (len(good) - 10, len(good) // 2, 100):
        path = tmp_path / "cut.gcpkg"
        path.write_bytes(good[:cut])
        with pytest.raises(InputError) as info:
            verify_package(path)
        assert info.value.code == "truncated_zip" and str(path) in str(info.value)
    # the directory is there but points past what is left
    data = bytearray(good)
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 16, len(good))
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as info:
        verify_package(path)
    assert info.value.code == "truncated_zip"


def test_not_a_zip_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.gcpkg"
    path.write_bytes(b"hello" * 100)
    with pytest.raises(InputError) as info:
        verify_package(path)
    assert info.value.code == "not_a_zip"
    with pytest.raises(InputError) as info:
        verify_package(tmp_path / "missing.gcpkg")
    assert info.value.code == "unreadable"


def test_manifest_missing_or_not_json(tmp_path: Path) -> None:
    path = tmp_path / "nm.gcpkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("video.mp4", VIDEO)
    assert codes(path) == ["no_manifest"]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MANIFEST, b"{not json")
    assert codes(path) == ["manifest_not_json"]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MANIFEST, json.dumps({**base_manifest(), "max_visible": float("nan")}))
    assert codes(path) == ["manifest_not_json"]


def test_each_hostile_code_is_distinct_and_has_a_message() -> None:
    from studio.core.package import TEMPLATES
    from studio.core.popup_rules import TEMPLATES as RULES
    assert not set(TEMPLATES) & set(RULES)
    assert len(set(TEMPLATES.values())) == len(TEMPLATES)


def test_nothing_is_written_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = zip_with(work, base_manifest(), [*standard_entries(), ("../evil.txt", b"owned"),
                                            ("/tmp/evil-abs.txt", b"owned")])
    monkeypatch.chdir(work)
    # this test's folder whole, and nothing new beside it (other tests' folders there are not watched: their
    # leftover threads may still tidy SQLite side files while this runs)
    before, beside = set(tmp_path.rglob("*")), set(tmp_path.parent.iterdir())
    verify_package(path)
    with pytest.raises(ValidationError):
        read_package(path)
    assert set(tmp_path.rglob("*")) == before
    assert set(tmp_path.parent.iterdir()) - beside == set()
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil-abs.txt").exists()
    assert not any(paths.data_dir().iterdir())


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("pristine")
    path = folder / "p.gcpkg"
    small = {"video.mp4": VIDEO[:3000], "cover.jpg": COVER[:500], "images/GC-BOTTLE-001.png": IMAGE[:300]}
    write_package(path, base_manifest(), small)
    return path.read_bytes()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=6),
       cut=st.one_of(st.none(), st.integers(0, 10_000)))
def test_damaged_packages_give_a_report_or_an_input_error(pristine: bytes, tmp_path: Path,
                                                          edits: list[tuple[int, int]], cut: int | None) -> None:
    """Whatever bytes are changed, the reader answers with findings or InputError, never another exception."""
    data = bytearray(pristine)
    for offset, value in edits:
        data[offset % len(data)] = value
    if cut is not None:
        data = data[:cut % len(data)]
    path = tmp_path / "fuzz.gcpkg"
    path.write_bytes(bytes(data))
    try:
        report = verify_package(path)
    except InputError:
        return
    if bytes(data) != pristine:
        assert report.sha256 != hashlib.sha256(pristine).hexdigest()

"""`studio pack` (studio/jobs/pack.py, studio/commands/pack.py): the package's popup times, frame for frame.

The must-show test trims a project whose popups lie before, across and after the cuts, packs it in `copy`
mode (the in point snaps back to a keyframe), in `accurate` and in `smart` mode, reads the manifest back from the
package and checks, for the first and last millisecond of every popup, that the packed video shows there
the source frame the popup was tagged on. The oracle is the `FrameServer` on the source and on the video
taken out of the zip: `testsrc2` draws a frame counter, so neighbouring frames differ; a copy must give
the very same pixels, a re-encode must be clearly nearest the right frame (`tests.picture_checks.assert_is_frame`).
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from studio.cli import main
from studio.core import paths
from studio.core.cancel import CancelToken
from studio.core.catalog import FILE_NAME, Catalog, demo_products
from studio.core.errors import Cancelled, MachineError, ValidationError
from studio.core.media_ref import make_media_ref
from studio.core.package import read_package, verify_package, write_package
from studio.core.product import Product, snapshot
from studio.core.project import AppletLink, Popup, PostText, Project, TrimRange
from studio.core.project_file import load_project, save_project
from studio.jobs import pack as pack_module
from studio.jobs.pack import PackNote, pack_project
from studio.media.export import Mode
from studio.media.frames import FrameServer
from studio.media.probe import probe
from tests.picture_checks import View, assert_is_frame, gray

PRESETS: dict[Mode, str] = {"copy": "superfast", "accurate": "ultrafast", "smart": "superfast"}
"""The fastest x264 preset that keeps what each mode's check needs: a smart cut's re-encoded ends join the source's
own High-profile frames (ultrafast's would be Constrained Baseline); an accurate cut only has to show the right
frames (it re-encodes 8.5 s at 1080x1920)."""
CLIP = {"width": 360, "height": 640, "fps": 30, "gop": 30, "seconds": 15,
        "extra": ("-preset", "superfast", "-profile:v", "high", "-colorspace", "bt709", "-color_primaries", "bt709",
                  "-color_trc", "bt709")}
"""15 s, a keyframe every second, H.264 High with B-frames, 9:16, BT.709: copy and smart are both possible."""
TRIM = TrimRange(3_500, 12_000)
POPUPS = {  # name: (source start, source end)
    "before": (500, 2_500),
    "across_in": (2_500, 7_000),
    "inside": (7_500, 9_500),
    "across_out": (9_600, 13_000),
    "after": (13_000, 15_000),
}
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def exif_jpeg(path: Path) -> Path:
    """A 200x100 JPEG (left half red) with an EXIF block saying "turn 90° clockwise" (orientation 6)."""
    picture = np.zeros((100, 200, 3), np.uint8)
    picture[:, :100] = (0, 0, 255)
    ok, data = cv2.imencode(".jpg", picture)
    assert ok
    tiff = (b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0)
            + struct.pack(">I", 0) + b"GPS-and-camera-secrets")
    app1 = b"Exif\x00\x00" + tiff
    raw = data.tobytes()
    path.write_bytes(raw[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + raw[2:])
    return path


def listings(tmp_path: Path) -> dict[str, Product]:
    """The demo products; the bottle's image is a local JPEG with EXIF, the tote's a URL, the cup's missing."""
    demo = {item.product_id: item for item in demo_products()}
    image = exif_jpeg(tmp_path / "bottle.jpg")
    demo["GC-BOTTLE-001"] = replace(demo["GC-BOTTLE-001"], image=str(image))
    demo["GC-TOTE-002"] = replace(demo["GC-TOTE-002"], image="https://cdn.example/tote.jpg")
    demo["GC-CUP-003"] = replace(demo["GC-CUP-003"], image="missing/cup.png")
    with Catalog.open() as catalog:
        catalog.upsert(demo.values())
    return demo


def make_project(tmp_path: Path, source: Path, popups: dict[str, tuple[int, int]] | None = None,
                 skus: dict[str, str] | None = None, trim: TrimRange | None = TRIM, title: str = "三件好物",
                 applet: AppletLink | None = None) -> Path:
    products = listings(tmp_path)
    skus = skus or {"before": "GC-SHOE-004", "across_in": "GC-BOTTLE-001", "inside": "GC-TOTE-002",
                    "across_out": "GC-CUP-003", "after": "GC-SHOE-004"}
    project_path = tmp_path / "project" / "p.gcs"
    project_path.parent.mkdir(exist_ok=True)
    project = Project(
        source=make_media_ref(source, project_path), trim=trim,
        popups=[Popup(id=name, sku=skus[name], start_ms=start, end_ms=end, anchor_x=0.45, anchor_y=0.6,
                      label="限时" if name == "inside" else "",
                      snapshot=snapshot(products[skus[name]]) if skus[name] in products else {})
                for name, (start, end) in (popups or POPUPS).items()],
        post=PostText(title=title, description="试一试", hashtags=["好物"]), applet=applet)
    save_project(project, project_path)
    return project_path


@pytest.fixture
def source(clip) -> Path:
    return clip(**CLIP)


def take_video(package: Path, folder: Path) -> Path:
    pkg = read_package(package)
    out = folder / "packed.mp4"
    out.write_bytes(pkg.read_member(pkg.manifest["video"]["path"]))
    return out


# -- the must-show test ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["copy", "accurate", "smart"])
def test_popup_times_survive_the_trim_frame_for_frame(tmp_path: Path, source: Path, mode: Mode) -> None:
    project_path = make_project(tmp_path, source)
    out = tmp_path / "out.gcpkg"
    result = pack_project(project_path, out, mode=mode, now=NOW, preset=PRESETS[mode])

    start = result.export.start_ms
    end = result.export.end_ms
    if mode == "copy":
        assert start == 3_000, "the copy starts at the keyframe before the in point"
        assert 12_000 <= end < 12_500
    else:
        assert (start, end) == (3_500, 12_000)
        assert result.export.mode == mode, result.export.fallback_reason  # smart really cut smartly
    # Expected (source start, source end) of what is shown, on the source timeline: the head of `across_in`
    # is cut by the trim and by the output's first second, the tail of `across_out` by the out point.
    expected = {"across_in": (start + 1_000, 7_000), "inside": (7_500, 9_500), "across_out": (9_600, end)}
    status = {p.id: p.status for p in result.popups}
    assert status == {"before": "left_out", "across_in": "shortened", "inside": "kept",
                      "across_out": "shortened", "after": "left_out"}
    noted = {n.popup_id: n.code for n in result.notes if n.code.startswith("export_")}
    assert noted == {"before": "export_cut_away", "across_in": "export_shortened",
                     "across_out": "export_shortened", "after": "export_cut_away"}

    manifest = read_package(out).manifest
    assert manifest == result.manifest
    times = {p["id"]: (p["start_ms"], p["end_ms"]) for p in manifest["popups"]}
    assert times == {name: (s - start, e - start) for name, (s, e) in expected.items()}
    assert manifest["video"]["duration_ms"] == end - start

    packed = probe(take_video(out, tmp_path))
    src_info = probe(source)
    view = View.of(src_info, packed, "pad")
    with FrameServer(packed, use_proxy=False) as out_frames, FrameServer(src_info, use_proxy=False) as src_frames:
        src_times = src_frames.frame_times_ms
        for name, (out_start, out_end) in times.items():
            for out_ms, src_ms in ((out_start, expected[name][0]), (out_end - 1, expected[name][1] - 1)):
                want = src_frames.index_at(src_ms)
                shown = out_frames.frame_at(out_ms).image
                what = f"{mode}: popup {name} at output {out_ms} ms (source {src_ms} ms, frame {want})"
                if mode == "copy":  # the same coded pictures: the very same pixels
                    assert np.array_equal(shown, src_frames.frame_at(src_ms).image), what
                    neighbour = src_frames.frame_at(src_times[want + 1]).image
                    assert not np.array_equal(shown, neighbour), "neighbouring frames must differ"
                else:
                    candidates = {i: view.of_source(gray(src_frames.frame_at(src_times[i]).image))
                                  for i in (want - 1, want, want + 1)}
                    assert_is_frame(view.of_output(gray(shown)), candidates, want, what)

    report = verify_package(out, now=NOW)
    assert report.valid and report.problems == []


def test_product_images_are_snapshotted_without_exif_or_left_out_with_a_note(tmp_path: Path, source: Path) -> None:
    project_path = make_project(tmp_path, source)
    out = tmp_path / "out.gcpkg"
    result = pack_project(project_path, out, mode="copy", now=NOW)
    pkg = read_package(out)
    images = {p["sku"]: p["snapshot"]["image"] for p in pkg.manifest["popups"]}
    assert images["GC-TOTE-002"] is None and images["GC-CUP-003"] is None
    bottle = pkg.read_member(images["GC-BOTTLE-001"])
    assert bottle[:2] == b"\xff\xd8" and b"Exif" not in bottle and b"secrets" not in bottle
    picture = cv2.imdecode(np.frombuffer(bottle, np.uint8), cv2.IMREAD_COLOR)
    assert picture is not None
    assert picture.shape[:2] == (200, 100), "turned upright by its EXIF orientation before the tag was dropped"
    assert picture[5, 50, 2] > 200 and picture[195, 50, 2] < 60, "the red half is now on top"
    notes = {(n.code, n.popup_id) for n in result.notes}
    assert ("image_not_file", "inside") in notes and ("image_missing", "across_out") in notes
    cover = pkg.read_member(pkg.manifest["cover"]["path"])
    assert cover[:2] == b"\xff\xd8" and len(cover) <= 2_000_000
    assert pkg.manifest["post"] == {"title": "三件好物", "description": "试一试", "hashtags": ["好物"]}
    assert pkg.manifest["popups"][1]["applet"] == {"app_id": "wx5f3c2a1b9d8e7f60", "name": "好圈小店 Good Circle Shop",
                                                   "path": "pages/goods/detail?sku=GC-TOTE-002"}
    with zipfile.ZipFile(out) as zf:
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())


# -- refusing, cancelling, progress ------------------------------------------------------------------------------


def test_broken_rules_refuse_the_pack_and_list_every_problem(tmp_path: Path, source: Path) -> None:
    project_path = make_project(tmp_path, source, popups={"inside": (7_500, 8_500), "early": (3_600, 6_000)},
                                skus={"inside": "GC-TOTE-002", "early": "NO-SUCH-SKU"}, title=" ")
    out = tmp_path / "out" / "x.gcpkg"
    out.parent.mkdir()
    with pytest.raises(ValidationError) as caught:
        pack_project(project_path, out, mode="copy", now=NOW)
    notes = [p for p in caught.value.problems if isinstance(p, PackNote)]
    assert len(notes) == len(caught.value.problems), "every broken rule comes as a pack note"
    codes = sorted((p.code, p.popup_id) for p in notes)
    assert codes == [("popup_no_applet", "early"), ("popup_no_snapshot", "early"), ("popup_too_early", "early"),
                     ("popup_too_short", "inside"), ("post_title_missing", None), ("product_withdrawn", "early")]
    assert caught.value.code == "pack_rules" and "popups[0]: the popup is on screen for 1 s" in caught.value.message
    assert list(out.parent.iterdir()) == []


def test_applet_target_falls_back_to_the_listing_then_the_projects_applet(tmp_path: Path, source: Path) -> None:
    link = AppletLink(app_id="wx00112233445566ff", name="Project shop", path_template="pages/item?sku={sku}")
    project_path = make_project(tmp_path, source, popups={"inside": (7_500, 9_500), "across_out": (9_600, 13_000)},
                                skus={"inside": "GC-TOTE-002", "across_out": "GC-CUP-003"}, applet=link)
    project = load_project(project_path)
    for popup in project.popups:
        popup.snapshot["applet"] = {"app_id": "", "name": "", "path": ""}  # tagged before the shop linked one
    save_project(project, project_path)
    with Catalog.open() as catalog:  # the cup's listing has lost its applet too
        cup = catalog.get("GC-CUP-003")
        assert cup is not None
        catalog.upsert([replace(cup, applet_app_id="", pages=())])
    result = pack_project(project_path, tmp_path / "x.gcpkg", mode="copy", now=NOW)
    applets = {p["sku"]: p["applet"] for p in result.manifest["popups"]}
    assert applets["GC-TOTE-002"]["path"] == "pages/goods/detail?sku=GC-TOTE-002"  # the listing's
    assert applets["GC-CUP-003"] == {"app_id": "wx00112233445566ff", "name": "Project shop",
                                     "path": "pages/item?sku=GC-CUP-003"}


def test_cancel_during_export_or_writing_leaves_nothing(tmp_path: Path, source: Path) -> None:
    project_path = make_project(tmp_path, source)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for stop_after in (1, 501):  # during the export (first half of a copy's bar), then while writing the zip
        token = CancelToken()
        seen: list[int] = []

        def progress(done: int, total: int, token: CancelToken = token, seen: list[int] = seen,
                     stop_after: int = stop_after) -> None:
            seen.append(done)
            if done >= stop_after:
                token.cancel()

        with pytest.raises(Cancelled):
            pack_project(project_path, out_dir / "x.gcpkg", mode="copy", progress=progress, cancel=token, now=NOW)
        assert seen and seen[-1] < 1000
        assert list(out_dir.iterdir()) == []


def test_a_full_disk_is_a_clear_error_and_leaves_nothing(tmp_path: Path, source: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    project_path = make_project(tmp_path, source)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    real = pack_module.shutil.disk_usage
    calls: list[str] = []

    def full_after_the_export(path: str | os.PathLike[str]):
        usage = real(path)
        calls.append(str(path))
        if len(calls) == 1:
            return usage  # the export's own check passes
        return usage._replace(free=1_000_000)

    monkeypatch.setattr(pack_module.shutil, "disk_usage", full_after_the_export)
    with pytest.raises(MachineError) as caught:
        pack_project(project_path, out_dir / "x.gcpkg", mode="copy", now=NOW)
    assert caught.value.code == "disk_full" and caught.value.path == str(out_dir)
    assert list(out_dir.iterdir()) == []
    calls.clear()
    assert main(["pack", str(project_path), "-o", str(out_dir / "x.gcpkg"), "--mode", "copy"]) == 4
    assert "not enough free space" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []


def test_progress_covers_export_and_writing(tmp_path: Path, source: Path) -> None:
    project_path = make_project(tmp_path, source)
    seen: list[tuple[int, int]] = []
    pack_project(project_path, tmp_path / "x.gcpkg", mode="copy", progress=lambda d, t: seen.append((d, t)), now=NOW)
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1] == (1000, 1000)
    # a copy's bar: export 0-500, cover 500-520, writing 520-1000 (then the final report)
    assert any(0 < d <= 500 for d in done) and any(500 <= d <= 520 for d in done)
    assert len([d for d in done if d > 520]) >= 2


def test_write_package_reports_bytes_and_cancels_cleanly(tmp_path: Path) -> None:
    tmp_path = tmp_path / "w"
    tmp_path.mkdir()
    members = {"a.bin": b"x" * 3_000_000, "b.bin": b"y" * 10}
    seen: list[tuple[int, int]] = []
    write_package(tmp_path / "ok.zip", {"k": 1}, members, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3_000_010, 3_000_010)
    big = tmp_path / "big.bin"
    big.write_bytes(b"z" * 5_000_000)
    token = CancelToken()

    def stop(done: int, total: int) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        write_package(tmp_path / "cancelled.zip", {"k": 1}, {"big.bin": big}, progress=stop, cancel=token)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.bin", "ok.zip"]


# -- the command -----------------------------------------------------------------------------------------------


def test_cli_pack_json_and_text(tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project_path = make_project(tmp_path, source)
    out = tmp_path / "x.gcpkg"
    assert main(["pack", str(project_path), "-o", str(out), "--mode", "copy", "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data["output"] == str(out) and data["bytes"] == out.stat().st_size
    assert data["sha256"] == verify_package(out).sha256
    assert [(p["id"], p["status"]) for p in data["popups"]] == [
        ("before", "left_out"), ("across_in", "shortened"), ("inside", "kept"), ("across_out", "shortened"),
        ("after", "left_out")]
    assert data["popups"][0]["start_ms"] is None and data["popups"][2]["start_ms"] == 7_500 - 3_000
    assert {"code", "message", "popup_id"} <= set(data["notes"][0])

    assert main(["pack", str(project_path), "-o", str(out), "--mode", "copy"]) == 0
    text = capsys.readouterr().out
    assert f"package: {out}" in text and "popup inside GC-TOTE-002: 4500-6500 ms" in text
    assert "popup before GC-SHOE-004: left out" in text and "note: " in text and "[export_cut_away]" in text


def test_cli_pack_exit_codes(tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = make_project(tmp_path, source, popups={"inside": (7_500, 8_000)}, skus={"inside": "GC-TOTE-002"})
    assert main(["pack", str(broken), "-o", str(tmp_path / "x.gcpkg"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "pack_rules"
    assert main(["pack", str(tmp_path / "missing.gcs"), "-o", str(tmp_path / "x.gcpkg")]) == 2
    assert "missing.gcs" in capsys.readouterr().err
    assert main(["pack", str(broken), "-o", str(tmp_path / "no" / "x.gcpkg")]) == 2
    assert main(["pack", str(broken), "-o", str(broken)]) == 2  # never over the project or its video
    assert main(["pack", str(broken), "-o", str(source), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "same_file"
    assert not (tmp_path / "x.gcpkg").exists()


@pytest.mark.usefixtures("demo_clip_in_home")  # the run's one rendered demo clip (test_demo tests the rendering)
def test_demo_then_pack_gives_a_valid_package(tmp_path: Path, qapp, capsys: pytest.CaptureFixture[str]) -> None:
    """`studio demo --no-gui` then `studio pack` and nothing else: `studio verify` says valid.

    `qapp` makes the test process's one Qt application before the demo paints its scenes with it.
    """
    assert main(["demo", "--no-gui"]) == 0
    project = capsys.readouterr().out.strip().splitlines()[-1]
    out = tmp_path / "x.gcpkg"
    assert main(["pack", project, "-o", str(out), "--json"]) == 0
    packed = json.loads(capsys.readouterr().out)
    assert [p["status"] for p in packed["popups"]] == ["kept", "kept", "kept"]
    assert main(["verify", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and report["sha256"] == packed["sha256"]
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    pkg = read_package(out)  # the demo catalog's painted product pictures are in it
    images = [p["snapshot"]["image"] for p in pkg.manifest["popups"]]
    assert all(images) and all(pkg.read_member(i)[:2] == b"\xff\xd8" for i in images)


def test_without_a_local_catalog_the_pack_says_so(tmp_path: Path, source: Path) -> None:
    project_path = make_project(tmp_path, source, popups={"inside": (7_500, 9_500)}, skus={"inside": "GC-TOTE-002"})
    (paths.data_dir() / FILE_NAME).unlink()
    result = pack_project(project_path, tmp_path / "x.gcpkg", mode="copy", now=NOW)
    assert "no_catalog" in [n.code for n in result.notes]
    assert verify_package(tmp_path / "x.gcpkg").valid

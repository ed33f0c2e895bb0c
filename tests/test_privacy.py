"""Privacy: a package made from a phone's GPS-tagged video and an EXIF-rotated product photo
holds no EXIF, XMP or location in any member, and its pictures are upright."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np

from studio.core.catalog import Catalog
from studio.core.location_scan import find_location
from studio.core.media_ref import make_media_ref
from studio.core.package import read_package, verify_package
from studio.core.product import single, snapshot
from studio.core.project import CoverChoice, Popup, PostText, Project
from studio.core.project_file import save_project
from studio.jobs.pack import pack_project

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_no_exif_or_location_in_any_member(real_media: Path, tmp_path: Path) -> None:
    photo = real_media / "exiforient__Portrait_6.jpg"
    listing = single(sku="P-1", title="竖拍照片", price_cents=1990, image=str(photo),
                     applet_app_id="wx0123456789abcdef", applet_name="店", pages=("pages/goods/detail?sku=P-1",))
    with Catalog.open() as catalog:
        catalog.upsert([listing])
    project_path = tmp_path / "p.gcs"
    project = Project(source=make_media_ref(real_media / "mxi__with-gps.mov", project_path),
                      cover=CoverChoice(image=make_media_ref(photo, project_path), aspect="3:4"),
                      popups=[Popup(sku="P-1", start_ms=1_000, end_ms=3_500, snapshot=snapshot(listing))],
                      post=PostText(title="隐私"))
    save_project(project, project_path)
    out = tmp_path / "p.gcpkg"
    pack_project(project_path, out, mode="accurate", now=NOW, preset="ultrafast")
    report = verify_package(out)
    assert report.valid and not [p for p in report.problems if p.code == "member_has_location"]
    package = read_package(out)
    images = [name for name in package.members if name.endswith((".jpg", ".jpeg", ".png"))]
    assert len(images) == 2  # the cover and the product picture
    for name in package.members:
        data = package.read_member(name)
        assert find_location(io.BytesIO(data), len(data)) is None, name
        if name in images:
            assert b"Exif\x00\x00" not in data and b"http://ns.adobe.com/xap/" not in data, name
            picture = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
            assert picture is not None, name
            assert picture.shape[0] > picture.shape[1], f"{name} is not upright (EXIF orientation 6 applied)"
    with zipfile.ZipFile(out) as zf:
        assert all(info.compress_type == zipfile.ZIP_STORED for info in zf.infolist())

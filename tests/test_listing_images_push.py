"""The merchant's Push sends the listings' pictures too, against the real sandbox: checked and cleaned first (not a
picture, too big: refused with the file named; a GPS position: removed, the picture's bytes untouched), only
new or changed ones, and an interrupted push goes on with the pictures not sent yet."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
import requests

from studio.core.cancel import CancelToken
from studio.core.errors import Cancelled, InputError
from studio.core.listing_image import prepare_listing_image
from studio.core.listings_store import ListingsStore
from studio.core.location_scan import find_location
from studio.core.merchant_listing import IMAGE_MAX_BYTES
from studio.core.product import single
from studio.core.project import AppletLink
from studio.platform.listings_sync import push_listings
from studio.platform.session import PlatformSession

LINK = AppletLink(app_id="wx0123456789abcdef", name="好圈小店", path_template="pages/goods/detail?sku={sku}")


def photo(seed: int, ext: str = ".jpg") -> bytes:
    rng = np.random.default_rng(seed)
    ok, data = cv2.imencode(ext, rng.integers(0, 255, (480, 480, 3), dtype=np.uint8))
    assert ok
    return data.tobytes()


def gps_segment() -> bytes:
    """An APP1 EXIF segment whose IFD0 points at a GPS IFD (what a phone writes)."""
    tiff = b"II*\x00" + (8).to_bytes(4, "little") + (1).to_bytes(2, "little")
    tiff += (0x8825).to_bytes(2, "little") + (4).to_bytes(2, "little") + (1).to_bytes(4, "little")
    tiff += (26).to_bytes(4, "little") + (0).to_bytes(4, "little")
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body


def with_gps(jpeg: bytes) -> bytes:
    return jpeg[:2] + gps_segment() + jpeg[2:]


@pytest.fixture
def session(sandbox) -> Iterator[PlatformSession]:
    with PlatformSession(sandbox.url, sandbox.token("mia", "merchant")) as opened:
        yield opened


def platform_image(session: PlatformSession, sku: str) -> requests.Response:
    return session.request("GET", f"/v1/listings/{sku}/images/0", ok=(404,))


def test_gps_is_removed_and_the_picture_kept_byte_for_byte() -> None:
    clean = photo(1)
    prepared = prepare_listing_image(with_gps(clean), "门店.jpg")
    assert prepared.location == "EXIF GPS" and prepared.data == clean
    png = photo(2, ".png")
    text_chunk = b"\x00\x00\x00\x05tEXtGPS\x001" + b"\x00\x00\x00\x00"
    cleaned_png = prepare_listing_image(png[:33] + text_chunk + png[33:], "a.png")
    assert cleaned_png.data == png and cleaned_png.content_type == "image/png"
    with pytest.raises(InputError) as not_picture:
        prepare_listing_image(b"<html>not a picture</html>", "主图.jpg")
    assert not_picture.value.code == "not_an_image" and "主图.jpg" in not_picture.value.message
    with pytest.raises(InputError) as too_big:
        prepare_listing_image(clean, "big.jpg", size=IMAGE_MAX_BYTES + 1)
    assert too_big.value.code == "image_too_big" and "big.jpg" in too_big.value.message
    with pytest.raises(InputError) as cut:
        prepare_listing_image(clean[:2] + gps_segment()[:10], "cut.jpg")
    assert cut.value.code == "image_damaged"


def test_push_sends_pictures_checked_and_only_new_or_changed(session: PlatformSession, tmp_path: Path) -> None:
    files = {"CUP-1": tmp_path / "cup.jpg", "BAG-2": tmp_path / "bag.png", "BAD-3": tmp_path / "bad.jpg",
             "BIG-4": tmp_path / "big.jpg"}
    files["CUP-1"].write_bytes(with_gps(photo(1)))
    files["BAG-2"].write_bytes(photo(2, ".png"))
    files["BAD-3"].write_text("this is a shop's note, not a picture")
    files["BIG-4"].write_bytes(photo(4) + b"\x00" * IMAGE_MAX_BYTES)
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put((single(sku=sku, title=f"商品 {sku}", price_cents=1990, image=str(path))
                   for sku, path in files.items()), dirty=True)
        result = push_listings(session, store)
        assert result.pushed == 4 and result.images == 2
        assert result.cleaned == [{"sku": "CUP-1", "file": str(files["CUP-1"]), "what": "EXIF GPS"}]
        refused = {row["sku"]: row["code"] for row in result.failed}
        assert refused == {"BAD-3": "not_an_image", "BIG-4": "image_too_big"}
        assert all("bad.jpg" in row["message"] or "big.jpg" in row["message"] for row in result.failed)

        sent = platform_image(session, "CUP-1")
        assert sent.status_code == 200 and sent.content == photo(1)
        assert find_location(io.BytesIO(sent.content), len(sent.content)) is None
        assert platform_image(session, "BAD-3").status_code == 404
        assert store.image_on_platform("CUP-1", str(files["CUP-1"]))
        assert not store.image_on_platform("BAD-3", str(files["BAD-3"]))

        again = push_listings(session, store)  # nothing changed: no picture goes again
        assert again.images == 0
        files["BAG-2"].write_bytes(photo(22, ".png"))
        os.utime(files["BAG-2"], ns=(1, 1))  # another file under the same name
        third = push_listings(session, store)
        assert third.images == 1 and platform_image(session, "BAG-2").content == photo(22, ".png")


def test_an_interrupted_push_goes_on_with_the_pictures_not_sent(session: PlatformSession, tmp_path: Path) -> None:
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        items = []
        for n in range(4):
            path = tmp_path / f"p{n}.jpg"
            path.write_bytes(photo(10 + n))
            items.append(single(sku=f"P-{n}", title=f"商品 {n}", price_cents=100 + n, image=str(path)))
        store.put(items, dirty=True)
        cancel = CancelToken()

        def stop_after_two(done: int, total: int) -> None:
            if total == 4 and done == 2:  # the pictures' phase: two are on the platform
                cancel.cancel()

        with pytest.raises(Cancelled):
            push_listings(session, store, progress=stop_after_two, cancel=cancel)
        assert [platform_image(session, f"P-{n}").status_code for n in range(4)] == [200, 200, 404, 404]
        rest = push_listings(session, store)
        assert rest.images == 2
        assert [platform_image(session, f"P-{n}").content for n in range(4)] == [photo(10 + n) for n in range(4)]


def test_the_platform_refuses_a_picture_that_carries_a_location(sandbox, session: PlatformSession) -> None:
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put([single(sku="GPS-1", title="带定位的图", price_cents=100)], dirty=True)
        push_listings(session, store)
    answer = session.request("PUT", "/v1/listings/GPS-1/images/0", data=with_gps(photo(5)),
                             headers={"Content-Type": "image/jpeg"}, ok=(422,))
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "image_has_location"
    assert platform_image(session, "GPS-1").status_code == 404


@pytest.mark.gui
def test_a_picture_chosen_in_the_listings_window_is_pushed_and_marked(qtbot, sandbox, tmp_path: Path) -> None:
    from studio.ui.merchant.listings_model import COLUMNS
    from studio.ui.merchant.listings_view import ListingsView
    from studio.ui.workers import running_tasks

    token = sandbox.token("mia", "merchant")
    good, bad = tmp_path / "正面.png", tmp_path / "notes.jpg"
    good.write_bytes(photo(7, ".png"))
    bad.write_text("not a picture")
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put([single(sku="TEA-1", title="茶杯", price_cents=2500)], dirty=True)
        view = ListingsView(store, session_factory=lambda: PlatformSession(sandbox.url, token))
        qtbot.addWidget(view)
        view.show()
        view.table.setCurrentIndex(view.model.index(0, 0))
        with qtbot.waitSignal(view.model.editRejected, timeout=5_000):
            assert not view.choose_picture(bad)  # the listing rules say why, nothing is kept
        assert view.choose_picture(good)
        cell = view.model.index(0, COLUMNS.index("image"))
        assert view.model.data(cell) == "正面.png"  # chosen, not on the platform yet
        with qtbot.waitSignal(view.syncFinished, timeout=30_000) as pushed:
            view.sync(push=True)
        assert pushed.args[0].images == 1 and "Pictures sent: 1." in view.message_label.text()
        assert view.model.data(view.model.index(0, COLUMNS.index("image"))) == "✓ 正面.png"
        assert "On the platform" in view.model.data(view.model.index(0, COLUMNS.index("image")), 3)  # tooltip
        with PlatformSession(sandbox.url, token) as session:
            assert platform_image(session, "TEA-1").content == photo(7, ".png")
        qtbot.waitUntil(lambda: not running_tasks(), timeout=10_000)


@pytest.mark.gui
def test_a_refused_picture_is_named_in_the_listings_window(qtbot, sandbox, tmp_path: Path) -> None:
    from studio.ui.merchant.listings_view import ListingsView
    from studio.ui.workers import running_tasks

    token = sandbox.token("mia", "merchant")
    bad = tmp_path / "主图.jpg"
    bad.write_text("<html>a saved web page, not a picture</html>")
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put([single(sku="TEA-2", title="茶壶", price_cents=5000, image=str(bad))], dirty=True)
        view = ListingsView(store, session_factory=lambda: PlatformSession(sandbox.url, token))
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.syncFinished, timeout=30_000):
            view.sync(push=True)
        assert "TEA-2: 主图.jpg is not a JPEG, PNG or WebP picture" in view.message_label.text()
        qtbot.waitUntil(lambda: not running_tasks(), timeout=10_000)

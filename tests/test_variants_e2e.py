"""A product of three variants, one of them sold out, from the merchant to the creator's My Posts, on one
platform (three STUDIO_HOMEs, real HTTP to the sandbox, the real widgets for the creator): the merchant keeps it
in the listings store and pushes it; the creator's Products dock shows it with the sold-out variant marked; the
whole product's card shows the range over the variants in stock; the popup of the sold-out variant is a warning
in Problems, in pack and in verify; the upload passes and the reviewer's checks warn too; then the merchant
sells the last units and the creator's My Posts says since when the product is sold out, in the UI's
language. And a variant the merchant deletes after a post shows it: named on the post, for the creator and in
the reviewer's queue."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from pytestqt.qtbot import QtBot

from studio.cli import main
from studio.core.catalog import Catalog, local_view
from studio.core.listings_store import ListingsStore
from studio.core.media_ref import make_media_ref
from studio.core.product import Product, Variant, snapshot
from studio.core.project import AppletLink, Popup, PostText, Project
from studio.core.project_file import save_project
from studio.core.review import review_checks
from studio.jobs.pack import pack_project
from studio.jobs.review import open_for_review
from studio.platform.catalog_sync import sync_catalog
from studio.platform.listings_sync import push_listings
from studio.platform.posts import get_post, review_queue
from studio.platform.session import PlatformSession
from studio.platform.upload import upload_package
from studio.render.card import CardContent, card_layout
from studio.ui.editor.product_picker import SOLD_OUT_INK, ProductModel
from studio.ui.locale_format import date_text
from tests.locale_fixtures import ui_locale  # noqa: F401  (the fixture)
from tests.test_main_window import make_window  # noqa: F401  (the fixture)
from tests.test_pack import CLIP
from tests.test_three_profiles_e2e import Profiles, close, logged_in_window, seek

pytestmark = pytest.mark.gui
APP_ID = "wx0123456789abcdef"
TEE = Product(product_id="TEE", title="亚麻衬衫 Linen shirt", variants=(
    Variant(sku="TEE-S", options=(("尺码", "S"),), price_cents=5900, stock=5),
    Variant(sku="TEE-M", options=(("尺码", "M"),), price_cents=6900, stock=3),
    Variant(sku="TEE-L", options=(("尺码", "L"),), price_cents=7900, stock=0)))


def push(sandbox, people: Profiles, picture: Path, stock: dict[str, int]) -> None:
    """The merchant keeps the shirt in the listings store (each variant's stock from `stock`, its picture) and
    pushes it to the platform: the merchant's own path through the app."""
    people.enter("shop", ("merchant",))
    with ListingsStore.open() as store:
        store.set_applet(AppletLink(app_id=APP_ID, name="好圈小店", path_template="pages/goods/detail?sku={sku}"))
        variants = tuple(replace(v, stock=stock.get(v.sku, v.stock)) for v in TEE.variants)
        store.put([replace(TEE, variants=variants, image=str(picture))], dirty=True)
        with PlatformSession(sandbox.url, sandbox.token("shop", "merchant")) as session:
            result = push_listings(session, store)
    assert (result.pushed, result.failed) == (1, [])


def shirt_picture(folder: Path) -> Path:
    picture = np.full((240, 240, 3), 230, dtype=np.uint8)
    cv2.rectangle(picture, (60, 50), (180, 200), (200, 120, 40), -1)
    path = folder / "shirt.jpg"
    path.write_bytes(cv2.imencode(".jpg", picture)[1].tobytes())
    return path


def warnings(problems: list[Any], code: str) -> list[Any]:
    return [p for p in problems if p.code == code and p.severity == "warning"]


def test_three_variants_one_sold_out_from_merchant_to_my_posts(make_window, qtbot: QtBot, sandbox, clip,  # noqa: F811
                                                               memory_keyring, tmp_path: Path, ui_locale,  # noqa: F811
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    people = Profiles(tmp_path / "homes", monkeypatch, sandbox)
    video = clip(**CLIP)

    # -- the merchant pushes the shirt: S and M in stock, L sold out ------------------------------------------
    picture = shirt_picture(tmp_path)
    push(sandbox, people, picture, {})

    # -- the creator: the dock shows the shirt with L marked sold out -----------------------------------------
    people.enter("ann", ("creator",))
    win = logged_in_window(make_window, qtbot, sandbox)
    picker = win.product_picker
    qtbot.waitUntil(lambda: picker.model.rowCount() == 1 and len(picker.pictures) == 1, timeout=60_000)
    shirt = picker.current()
    assert shirt is not None and shirt.product_id == "TEE" and not shirt.sold_out
    cell = picker.model.index(0, ProductModel.COLUMNS.index("stock"))
    assert cell.data() == "8 in stock" and cell.data(Qt.ItemDataRole.ForegroundRole) is None
    assert picker.model.index(0, ProductModel.COLUMNS.index("price")).data() == "¥59.00 – ¥69.00"
    box = picker.variant_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "Whole product · ¥59.00 – ¥69.00", "S · ¥59.00 · 5 in stock", "M · ¥69.00 · 3 in stock",
        "L · ¥79.00 · Sold out"]
    assert box.itemData(3, Qt.ItemDataRole.ForegroundRole) == SOLD_OUT_INK
    assert box.itemData(1, Qt.ItemDataRole.ForegroundRole) is None
    assert "Sold out: L" in picker.details.text()

    # tag the whole product, then the sold-out variant
    with qtbot.waitSignal(win.player.frameShown, timeout=60_000):
        win.open_path(video)
    seek(qtbot, win, 1_000)
    picker.add_button.click()
    box.setCurrentIndex(box.findData("TEE-L"))
    assert "pages/goods/detail?sku=TEE-L" in picker.details.text()  # the variant's own page
    seek(qtbot, win, 8_000)
    picker.add_button.click()
    whole, large = win.popup_editor.popups
    assert (whole.sku, whole.variant_sku, large.sku, large.variant_sku) == ("TEE", "", "TEE", "TEE-L")
    assert whole.snapshot["applet"]["path"] == "pages/goods/detail?sku=TEE"
    assert large.snapshot["applet"]["path"] == "pages/goods/detail?sku=TEE-L"
    layout = card_layout(CardContent.from_popup(whole), QRectF(0, 0, 680, 250))
    assert layout.price_text == "¥59–¥69" and layout.variant is None  # the range over the variants in stock
    layout = card_layout(CardContent.from_popup(large), QRectF(0, 0, 680, 250))
    assert (layout.price_text, layout.variant_text) == ("¥79", "已选：L")
    assert win.problems_panel.codes() == ["variant_sold_out"]
    [problem] = win.popup_editor.problems
    assert (problem.popup_id, problem.severity) == (large.id, "warning")
    assert "L of product TEE is sold out" in win.problems_panel.model.item(0).text()

    # the inspector shows the popup's choice and can change it (one undo step)
    win.popup_editor.select(whole.id)
    inspector = win.popup_inspector
    assert inspector.variant_box.currentData() == "" and inspector.variant_box.count() == 4
    inspector.variant_box.setCurrentIndex(inspector.variant_box.findData("TEE-M"))
    assert win.popup_editor.popups[0].variant_sku == "TEE-M"
    assert win.popup_editor.popups[0].snapshot["price_cents"] == 6900
    win.document.undo_stack.undo()
    assert win.popup_editor.popups[0].variant_sku == "" and win.popup_editor.popups[0].snapshot == whole.snapshot

    # pack and verify warn, and the package names the variant and the range
    win.post_editor.title.insert("衬衫三个尺码")
    project = tmp_path / "ann-work" / "衬衫.gcs"
    project.parent.mkdir()
    assert win.files.save_to(project)
    close(qtbot, win)
    package = tmp_path / "ann-work" / "衬衫.gcpkg"
    packed = pack_project(project, package, mode="copy")
    assert [(n.code, n.popup_id) for n in packed.notes if n.code.endswith("sold_out")] == [
        ("variant_sold_out", large.id)]
    snapshots = {p["id"]: p["snapshot"] for p in packed.manifest["popups"]}
    assert (snapshots[whole.id]["price_cents"], snapshots[whole.id]["price_high_cents"]) == (5900, 6900)
    assert snapshots[large.id]["variant"] == {"sku": "TEE-L", "label": "L"}
    assert packed.manifest["schema_version"] == 2
    assert main(["verify", str(package), "--json"]) == 0  # a warning, not a refusal
    report = json.loads(capsys.readouterr().out)
    assert [(p["code"], p["severity"]) for p in report["problems"]] == [("variant_sold_out", "warning")]
    with PlatformSession(sandbox.url, sandbox.token("ann", "creator")) as session:
        post_id = upload_package(session, package).post_id
        assert post_id is not None
        assert [(p.code, p.popup_id) for p in get_post(session, post_id).problems] == [
            ("variant_sold_out", large.id)]

    # -- the reviewer: the checks warn about the sold-out variant, and so does the queue -----------------------
    people.enter("rita", ("reviewer",))
    desk = logged_in_window(make_window, qtbot, sandbox)
    qtbot.waitUntil(lambda: desk.product_picker.keeper.last_synced is not None, timeout=60_000)
    close(qtbot, desk)
    opened = open_for_review(package, measure=False)
    with local_view() as catalog:
        checks = review_checks(opened.manifest, now=datetime.now(UTC), catalog=catalog)
    assert [(p.code, p.severity, p.path) for p in checks if p.code.endswith("sold_out")] == [
        ("variant_sold_out", "warning", "popups[1].variant_sku")]
    with PlatformSession(sandbox.url, sandbox.token("rita", "reviewer")) as session:
        [queued] = review_queue(session)
        assert [p.code for p in queued.problems] == ["variant_sold_out"]

    # -- the merchant sells the last shirts; the creator's My Posts says since when, in Chinese too -----------
    push(sandbox, people, picture, {"TEE-S": 0, "TEE-M": 0})
    people.enter("ann", ("creator",))
    win = logged_in_window(make_window, qtbot, sandbox)
    picker = win.product_picker
    qtbot.waitUntil(lambda: (p := picker.current()) is not None and p.sold_out, timeout=60_000)
    assert picker.model.index(0, ProductModel.COLUMNS.index("stock")).data() == "Sold out"
    assert picker.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == SOLD_OUT_INK
    panel = win.posts_panel
    with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
        panel.refresh()
    post = panel.post(post_id)
    assert post is not None
    [since] = {p.values["since"] for p in post.problems if p.code == "product_sold_out"}
    assert sorted(p.code for p in post.problems) == ["product_sold_out", "product_sold_out"]  # both popups
    day = date_text(since)
    assert f"Sold out since {day}" in panel.status_label.text()
    row = panel.list.topLevelItem(0)
    assert row is not None and f"sold out since {day}" in row.text(1)
    assert all(f"sold out since {day}" in panel.popup_notes.item(i).text() for i in range(2))
    ui_locale("zh_CN")
    panel.set_posts(panel.posts)
    assert date_text(since) != day and date_text(since) in panel.status_label.text()  # the locale's date
    close(qtbot, win)


def test_a_variant_the_merchant_deletes_is_named_on_the_post_for_the_creator_and_the_reviewer(
        sandbox, clip, memory_keyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The creator's popup shows the M shirt; the merchant then deletes the M variant: the platform names the
    variant on the post (not a price or page mismatch), to the creator and in the reviewer's queue."""
    people = Profiles(tmp_path / "homes", monkeypatch, sandbox)
    picture = shirt_picture(tmp_path)
    push(sandbox, people, picture, {})

    # -- the creator syncs the catalog, tags the M shirt, packs and uploads: a clean post ------------------------
    people.enter("ann", ("creator",))
    project_path = tmp_path / "ann-work" / "衬衫.gcs"
    project_path.parent.mkdir()
    with PlatformSession(sandbox.url, sandbox.token("ann", "creator")) as session:
        with Catalog.open() as catalog:
            sync_catalog(session, catalog)
            shirt = catalog.get("TEE")
        assert shirt is not None and shirt.variant("TEE-M") is not None
        popup = Popup(id="m", sku="TEE", variant_sku="TEE-M", start_ms=2_000, end_ms=6_000, anchor_x=0.45,
                      anchor_y=0.6, snapshot=snapshot(shirt, variant_sku="TEE-M"))
        save_project(Project(source=make_media_ref(clip(**CLIP), project_path), popups=[popup],
                             post=PostText(title="M 码衬衫")), project_path)
        package = project_path.with_suffix(".gcpkg")
        pack_project(project_path, package, mode="copy")
        post_id = upload_package(session, package).post_id
        assert post_id is not None and not get_post(session, post_id).problems

    # -- the merchant stops selling the M shirt: the variant is deleted, S and L stay -----------------------------
    people.enter("shop", ("merchant",))
    with ListingsStore.open() as store:
        kept = tuple(v for v in TEE.variants if v.sku != "TEE-M")
        store.put([replace(TEE, variants=kept, image=str(picture))], dirty=True)
        with PlatformSession(sandbox.url, sandbox.token("shop", "merchant")) as session:
            assert push_listings(session, store).failed == []

    # -- the creator's post and the reviewer's queue name the deleted variant -----------------------------------
    people.enter("ann", ("creator",))
    with PlatformSession(sandbox.url, sandbox.token("ann", "creator")) as session:
        problems = get_post(session, post_id).problems
    assert [(p.code, p.popup_id, p.values.get("variant_sku")) for p in problems] == [
        ("variant_withdrawn", "m", "TEE-M")]
    people.enter("rita", ("reviewer",))
    with PlatformSession(sandbox.url, sandbox.token("rita", "reviewer")) as session:
        [queued] = review_queue(session)
    assert [p.code for p in queued.problems] == ["variant_withdrawn"]

"""Push and pull products (variants and stock included) against the real sandbox server over loopback HTTP, real
SQLite stores on both ends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.listings_store import ListingsStore
from studio.core.product import Product, Variant
from studio.core.project import AppletLink
from studio.platform.listings_sync import pull_listings, push_listings
from studio.platform.session import PlatformSession
from tests.qt_fixtures import sub_items, top_items


def got(store: ListingsStore, product_id: str) -> Product:
    """Product `product_id`, which the test expects to be there."""
    product = store.get(product_id)
    assert product is not None, product_id
    return product

LINK = AppletLink(app_id="wx0123456789abcdef", name="好圈小店", path_template="pages/goods/detail?sku={sku}")


def listings(n: int) -> list[Product]:
    """n products; every fifth is sold in three sizes (one sold out), the rest in one variant."""
    def variants(i: int) -> tuple[Variant, ...]:
        if i % 5 == 4:
            return tuple(Variant(sku=f"RT-{i:04d}-{size}", options=(("尺码", size),), price_cents=1000 + i + n,
                                 stock=n) for n, size in enumerate(("S", "M", "L")))
        return (Variant(sku=f"RT-{i:04d}", price_cents=1000 + i, promo_price_cents=900 if i % 2 else None,
                        promo_ends_at="2027-01-01T00:00:00Z" if i % 2 else None, stock=None if i % 3 else 7),)
    return [Product(product_id=f"RT-{i:04d}", title=f"轻跑运动鞋 {i}", variants=variants(i),
                    applet_path="pages/special?id={product_id}&sku={sku}" if i % 7 == 0 else "") for i in range(n)]


def comparable(item: Product) -> tuple:
    """What the product says to a creator: its fields, variants and pages."""
    return (item.product_id, item.title, item.currency, item.variants, item.render_pages(LINK.path_template),
            item.status)


def dirty(store: ListingsStore, product_id: str) -> bool:
    return product_id in store.dirty([product_id])


@pytest.fixture
def session(sandbox) -> Iterator[PlatformSession]:
    with PlatformSession(sandbox.url, sandbox.token("mia", "merchant")) as opened:
        yield opened


def test_round_trip_push_then_pull_into_an_empty_profile(session: PlatformSession, tmp_path: Path) -> None:
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put(listings(1203), dirty=True)  # three batches
        result = push_listings(session, store)
        assert result.pushed == 1203 and result.failed == [] and store.changed() == []
        mine = [comparable(x) for x in store.iter_all()]
    with ListingsStore.open(tmp_path / "empty-profile.sqlite3") as empty:
        empty.set_applet(LINK)
        pulled = pull_listings(session, empty)
        assert pulled.received == 1203 and pulled.updated == 1203 and pulled.conflicts == []
        assert [comparable(x) for x in empty.iter_all()] == mine
        assert empty.changed() == []


def test_push_reports_refused_rows_and_keeps_them_changed(sandbox, session: PlatformSession) -> None:
    with ListingsStore.open() as store:
        with pytest.raises(Exception, match="link the store applet first"):
            push_listings(session, store)
        store.set_applet(LINK)
        store.put(listings(3), dirty=True)
        # another merchant owns RT-0001 on the platform: that row is refused (409), the others go through
        other = PlatformSession(sandbox.url, sandbox.token("ola", "merchant"))
        other.request("PUT", "/v1/applets/wx00000000000000aa", json={"name": "x", "path_template": "pages/a"})
        other.request("PUT", "/v1/listings/RT-0001", json={"title": "t", "price_cents": 1,
                                                              "applet": {"app_id": "wx00000000000000aa"}})
        other.close()
        result = push_listings(session, store)
        assert result.pushed == 2 and [(f["sku"], f["status"], f["code"]) for f in result.failed] == [
            ("RT-0001", 409, "product_taken")]
        assert [x.product_id for x in store.changed()] == ["RT-0001"]
        # an inactive listing is withdrawn on the platform
        store.save_edits([replace(got(store, "RT-0002"), status="inactive")])
        assert push_listings(session, store).withdrawn == 1
        assert session.request("GET", "/v1/listings/RT-0002", ok=(404,)).status_code == 404


def test_pull_shows_conflicts_and_keeps_local_edits(sandbox, session: PlatformSession) -> None:
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put(listings(3), dirty=True)
        push_listings(session, store)
        sandbox.advance_clock(60)
        # the platform's copy changes (another device), and here RT-0000 is edited too; RT-0001 only there
        for sku, title in (("RT-0000", "Platform title"), ("RT-0001", "Platform only")):
            session.request("PUT", f"/v1/listings/{sku}", json={"title": title, "price_cents": 5,
                                                                 "applet": {"app_id": LINK.app_id}})
        store.save_edits([replace(got(store, "RT-0000"), title="Local title"),
                          replace(got(store, "RT-0002"), title="Local only")])
        result = pull_listings(session, store)
        assert [c["sku"] for c in result.conflicts] == ["RT-0000"]
        assert result.conflicts[0]["platform"]["title"] == "Platform title"
        assert got(store, "RT-0000").title == "Local title" and dirty(store, "RT-0000")
        assert got(store, "RT-0001").title == "Platform only" and not dirty(store, "RT-0001")
        assert got(store, "RT-0002").title == "Local only" and dirty(store, "RT-0002")  # no conflict
        pull_listings(session, store, take_theirs=True)
        assert got(store, "RT-0000").title == "Platform title" and not dirty(store, "RT-0000")


def test_offline_push_loses_nothing(session: PlatformSession) -> None:
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put(listings(2), dirty=True)
        offline = PlatformSession("http://127.0.0.1:9", "token")
        offline.retry = type(offline.retry)(attempts=1)
        with pytest.raises(Exception):  # noqa: B017  (PlatformError: network)
            push_listings(offline, store)
        offline.close()
        assert len(store.changed()) == 2
        assert push_listings(session, store).pushed == 2 and store.changed() == []


def test_cli_push_and_pull(sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STUDIO_TOKEN", sandbox.token("mia", "merchant"))
    assert main(["applet", "link", LINK.app_id, "--path-template", LINK.path_template, "--name", "店"]) == 0
    with ListingsStore.open() as store:
        store.put(listings(4), dirty=True)
    capsys.readouterr()
    assert main(["listings", "push", "--server", sandbox.url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"pushed": 4, "withdrawn": 0, "failed": [], "images": 0,
                                                   "cleaned": []}
    assert main(["listings", "pull", "--server", sandbox.url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["received"] == 4 and data["conflicts"] == []


@pytest.mark.gui
def test_view_pushes_pulls_and_settles_conflicts(qtbot, sandbox, session: PlatformSession) -> None:
    from studio.ui.merchant.listings_model import COLUMNS
    from studio.ui.merchant.listings_view import ListingsView
    from studio.ui.workers import running_tasks

    token = sandbox.token("mia", "merchant")
    with ListingsStore.open() as store:
        store.set_applet(LINK)
        store.put(listings(3), dirty=True)
        view = ListingsView(store, session_factory=lambda: PlatformSession(sandbox.url, token))
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.syncFinished, timeout=20_000) as pushed:
            view.sync(push=True)
        assert pushed.args[0].pushed == 3 and "Pushed 3" in view.message_label.text()
        assert "color" not in view.message_label.styleSheet()  # a push that went through is not shown as an error
        assert view.model.data(view.model.index(0, COLUMNS.index("dirty"))) == ""
        sandbox.advance_clock(60)
        for sku in ("RT-0000", "RT-0001"):
            session.request("PUT", f"/v1/listings/{sku}", json={"title": f"Platform {sku}", "price_cents": 5,
                                                                 "applet": {"app_id": LINK.app_id}})
        title = COLUMNS.index("title")
        assert view.model.setData(view.model.index(0, title), "Mine 0")
        assert view.model.setData(view.model.index(1, title), "Mine 1")
        with qtbot.waitSignal(view.syncFinished, timeout=20_000):
            view.sync(push=False)
        dialog = view.conflicts_dialog
        assert dialog is not None and dialog.tree.topLevelItemCount() == 2
        first = top_items(dialog.tree)[0]
        assert [sub_items(first)[0].text(c) for c in range(3)] == ["Title", "Mine 0", "Platform RT-0000"]
        dialog.tree.setCurrentItem(first)
        dialog.take_button.click()
        assert got(store, "RT-0000").title == "Platform RT-0000" and not dirty(store, "RT-0000")
        dialog.keep_button.click()  # the remaining one: RT-0001
        assert got(store, "RT-0001").title == "Mine 1" and dirty(store, "RT-0001")
        assert not dialog.isVisible()
        view.undo_stack.undo()  # the platform's copy of RT-0000 becomes a local edit again
        assert got(store, "RT-0000").title == "Mine 0" and dirty(store, "RT-0000")
        with qtbot.waitSignal(view.syncFinished, timeout=20_000) as pushed:
            view.sync(push=True)
        assert pushed.args[0].pushed == 2 and pushed.args[0].failed == []
        titles = {s: session.get_json(f"/v1/listings/{s}")["title"] for s in ("RT-0000", "RT-0001")}
        assert titles == {"RT-0000": "Mine 0", "RT-0001": "Mine 1"}
        qtbot.waitUntil(lambda: not running_tasks())

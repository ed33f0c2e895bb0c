"""The account menu against the real sandbox: log in through the token dialog (checked before it is kept), one
person with two roles sees both workspaces, log out removes the keyring entry, switch server, and an
expired token asks for a new one while the upload queue keeps every package and its progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.platform import credentials
from studio.platform.credentials import SERVICE, default_server, load_token
from studio.sandbox.server import SandboxServer
from studio.ui.account.account_menu import AccountMenu
from studio.ui.account.upload_queue import UploadQueuePanel
from studio.ui.workers import running_tasks
from tests.platform_fixtures import make_package
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("demo_products_listed")]


@pytest.fixture
def menus(qtbot):
    made: list[AccountMenu] = []

    def make(server: str) -> AccountMenu:
        menu = AccountMenu(server)
        made.append(menu)
        return menu

    yield make
    qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
    for menu in made:
        if menu.dialog is not None:
            menu.dialog.reject()
        menu.deleteLater()


def log_in(qtbot, menu: AccountMenu, token: str, server: str | None = None) -> None:
    dialog = menu.ask_token()
    if server:
        dialog.server_edit.setText(server)
    dialog.token_edit.setText(token)
    with qtbot.waitSignal(menu.accountChanged, timeout=30_000):
        dialog.ok_button.click()
    assert menu.dialog is None  # closed on success


def visible_texts(menu: AccountMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and a.text()]


def test_log_in_with_two_roles_then_log_out(qtbot, sandbox, memory_keyring, menus) -> None:
    menu = menus(sandbox.url)
    assert not menu.logged_in() and menu.roles() == [] and "Not logged in" in visible_texts(menu)
    token = sandbox.token("lin", roles=("creator", "merchant"))
    with qtbot.waitSignal(menu.rolesChanged, timeout=30_000) as changed:
        log_in(qtbot, menu, token)
    assert changed.args == [["creator", "merchant"]]
    assert menu.roles() == ["creator", "merchant"] and menu.workspaces() == ["creator", "merchant"]
    texts = visible_texts(menu)
    assert "Logged in as lin" in texts and f"Server: {sandbox.url}" in texts
    assert menu.title() == "Account"  # the menu keeps its name; who is logged in is said inside
    assert "Roles: creator, merchant" in texts
    assert "Creator workspace" in texts and "Merchant workspace" in texts and "Review workspace" not in texts
    with qtbot.waitSignal(menu.workspaceRequested, timeout=1_000) as asked:
        menu.workspace_actions["merchant"].trigger()
    assert asked.args == ["merchant"]
    assert memory_keyring.passwords == {(SERVICE, sandbox.url): token}
    with menu.session_factory() as session:
        assert session.me()["name"] == "lin"

    with qtbot.waitSignal(menu.loggedOut, timeout=1_000):
        menu.logout_action.trigger()
    assert memory_keyring.passwords == {} and load_token(sandbox.url) is None
    assert not menu.logged_in() and menu.roles() == [] and "Not logged in" in visible_texts(menu)
    assert not menu.session_factory().has_token


def test_a_wrong_token_is_not_kept(qtbot, sandbox, memory_keyring, menus) -> None:
    menu = menus(sandbox.url)
    dialog = menu.ask_token()
    dialog.token_edit.setText("not-a-token")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.problem.isVisibleTo(dialog), timeout=30_000)
    assert "log in again" in dialog.problem.text()
    assert menu.dialog is dialog and dialog.ok_button.isEnabled()  # still open, ready for another try
    assert memory_keyring.passwords == {} and not menu.logged_in()
    dialog.token_edit.clear()
    dialog.ok_button.click()
    assert dialog.problem.text() == "Paste a token first."


def test_switch_server(qtbot, sandbox, memory_keyring, menus, tmp_path: Path) -> None:
    other = SandboxServer(tmp_path / "other-data", "127.0.0.1", 0)
    other_url = other.start()
    try:
        menu = menus(sandbox.url)
        log_in(qtbot, menu, sandbox.token("ann", "creator"))
        bob = other.store.issue_token("bob", ("reviewer",), ttl_seconds=3600)
        menu.switch_action.trigger()
        assert menu.dialog is not None
        log_in(qtbot, menu, bob, server=other_url)
        assert menu.server == other_url and menu.roles() == ["reviewer"] and menu.workspaces() == ["reviewer"]
        assert default_server() == other_url  # the next start (and the CLI) goes there
        assert set(memory_keyring.passwords) == {(SERVICE, sandbox.url), (SERVICE, other_url)}
        with menu.session_factory() as session:
            assert session.server == other_url and session.me()["name"] == "bob"
    finally:
        other.stop()


def test_no_keyring_keeps_the_token_for_this_session_and_says_so(qtbot, sandbox, no_keyring, menus) -> None:
    menu = menus(sandbox.url)
    log_in(qtbot, menu, sandbox.token("ann", "creator"))
    token = load_token(sandbox.url)
    assert menu.logged_in() and token is not None and token.source == "session"
    assert any("no keyring works" in t for t in visible_texts(menu))
    menu.logout()
    assert load_token(sandbox.url) is None and credentials._session_tokens == {}


def test_an_expired_token_asks_again_and_the_queue_keeps_everything(qtbot, sandbox, memory_keyring, menus,
                                                                     tmp_path: Path) -> None:
    menu = menus(sandbox.url)
    log_in(qtbot, menu, sandbox.token("ann", "creator", ttl_seconds=600))
    queue = UploadQueuePanel(menu.session_factory, sandbox.url, poll_ms=3_600_000)
    queue.auth_required.connect(menu.handle_auth_required)
    menu.accountChanged.connect(lambda: queue.set_session_factory(menu.session_factory))
    try:
        queue.add_package(make_package(tmp_path / "a.gcpkg", 400_000, title="第一个", seed=1))
        qtbot.waitUntil(lambda: [r.state for r in queue.model.records] == ["posted"], timeout=60_000)

        sandbox.advance_clock(3600)  # the token expires while the app is open
        queue.add_package(make_package(tmp_path / "b.gcpkg", 400_000, title="第二个", seed=2))
        qtbot.waitUntil(lambda: menu.dialog is not None, timeout=60_000)
        assert "no longer accepts your token" in menu.dialog.reason.text()
        records = queue.model.records
        assert [r.state for r in records] == ["posted", "paused"]  # nothing dropped, the second one waits
        assert (SERVICE, sandbox.url) in memory_keyring.passwords  # the old entry is replaced, not lost first

        fresh = sandbox.token("ann", "creator")
        menu.dialog.token_edit.setText(fresh)
        with qtbot.waitSignal(menu.accountChanged, timeout=30_000):
            menu.dialog.ok_button.click()
        assert memory_keyring.passwords[(SERVICE, sandbox.url)] == fresh
        queue.resume(records[1].id)
        qtbot.waitUntil(lambda: [r.state for r in queue.model.records] == ["posted", "posted"], timeout=60_000)
        assert [r.id for r in queue.model.records] == [r.id for r in records]
    finally:
        queue.shutdown()
        qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
        queue.deleteLater()


def test_studio_token_serves_where_no_keyring_is_used(qtbot, sandbox, memory_keyring, menus, monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_TOKEN", sandbox.token("ci", "creator"))
    menu = menus(sandbox.url)
    with qtbot.waitSignal(menu.rolesChanged, timeout=30_000):
        menu.refresh()
    assert menu.roles() == ["creator"] and "Logged in as ci" in visible_texts(menu)
    assert "STUDIO_TOKEN is set: it is used instead of the keyring" in visible_texts(menu)
    assert memory_keyring.passwords == {}  # nothing was written anywhere


def test_an_expired_stored_token_asks_for_a_new_one_at_start(qtbot, sandbox, memory_keyring, menus) -> None:
    credentials.save_token(sandbox.url, sandbox.token("ann", "creator", ttl_seconds=60))
    sandbox.advance_clock(120)
    menu = menus(sandbox.url)
    menu.refresh()
    qtbot.waitUntil(lambda: menu.dialog is not None, timeout=30_000)
    assert "no longer accepts your token" in menu.dialog.reason.text() and not menu.logged_in()

"""Review mode: offline open, verify, play in the phone frame, tap a card, write a verdict."""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.core.package import read_package
from studio.core.review import read_report
from studio.jobs.review import open_for_review
from studio.ui.review.review_window import ReviewWindow
from studio.ui.review.wechat_sheet import WeChatSheet
from tests.package_fixtures import POPUPS, make_package

pytestmark = pytest.mark.gui


@pytest.fixture
def package(tmp_path: Path, clip) -> Path:
    return make_package(tmp_path, clip)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Networking disabled for this process: any IP connection or name lookup fails."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: tuple[Any, ...] | str) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError("network disabled for this test")
        real_connect(self, address)

    def getaddrinfo(*_args: object, **_kwargs: object) -> None:
        raise OSError("network disabled for this test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, address: 101)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: (_ for _ in ()).throw(OSError("offline")))


@pytest.fixture
def window(qtbot: QtBot):
    win = ReviewWindow()
    win.show()
    yield win
    win.close()
    win.deleteLater()


def test_offline_open_verify_play_and_verdict(no_network: None, package: Path, window: ReviewWindow,
                                              qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.com", 80))
    with qtbot.waitSignal(window.opened, timeout=30_000):
        window.open_package(package)
    assert window.popup_tree.topLevelItemCount() == len(POPUPS)
    qtbot.waitUntil(lambda: window.view.image is not None, timeout=10_000)
    # N jumps to the first popup; the card is drawn at the manifest time
    qtbot.keyClick(window, Qt.Key.Key_N)
    first = min(window.popups(), key=lambda p: p.start_ms)
    qtbot.waitUntil(lambda: window.view.frame_time is not None and window.view.frame_time >= first.start_ms,
                    timeout=10_000)
    assert [p.id for p in window.view.shown_popups()] == [first.id]
    # step back one frame: before the popup, no card
    window.player.step(-1)
    qtbot.waitUntil(lambda: window.view.frame_time is not None and window.view.frame_time < first.start_ms,
                    timeout=10_000)
    assert window.view.shown_popups() == []
    # play a little (offline) and pause
    before = window.view.frame_time
    assert before is not None
    window.player.play()
    qtbot.waitUntil(lambda: window.view.frame_time is not None and window.view.frame_time > before, timeout=10_000)
    window.player.pause()
    # a verdict with a note on a popup
    window.jump_to_popup(first.id)
    window.popup_note.setPlainText("价格标错了")
    window.reject.setChecked(True)
    window.notes.setPlainText("请修改后再提交")
    assert window.save_button.isEnabled()
    report_path = window.save_report(tmp_path / "report.json")
    report = read_report(report_path, read_package(package).sha256)
    assert report.verdict == "reject"
    assert [(n.popup_id, n.note) for n in report.popup_notes] == [(first.id, "价格标错了")]


def test_tapping_a_card_shows_wechats_confirmation(package: Path, window: ReviewWindow, qtbot: QtBot) -> None:
    """The confirmation is the phone's own sheet, inside the phone's screen (no window of its own); under the
    phone the reviewer reads, in the UI's language, which applet page it would open."""
    with qtbot.waitSignal(window.opened, timeout=30_000):
        window.open_package(package)
    popup = window.popups()[0]
    window.jump_to_popup(popup.id)
    qtbot.waitUntil(lambda: window.view.popup_rect(popup.id) is not None, timeout=10_000)
    rect = window.view.popup_rect(popup.id)
    assert rect is not None
    centre = rect.center().toPoint()
    windows_before = set(QApplication.topLevelWidgets())
    qtbot.mouseClick(window.view, Qt.MouseButton.LeftButton, pos=QPoint(centre.x(), centre.y()))
    sheet = window.view.findChild(WeChatSheet)
    assert sheet is not None and sheet.isVisible() and set(QApplication.topLevelWidgets()) == windows_before
    assert window.opened_package is not None
    applet = next(p["applet"] for p in window.opened_package.manifest["popups"] if p["id"] == popup.id)
    assert applet["name"] in sheet.prompt and "小程序" in sheet.prompt
    screen = window.view.image_rect()
    assert screen.contains(sheet.sheet_rect()) and screen.contains(sheet.cancel_rect())
    assert applet["path"] in window.applet_facts.text() and window.applet_facts.isVisible()
    with qtbot.waitSignal(sheet.closed) as closed:
        qtbot.mouseClick(sheet, Qt.MouseButton.LeftButton, pos=sheet.cancel_rect().center().toPoint())
    assert closed.args == [False] and window.sheet is None and not window.applet_facts.isVisible()


def test_play_turns_into_pause_and_the_package_names_its_creator(tmp_path: Path, clip, window: ReviewWindow,
                                                                 qtbot: QtBot) -> None:
    package = make_package(tmp_path, clip, creator={"id": "u-17", "name": "Lin"})
    window.set_reviewer("rita")
    assert window.reviewer.text() == "rita"
    with qtbot.waitSignal(window.opened, timeout=30_000):
        window.open_package(package)
    assert "Lin (id u-17)" in window.post_text.text()
    assert window.play_button.text() == "Play"
    with qtbot.waitSignal(window.player.playingChanged, timeout=5_000):
        window.player.play()
    assert window.play_button.text() == "Pause"
    with qtbot.waitSignal(window.player.playingChanged, timeout=5_000):
        window.player.pause()
    assert window.play_button.text() == "Play"


def test_a_hostile_package_is_refused_and_never_played(tmp_path: Path, window: ReviewWindow, qtbot: QtBot) -> None:
    bad = tmp_path / "evil.gcpkg"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", '{"format": "x"}')
        zf.writestr("/etc/passwd", "x")
    with qtbot.waitSignal(window.refused, timeout=30_000) as refused:
        window.open_package(bad)
    assert "evil.gcpkg" in refused.args[0]
    assert window.player.info is None and window.view.image is None
    assert window.opened_package is None and not window.save_button.isEnabled()
    for box in QApplication.topLevelWidgets():
        if box.objectName() == "errorBox":
            box.close()


def test_open_for_review_extracts_what_was_checked(package: Path) -> None:
    first = open_for_review(package)
    again = open_for_review(package)
    assert first.video == again.video and first.video.is_file()
    assert all(Path(p.snapshot["image"]).is_file() for p in first.popups if p.snapshot.get("image"))
    entry = first.package.members[first.manifest["video"]["path"]]
    assert first.video.stat().st_size == entry.size


def test_a_damaged_member_leaves_nothing_extracted(package: Path, tmp_path: Path) -> None:
    from studio.core import paths
    from studio.core.errors import ValidationError

    entry = read_package(package).members[read_package(package).manifest["video"]["path"]]
    damaged = tmp_path / "damaged.gcpkg"
    data = bytearray(package.read_bytes())
    data[entry.data_offset + entry.size // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(ValidationError) as err:
        open_for_review(damaged)
    assert err.value.code == "checksum_mismatch"
    left = [p for p in (paths.cache_dir() / "review").rglob("*") if p.is_file()]
    assert left == []


def test_cli_headless_review_report(package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from studio.cli import main

    popup_id = next(iter(POPUPS))
    out = tmp_path / "r.json"
    assert main(["review", str(package), "--verdict", "approve", "--notes", "好", "--popup-note",
                 f"{popup_id}=清楚", "-o", str(out), "--reviewer", "rev", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "approve" and data["report"] == str(out)
    report = read_report(out, data["package_sha256"])
    assert report.reviewer == "rev" and [(n.popup_id, n.note) for n in report.popup_notes] == [(popup_id, "清楚")]
    assert main(["review", str(package), "--verdict", "approve"]) == 2
    assert "-o REPORT" in capsys.readouterr().err
    assert main(["review", str(package), "--verdict", "reject", "--popup-note", "nonsense", "-o", str(out)]) == 2


def test_n_p_and_a_row_click_land_on_each_popups_first_frame_with_its_card(tmp_path: Path, clip, window: ReviewWindow,
                                                                            qtbot: QtBot) -> None:
    """Popups that start between two frames (4010 ms at 30 fps: frames at 4000 and 4034): N, P and a click on a
    popup's row show the popup's first frame (4034), with its card, and N pressed again reaches the next popup."""
    from studio.jobs.pack import pack_project
    from tests.package_fixtures import NOW, SKUS
    from tests.test_pack import CLIP, make_project

    project = make_project(tmp_path, clip(**CLIP), popups={"before": (4_010, 6_500), "across_in": (7_010, 9_600)},
                           skus=SKUS, trim=None)
    package = Path(pack_project(project, tmp_path / "odd.gcpkg", mode="copy", now=NOW).output)
    with qtbot.waitSignal(window.opened, timeout=30_000):
        window.open_package(package)
    first, second = sorted(window.popups(), key=lambda p: p.start_ms)
    assert window.first_frame(first) > first.start_ms  # the frame AT the start is an earlier one, without the card

    def shows(popup) -> None:
        qtbot.waitUntil(lambda: window.view.frame_time == window.first_frame(popup), timeout=10_000)
        assert window.player.position == window.first_frame(popup) >= popup.start_ms
        assert [p.id for p in window.view.shown_popups()] == [popup.id]

    qtbot.keyClick(window, Qt.Key.Key_N)
    shows(first)
    qtbot.keyClick(window, Qt.Key.Key_N)
    shows(second)
    qtbot.keyClick(window, Qt.Key.Key_P)
    shows(first)
    row = window.popup_tree.topLevelItem([p.id for p in window.popups()].index(second.id))
    assert row is not None
    qtbot.mouseClick(window.popup_tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.popup_tree.visualItemRect(row).center())
    shows(second)

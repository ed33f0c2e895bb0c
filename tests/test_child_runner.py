"""`runner.run_python_child`: every call a process of its own (a fork of a warm server), failures read alike.

The child is a real one (`tests/child_behaviours.py`) that answers, crashes, fails, hangs or floods, as a child
reading a crafted file may.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from studio.core.cancel import CancelToken
from studio.core.errors import Cancelled, MachineError
from studio.media import runner
from studio.media.fork_server import ForkServer, ServerGone
from studio.media.runner import run_python_child
from tests.hostile_fixtures import wait_until

pytestmark = pytest.mark.skipif(not runner.FORK_SERVERS, reason="fork servers are used on Linux only")

ROOT = Path(__file__).resolve().parents[1]
CHILD = "tests.child_behaviours"


@pytest.fixture(autouse=True)
def _importable_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # `python -m` puts the working folder first on the child's path


def remember() -> dict[str, object]:
    return json.loads(run_python_child(CHILD, ["remember"], what="remember", timeout=60).stdout)


def gone(pid: int) -> bool:
    """The process ends within 10 s (a zombie nobody has reaped yet counts as ended): a kill is delivered
    in its own time, and the fork, a child of the killed server, is nobody's to wait for here."""

    def ended() -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] in "ZX"
        except (FileNotFoundError, ProcessLookupError):
            return True

    return wait_until(ended, 10)


def test_each_call_is_a_fresh_process_of_the_same_warm_server() -> None:
    first, second = remember(), remember()
    assert first["pid"] != second["pid"] and os.getpid() not in (first["pid"], second["pid"])
    assert first["parent"] == second["parent"] != os.getpid()  # both forks of one server
    assert first["seen_before"] is False and second["seen_before"] is False  # the first left nothing behind


def test_a_crash_is_a_failure_of_that_call_only() -> None:
    server = remember()["parent"]
    with pytest.raises(MachineError) as caught:
        run_python_child(CHILD, ["crash"], what="crafted.mp4", timeout=60)
    assert caught.value.code == "tool_failed" and caught.value.values["status"] < 0
    assert "crafted.mp4" in str(caught.value)
    assert remember()["parent"] == server  # the server outlived its fork


def test_a_failure_keeps_its_exit_status_and_last_line() -> None:
    with pytest.raises(MachineError) as caught:
        run_python_child(CHILD, ["fail"], what="clip.mp4", timeout=60)
    assert caught.value.values["status"] == 3
    assert caught.value.values["detail"] == "moov atom not found"


def test_a_flood_of_output_neither_blocks_nor_grows_without_end() -> None:
    done = run_python_child(CHILD, ["loud"], what="clip.mp4", timeout=60)
    assert done.stdout == b"x" * 3_000_000
    assert done.stderr.endswith("warning: damaged slice") and len(done.stderr) <= 4000


def test_a_hang_is_stopped_at_the_timeout_and_the_next_call_gets_a_new_server(tmp_path: Path) -> None:
    server = remember()["parent"]
    pid_file = tmp_path / "pid"
    with pytest.raises(MachineError) as caught:
        run_python_child(CHILD, ["hang", str(pid_file)], what="slow.mp4", timeout=2)
    assert caught.value.code == "timeout"
    assert gone(int(pid_file.read_text())) and gone(int(server))  # type: ignore[call-overload]
    assert remember()["parent"] not in (server, os.getpid())


def test_cancel_stops_the_child(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    token = CancelToken()

    def cancel_once_running() -> None:
        wait_until(pid_file.exists, 60)
        token.cancel()

    threading.Thread(target=cancel_once_running, daemon=True).start()
    with pytest.raises(Cancelled):
        run_python_child(CHILD, ["hang", str(pid_file)], what="slow.mp4", timeout=60, cancel=token)
    assert gone(int(pid_file.read_text()))


def test_calls_at_once_each_get_a_server_and_their_own_answer(tmp_path: Path) -> None:
    answers: dict[str, dict[str, object]] = {}

    def call(token: str) -> None:
        done = run_python_child(CHILD, ["gate", str(tmp_path), token], what=token, timeout=60)
        answers[token] = json.loads(done.stdout)

    threads = [threading.Thread(target=call, args=(token,)) for token in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    assert wait_until(lambda: len(list(tmp_path.glob("*.started"))) == 3, 60)  # all three running at once
    (tmp_path / "open").touch()
    for thread in threads:
        thread.join(60)
    assert sorted(answers) == ["a", "b", "c"] and all(answers[t]["token"] == t for t in answers)
    assert len({a["parent"] for a in answers.values()}) == 3  # three servers, one call each


def test_a_server_killed_from_outside_costs_no_answer() -> None:
    server = int(remember()["parent"])  # type: ignore[call-overload]
    os.kill(server, 9)
    answer = remember()  # that server is gone: this call is answered all the same
    assert answer["seen_before"] is False and answer["parent"] != server


def test_the_apps_child_entry_serves_the_prober(clip) -> None:
    """A frozen build starts its server as `studio --child studio.media.fork_server studio.media.probe_child`."""
    source = clip(seconds=1)
    server = ForkServer([sys.executable, "-m", "studio", "--child", "studio.media.fork_server",
                         "studio.media.probe_child"])
    try:
        server.send([str(source)])
        status, out, _ = server.reply(120)
    finally:
        server.close()
    assert status == 0 and json.loads(out)["frame_count"] == 30


def test_a_server_that_dies_while_it_answers_costs_no_answer() -> None:
    done = run_python_child(CHILD, ["kill-server", str(os.getpid())], what="clip.mp4", timeout=60)
    assert done.stdout.strip() == b"answered by a process of its own"


def test_a_reply_cut_short_is_no_answer() -> None:
    cut = ('import sys; sys.stdin.readline(); '
           'sys.stdout.buffer.write(b\'{"status": 0, "stdout": 1000, "stderr": 0}\\n{"partial": \')')
    server = ForkServer([sys.executable, "-c", cut])
    try:
        server.send(["x"])
        with pytest.raises(ServerGone):
            server.reply(60)
    finally:
        server.kill()


def test_a_main_that_returns_nothing_exits_0() -> None:
    assert run_python_child(CHILD, ["none"], what="clip.mp4", timeout=60).stdout == b""


def test_without_fork_servers_each_call_is_a_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "FORK_SERVERS", False)
    assert remember()["parent"] == os.getpid()
    with pytest.raises(MachineError) as caught:
        run_python_child(CHILD, ["crash"], what="crafted.mp4", timeout=60)
    assert caught.value.code == "tool_failed"


def test_servers_end_with_the_app_and_their_fork_with_them(tmp_path: Path) -> None:
    """An idle server closes at the app's exit; one whose app dies mid-call kills its fork and ends."""
    script = ("import json, sys; from studio.media.runner import run_python_child; "
              "print(run_python_child('tests.child_behaviours', ['remember'], what='x', timeout=60).stdout.decode())")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, check=True, cwd=ROOT)
    assert gone(int(json.loads(done.stdout)["parent"]))
    pid_file = tmp_path / "pid"
    script = ("import sys; from studio.media.runner import run_python_child; "
              f"run_python_child('tests.child_behaviours', ['hang', {str(pid_file)!r}], what='x', timeout=60)")
    app = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        assert wait_until(pid_file.exists, 60)
        fork = int(pid_file.read_text())
    finally:
        app.kill()  # the app dies without a word to its server
        app.wait()
    assert gone(fork)

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
import time
from pathlib import Path

import pytest

from studio.core.cancel import CancelToken
from studio.core.errors import Cancelled, MachineError
from studio.media.runner import run_python_child

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
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] in "ZX":
                return True
        except (FileNotFoundError, ProcessLookupError):
            return True
        time.sleep(0.01)
    return False


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
        run_python_child(CHILD, ["hang", str(pid_file)], what="slow.mp4", timeout=1)
    assert caught.value.code == "timeout"
    assert gone(int(pid_file.read_text())) and gone(int(server))  # type: ignore[call-overload]
    assert remember()["parent"] not in (server, os.getpid())


def test_cancel_stops_the_child(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    token = CancelToken()

    def cancel_once_running() -> None:
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        token.cancel()

    threading.Thread(target=cancel_once_running, daemon=True).start()
    with pytest.raises(Cancelled):
        run_python_child(CHILD, ["hang", str(pid_file)], what="slow.mp4", timeout=60, cancel=token)
    assert gone(int(pid_file.read_text()))


def test_calls_at_once_each_get_a_server() -> None:
    answers: list[dict[str, object]] = []
    threads = [threading.Thread(target=lambda: answers.append(remember())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == 3 and len({a["pid"] for a in answers}) == 3
    assert not any(a["seen_before"] for a in answers)


def test_a_server_killed_from_outside_costs_no_answer() -> None:
    server = int(remember()["parent"])  # type: ignore[call-overload]
    os.kill(server, 9)
    answer = remember()  # that server is gone: this call is answered all the same
    assert answer["seen_before"] is False and answer["parent"] != server


def test_the_apps_child_entry_serves_the_prober(clip) -> None:
    """A frozen build starts its server as `studio --child studio.media.fork_server studio.media.probe_child`."""
    source = clip(seconds=1)
    done = subprocess.run([sys.executable, "-m", "studio", "--child", "studio.media.fork_server",
                           "studio.media.probe_child"], input=json.dumps([str(source)]).encode() + b"\n",
                          capture_output=True, timeout=120, check=True)
    header, _, rest = done.stdout.partition(b"\n")
    sizes = json.loads(header)
    assert sizes["status"] == 0 and len(rest) == sizes["stdout"] + sizes["stderr"]
    assert json.loads(rest[:sizes["stdout"]])["frame_count"] == 30

"""A media child for tests/test_child_runner.py: `main([BEHAVIOUR, ARGS...])`, the behaviours below.

Run by `runner.run_python_child` (in a fork of a warm server, or as `python -m tests.child_behaviours`), it
behaves as a child reading a crafted file may: answers, crashes, fails with a message, hangs, or floods.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

_seen = False


def main(argv: list[str]) -> int:
    global _seen
    what = argv[0]
    if what == "remember":  # state a previous file left behind would show here
        print(json.dumps({"pid": os.getpid(), "parent": os.getppid(), "seen_before": _seen}))
        _seen = True
    elif what == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif what == "fail":
        print("reading the header", file=sys.stderr)
        print("moov atom not found", file=sys.stderr)
        return 3
    elif what == "hang":
        written = Path(argv[1] + ".part")
        written.write_text(str(os.getpid()), encoding="utf-8")
        written.replace(argv[1])  # whole when it appears
        time.sleep(120)
    elif what == "loud":
        sys.stderr.write("warning: damaged slice\n" * 100_000)
        sys.stdout.write("x" * 3_000_000)
    elif what == "gate":  # FOLDER TOKEN: say it started, wait for FOLDER/open, answer with the token
        folder = Path(argv[1])
        (folder / f"{argv[2]}.started").touch()
        deadline = time.monotonic() + 60
        while not (folder / "open").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        print(json.dumps({"token": argv[2], "pid": os.getpid(), "parent": os.getppid()}))
    elif what == "kill-server":  # TEST_PID: kill the fork server this runs in (never the test itself)
        if os.getppid() != int(argv[1]):
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(60)
        print("answered by a process of its own")
    elif what == "none":
        return None  # type: ignore[return-value]  # as a careless main might
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The one place that runs ffmpeg and the media child processes.

Every call follows the media rules: an argv list (never a shell), `-protocol_whitelist file,pipe` before
every input, input paths made absolute (so `-y.mp4` or `concat:a.mp4|b.mp4` stay file names), a timeout,
a cancel token, and stderr kept for the error message. ffmpeg-python may build argv (`.compile()`), but
nothing calls its own `.run()`, which has no timeout. Features ask this module; none calls subprocess.
"""

from __future__ import annotations

import atexit
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.core.cancel import CancelToken, Progress
from studio.core.errors import QT_TRANSLATE_NOOP, Cancelled, InputError, MachineError
from studio.media.fork_server import ForkServer, ServerGone
from studio.media.tools import find_ffmpeg

STDERR_TAIL = 4000


@dataclass(frozen=True)
class Completed:
    stdout: bytes
    stderr: str
    seconds: float


def checked_input(path: str | os.PathLike[str]) -> Path:
    """`path` made absolute after checking it names a readable, non-empty regular file."""
    raw = os.fspath(path)
    if not raw:
        raise InputError(QT_TRANSLATE_NOOP("errors", "no file name was given"), raw, code="missing")
    p = Path(raw).expanduser().absolute()
    if not p.exists():
        raise InputError(QT_TRANSLATE_NOOP("errors", "the file does not exist"), p, code="missing")
    if p.is_dir():
        raise InputError(QT_TRANSLATE_NOOP("errors", "this is a folder, not a video file"), p, code="is_directory")
    if not p.is_file():
        raise InputError(QT_TRANSLATE_NOOP("errors", "this is not a regular file"), p, code="not_a_file")
    if not os.access(p, os.R_OK):
        raise InputError(QT_TRANSLATE_NOOP("errors", "the file cannot be read (permission denied)"), p,
                         code="unreadable")
    if p.stat().st_size == 0:
        raise InputError(QT_TRANSLATE_NOOP("errors", "the file is empty (0 bytes)"), p, code="empty")
    return p


def _with_whitelist(args: Sequence[str]) -> list[str]:
    """Insert the protocol whitelist before every `-i` and insist on absolute input paths."""
    out: list[str] = []
    fmt = None
    for i, arg in enumerate(args):
        if arg == "-f" and i + 1 < len(args):
            fmt = args[i + 1]
        if arg == "-i" and i + 1 < len(args):
            value = args[i + 1]
            if fmt != "lavfi" and value != "pipe:" and not os.path.isabs(value):
                raise ValueError(f"ffmpeg input must be an absolute path: {value!r}")
            out += ["-protocol_whitelist", "file,pipe"]
            fmt = None
        out.append(arg)
    return out


def ffmpeg_argv(args: Sequence[str]) -> list[str]:
    """The full argv for an ffmpeg call with `args` (everything after the program name)."""
    return [str(find_ffmpeg()), "-hide_banner", "-nostdin", "-y", *_with_whitelist(list(args))]


def run_ffmpeg(
    args: Sequence[str],
    *,
    what: str | os.PathLike[str],
    timeout: float = 600,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
    total_ms: int = 0,
    outputs: Sequence[Path] = (),
) -> Completed:
    """Run ffmpeg with `args`; `what` names the file for error messages.

    With `progress`, ffmpeg reports `out_time` on a pipe and `progress(done_ms, total_ms)` is called.
    On failure, timeout or cancel, the `outputs` are deleted so no partial file is left behind.
    """
    argv = ffmpeg_argv(args)
    if progress is not None:
        argv[1:1] = ["-progress", "pipe:2", "-nostats"]
    try:
        return _run(argv, what=what, timeout=timeout, cancel=cancel, progress=progress, total_ms=total_ms)
    except BaseException:
        for out in outputs:
            Path(out).unlink(missing_ok=True)
        raise


def python_child_argv(module: str, *args: str) -> list[str]:
    """Argv that runs `python -m module args` (or the frozen app's hidden entry for it)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--child", module, *args]
    return [sys.executable, "-m", module, *args]


FORK_SERVERS = sys.platform == "linux"
"""Media children are forks of a warm server (`fork_server`) here; elsewhere each is a new process."""
IDLE_SERVERS = 2
"""Fork servers kept waiting per module between calls (one per call running at once is started)."""

_idle: dict[str, list[ForkServer]] = {}
_idle_lock = threading.Lock()


def run_python_child(module: str, args: Sequence[str], *, what: str | os.PathLike[str], timeout: float,
                     cancel: CancelToken | None = None) -> Completed:
    """Run `module.main(args)` in a child process of its own (such as the PyAV prober), which a crash cannot
    take the app down with; `module.main` prints its answer on stdout.

    On Linux the child is a fork of a warm server (`fork_server`), which saves the child's Python start and
    imports; elsewhere, or when a server breaks, it is a new process. Either way a failure, timeout or cancel
    reads the same (`MachineError` tool_failed or timeout, `Cancelled`).
    """
    argv = python_child_argv(module, *args)
    if not FORK_SERVERS:
        return _run(argv, what=what, timeout=timeout, cancel=cancel, progress=None, total_ms=0)
    started = time.monotonic()
    with _idle_lock:
        waiting = _idle.setdefault(module, [])
        server = waiting.pop() if waiting else None
    try:
        if server is None:
            server = ForkServer(python_child_argv("studio.media.fork_server", module))
        server.send(args)
        while True:
            try:
                status, out, err = server.reply(0.01)
                break
            except queue.Empty:
                pass
            if cancel is not None and cancel.cancelled:
                raise Cancelled(os.fspath(what))
            if time.monotonic() - started > timeout:
                raise _timed_out(argv, what, timeout)
    except (ServerGone, OSError):
        if server is not None:
            server.kill()
        return _run(argv, what=what, timeout=timeout, cancel=cancel, progress=None, total_ms=0)
    except BaseException:  # cancelled, timed out or interrupted: the server and its fork go
        if server is not None:
            server.kill()
        raise
    with _idle_lock:
        keep = len(waiting) < IDLE_SERVERS
        if keep:
            waiting.append(server)
    if not keep:
        server.close()
    stderr = "\n".join(err.decode("utf-8", "replace").splitlines())[-STDERR_TAIL:]
    if status != 0:
        raise _tool_failed(argv, what, status, stderr)
    return Completed(out, stderr, time.monotonic() - started)


@atexit.register
def _close_idle_servers() -> None:
    with _idle_lock:
        servers = [server for waiting in _idle.values() for server in waiting]
        _idle.clear()
    for server in servers:
        server.close()


def _run(argv: list[str], *, what: str | os.PathLike[str], timeout: float, cancel: CancelToken | None,
         progress: Progress | None, total_ms: int) -> Completed:
    started = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, close_fds=True)
    except FileNotFoundError:
        raise MachineError(QT_TRANSLATE_NOOP("errors", "the program {program} could not be started"), what,
                           code="tool_missing", program=argv[0]) from None
    stdout_chunks: list[bytes] = []
    stderr_lines: list[str] = []

    def read_stdout() -> None:
        stdout = proc.stdout
        assert stdout is not None
        for chunk in iter(lambda: stdout.read(1 << 16), b""):
            stdout_chunks.append(chunk)

    def read_stderr() -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            if progress is not None and line.startswith("out_time_us="):
                value = line.partition("=")[2]
                if value.isdigit():
                    progress(min(int(value) // 1000, total_ms or int(value) // 1000), total_ms)
                continue
            if progress is not None and "=" in line and " " not in line:
                continue  # other -progress keys
            stderr_lines.append(line)
            if len(stderr_lines) > 400:
                del stderr_lines[:200]

    readers = [threading.Thread(target=read_stdout, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
    for t in readers:
        t.start()
    try:
        while True:
            try:
                proc.wait(timeout=0.01)  # at most 10 ms between ffmpeg exiting and us noticing
                break
            except subprocess.TimeoutExpired:
                pass
            if cancel is not None and cancel.cancelled:
                proc.kill()
                proc.wait()
                raise Cancelled(os.fspath(what))
            if time.monotonic() - started > timeout:
                proc.kill()
                proc.wait()
                raise _timed_out(argv, what, timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for t in readers:
            t.join(timeout=5)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    stderr = "\n".join(stderr_lines)[-STDERR_TAIL:]
    if proc.returncode != 0:
        raise _tool_failed(argv, what, proc.returncode, stderr)
    return Completed(b"".join(stdout_chunks), stderr, time.monotonic() - started)


def _timed_out(argv: list[str], what: str | os.PathLike[str], timeout: float) -> MachineError:
    message = QT_TRANSLATE_NOOP("errors", "{program} took longer than {seconds} s and was stopped")
    return MachineError(message, what, code="timeout", program=Path(argv[0]).name, seconds=int(timeout))


def _last_meaningful(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def last_lines(stderr: str, count: int = 3) -> list[str]:
    """The last `count` non-empty lines of a tool's stderr."""
    return [ln.strip() for ln in stderr.splitlines() if ln.strip()][-count:]


def _tool_failed(argv: list[str], what: str | os.PathLike[str], returncode: int, stderr: str) -> MachineError:
    """The error for a failed tool; `values["stderr"]` keeps the tail of its stderr for callers that look closer."""
    return MachineError(QT_TRANSLATE_NOOP("errors", "{program} failed (exit {status}): {detail}"), what,
                        code="tool_failed", program=Path(argv[0]).name, status=returncode,
                        detail=_last_meaningful(stderr), stderr=stderr)

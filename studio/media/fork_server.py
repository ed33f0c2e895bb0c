"""A warm parent for a media child process, and its client: `python -m studio.media.fork_server MODULE`.

Each untrusted file is read in a process of its own (docs/decisions/probe-in-a-child.md). Starting that
process costs a Python start and PyAV's import, about 0.1 s of CPU, every time. The server pays it once: it
imports MODULE, then answers each request with a fork that runs `MODULE.main(argv)` on one file, with its
stdout and stderr captured, and exits. Every file is still read in a fresh process no other file has touched;
only the start is cheaper. Platforms without fork start a process per file as before (`runner.run_python_child`).

The protocol, on the server's stdin and stdout: a request is one line of JSON (the argument list); the reply is
one line of JSON, `{"status": exit status (negative: the signal that killed the fork), "stdout": n,
"stderr": m}`, then n bytes of the fork's stdout and m of its stderr. The server ends when its stdin closes,
killing the fork it is running then. Only Linux uses it (`runner.FORK_SERVERS`): macOS's system frameworks,
which FFmpeg links there, are not safe to use in a fork, and Windows cannot fork.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import queue
import selectors
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Sequence

STDERR_KEPT = 1 << 16
"""Bytes of a fork's stderr kept (its end): a crafted file can make a decoder warn without end."""


class ServerGone(Exception):
    """The server process ended or broke the protocol; the request was not answered."""


class ForkServer:
    """The client of one server process; one request at a time (`runner` keeps a pool of them)."""

    def __init__(self, argv: Sequence[str]) -> None:
        # Its own session: a timeout or cancel kills the server with its fork in one `killpg`.
        self._proc = subprocess.Popen(list(argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
        self._replies: queue.Queue[tuple[int, bytes, bytes] | None] = queue.Queue()
        threading.Thread(target=self._read_replies, name="fork-server-replies", daemon=True).start()

    def _read_replies(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        try:
            while header := stdout.readline():
                sizes = json.loads(header)
                out, err = stdout.read(sizes["stdout"]), stdout.read(sizes["stderr"])
                if len(out) != sizes["stdout"] or len(err) != sizes["stderr"]:
                    break  # cut off: the server died while it answered
                self._replies.put((int(sizes["status"]), out, err))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        self._replies.put(None)

    def send(self, args: Sequence[str]) -> None:
        """Ask for `MODULE.main(args)`; raise `ServerGone` if the server cannot take it."""
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            stdin.write(json.dumps(list(args)).encode("utf-8") + b"\n")
            stdin.flush()
        except OSError:
            raise ServerGone from None

    def reply(self, wait_s: float) -> tuple[int, bytes, bytes]:
        """(exit status, stdout, stderr) of the request sent; `queue.Empty` if not there within `wait_s`."""
        answer = self._replies.get(timeout=wait_s)
        if answer is None:
            raise ServerGone
        return answer

    def kill(self) -> None:
        """Stop the server and the fork it is running now."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, signal.SIGKILL)
        self._proc.wait()
        self._close_pipes()

    def close(self) -> None:
        """Let the server end by itself (its stdin closes), or stop it if it does not within a second."""
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            self._proc.wait(timeout=1)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


# -- the server side -------------------------------------------------------------------------------------------


def _exit_status(value: object) -> int:
    """What `raise SystemExit(value)` exits with; a message goes to stderr, as Python prints it."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)
    return 1


def run_in_fork(main: Callable[[list[str]], object], args: list[str], *, client: int,
                private: Sequence[int] = ()) -> tuple[int, bytes, bytes] | None:
    """Run `main(args)` in a fork of this process: (its exit status, its stdout, the end of its stderr).

    `client` is the requests' file descriptor: the client sends nothing while it waits for an answer, so if it
    becomes readable the client has gone (the app quit or died); the fork is killed and None returned, so no
    fork stuck on a crafted file outlives the app. `private` are descriptors the fork closes (the replies').
    """
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the fork: nothing here may return into the server's loop
        status = 1
        try:
            os.close(out_r)
            os.close(err_r)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            for fd in (out_w, err_w, devnull, *private):
                os.close(fd)
            status = _exit_status(main(args))
        except SystemExit as exc:
            status = _exit_status(exc.code)
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(status)
    os.close(out_w)
    os.close(err_w)
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    with selectors.DefaultSelector() as selector:
        for fd in (out_r, err_r, client):
            selector.register(fd, selectors.EVENT_READ)
        while len(selector.get_map()) > 1:
            for key, _ in selector.select():
                if key.fd == client:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    os.close(out_r)
                    os.close(err_r)
                    return None
                data = os.read(key.fd, 1 << 16)
                if data:
                    chunks[key.fd].append(data)
                    if key.fd == err_r and sum(map(len, chunks[err_r])) > 2 * STDERR_KEPT:
                        chunks[err_r] = [b"".join(chunks[err_r])[-STDERR_KEPT:]]
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    _, wait_status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(wait_status), b"".join(chunks[out_r]), b"".join(chunks[err_r])[-STDERR_KEPT:]


def serve(module_name: str) -> None:
    """Import `module_name`, then answer each request line on stdin until it closes.

    The replies go to a private copy of stdout; stdout itself points at /dev/null, so nothing the module or a
    library prints can come between two replies.
    """
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    main = importlib.import_module(module_name).main
    requests = sys.stdin.buffer
    for line in requests:
        done = run_in_fork(main, [str(arg) for arg in json.loads(line)], client=requests.fileno(),
                           private=(replies.fileno(),))
        if done is None:
            return
        status, out, err = done
        header = json.dumps({"status": status, "stdout": len(out), "stderr": len(err)}).encode("ascii")
        replies.write(header + b"\n" + out + err)
        replies.flush()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: fork_server MODULE", file=sys.stderr)
        return 2
    serve(argv[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Atomic file writes: a temp file in the same folder, fsync, then `os.replace`.

A crash or a full disk mid-write leaves the old file whole; a full disk raises `MachineError` naming the
file, and the temp file is removed. `atomic_writer` streams (packages); `write_atomic` writes bytes.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from studio.core.errors import QT_TRANSLATE_NOOP, MachineError


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` when the block ends without error (and never half-written)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); the result gets the mode of the file it replaces, else the
        # usual 0644, so a package or project can be shared like any file the person saves
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644)
        with os.fdopen(fd, "w+b") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise MachineError(QT_TRANSLATE_NOOP("errors", "the disk is full; nothing was changed"), path,
                               code="disk_full") from None
        raise MachineError(QT_TRANSLATE_NOOP("errors", "cannot write the file: {reason}"), path,
                           code="write_failed", reason=exc.strerror or str(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see either the old or the new file, never half."""
    with atomic_writer(path) as fh:
        fh.write(data)

"""File names made from names someone else chose (a server's post id, a listing's SKU): the one way in.

A name becomes a file name only through `file_in`: a safe alphabet (letters, digits, `.`, `_`, `-`, not
starting with a dot or a dash), a bounded length, and the result checked to stay directly inside its
folder. Anything else is refused with `UnsafeName`, never cleaned up into something that might collide.
"""

from __future__ import annotations

import re
from pathlib import Path

from studio.core.display_text import one_line
from studio.core.errors import QT_TRANSLATE_NOOP, InputError

MAX_LENGTH = 100
SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")

T_UNSAFE = QT_TRANSLATE_NOOP(
    "errors", "\u201c{name}\u201d cannot be a file name here (only letters, digits, '.', '_' and '-', at most "
              "{limit} characters)")


class UnsafeName(InputError):
    """A name that would leave its folder or is not a plain file name."""

    code = "unsafe_name"


def is_safe_name(name: str) -> bool:
    return len(name) <= MAX_LENGTH and SAFE_NAME.fullmatch(name) is not None and ".." not in name


def file_in(folder: Path, name: str, suffix: str = "") -> Path:
    """`folder / (name + suffix)`, or UnsafeName when `name` is not a plain, safe file name."""
    if not is_safe_name(name):
        raise UnsafeName(T_UNSAFE, folder, name=one_line(name)[:MAX_LENGTH], limit=MAX_LENGTH)
    path = folder / f"{name}{suffix}"
    if path.parent != folder or path.name != f"{name}{suffix}":
        raise UnsafeName(T_UNSAFE, folder, name=one_line(name)[:MAX_LENGTH], limit=MAX_LENGTH)
    return path

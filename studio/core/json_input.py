"""JSON from outside (a package's manifest, a request body, a paging cursor), parsed so that nothing in it can
crash what reads it next.

`loads(data)` is `json.loads` that also refuses, with `JsonInputError` (a ValueError whose message says what
and where): nesting deeper than `MAX_DEPTH` (the C parser would otherwise raise RecursionError, and every
recursive walk after it too), `NaN`/`Infinity`, and numbers outside a signed 64-bit range (SQLite cannot
bind such integers), and lone surrogates (`"\\ud800"`) in strings or keys (they cannot be encoded
as UTF-8, so the first write or hash of the text would fail). Which characters a *text field* may hold (NUL,
bidi controls) is `core.text_rules`' question, not this module's.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted; real manifests and request bodies need 5."""
INT_MIN, INT_MAX = -(2**63), 2**63 - 1

_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonInputError(ValueError):
    """JSON that is well-formed but may not be used: `pointer` says where (JSON Pointer, "" for the whole)."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(f"{pointer or '/'}: {message}" if pointer else message)
        self.reason = message
        self.pointer = pointer


def _no_constant(name: str) -> Any:
    raise JsonInputError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or not INT_MIN <= value <= INT_MAX:
        raise JsonInputError(f"the number {text[:40]} is out of range")
    return value


def loads(data: str | bytes) -> Any:
    """Parse UTF-8 JSON and check it as the module says; ValueError (UnicodeDecodeError, JSONDecodeError or
    `JsonInputError`) when it may not be used."""
    text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError:
        raise JsonInputError(f"arrays and objects are nested more than {MAX_DEPTH} deep") from None
    check(value)
    return value


def check(value: Any) -> None:
    """Raise `JsonInputError` for the first thing in an already-parsed value that `loads` would refuse."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, pointer, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise JsonInputError("the text holds a lone surrogate (not a character)", pointer)
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int):
            if not INT_MIN <= item <= INT_MAX:
                raise JsonInputError("the whole number is out of range", pointer)
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise JsonInputError(f"arrays and objects are nested more than {MAX_DEPTH} deep")
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                if isinstance(key, str) and _SURROGATE.search(key):
                    raise JsonInputError("a key holds a lone surrogate (not a character)", pointer)
                stack.append((child, f"{pointer}/{key}", depth + 1))

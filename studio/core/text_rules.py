"""Which characters a piece of text a person reads may hold: one rule for listing titles, post text, applet
names and reviewers' notes, whether typed in the app, imported from a CSV or sent to the platform.

Refused: control characters (NUL and the other C0/C1 controls; a line break or tab only where the text may
have lines), bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C: a right-to-left override
makes "gpj.exe" read as "exe.jpg"), and lone surrogates. `bad_character(text, lines=...)` names the first one.
The contract (resources/openapi.yaml, `PlainText` and `Lines`) writes the same rule as a pattern.
"""

from __future__ import annotations

import re

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
_BAD_IN_LINE = re.compile(f"[{_CONTROLS}\t\n\r{_BIDI}{_SURROGATES}]")
_BAD_IN_LINES = re.compile(f"[{_CONTROLS}{_BIDI}{_SURROGATES}]")


def bad_character(text: str, *, lines: bool = False) -> str | None:
    """The first character `text` may not hold, written as U+XXXX, or None; `lines` allows tab and line
    breaks (a description, a note)."""
    found = (_BAD_IN_LINES if lines else _BAD_IN_LINE).search(text)
    return None if found is None else f"U+{ord(found.group(0)):04X}"

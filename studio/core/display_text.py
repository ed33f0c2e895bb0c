"""Text someone else wrote (a server, a shop's file) made safe to show: no control characters.

A title that holds an escape sequence can set a terminal's window title, clear the screen or rewrite the line
above; a line break or a bidirectional override makes a single-line widget lie about what it shows; a lone
surrogate cannot even be printed. `one_line` is for a terminal line or a single-line widget, `clean_text`
keeps line breaks (a reviewer's notes). Both are pure and never fail.
"""

from __future__ import annotations

import re

_CONTROLS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and line feed) and C1, DEL: escapes, carriage return
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\ud800-\udfff"  # lone surrogates (a pair never reaches a Python str as two halves)
)
_MULTI = re.compile(f"[{_CONTROLS}]")
_BREAKS = re.compile("[\t\n\u2028\u2029\u0085]+")


def clean_text(text: str) -> str:
    """`text` without control characters; tabs and line breaks are kept."""
    return _MULTI.sub("", text)


def one_line(text: str) -> str:
    """`text` on one line: control characters removed, tabs and line breaks turned into one space."""
    return _BREAKS.sub(" ", clean_text(text.replace("\r\n", "\n"))).strip()

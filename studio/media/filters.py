"""ffmpeg filters as values, and ffmpeg-python graphs compiled to the argv `studio.media.runner` runs.

A `Filter` is one ffmpeg filter with its arguments (`Filter("scale", 1080, 1920, flags="bicubic")`); a chain is
a tuple of them, so fixed chains (the export's tone mapping, deinterlacing, colour tags) are constants that read
as ffmpeg's own names and options. `chain` puts a stream through one. The graph itself is ffmpeg-python's: its
nodes say which stream feeds which filter, it labels the branches and escapes the arguments; `argv` compiles
one or more outputs (`.compile()`, never `.run()`: the runner keeps the timeout, cancel and whitelist).
See docs/decisions/ffmpeg-python.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ffmpeg

Stream = Any
"""An ffmpeg-python stream (the library has no types)."""


class Filter:
    """One ffmpeg filter: its name, positional arguments and named options."""

    __slots__ = ("args", "name", "options")

    def __init__(self, name: str, *args: object, **options: object) -> None:
        self.name = name
        self.args = args
        self.options: Mapping[str, object] = options

    def __call__(self, stream: Stream) -> Stream:
        return stream.filter(self.name, *self.args, **self.options)

    def __repr__(self) -> str:
        return f"Filter({self.name!r}, {self.args!r}, {dict(self.options)!r})"


def chain(stream: Stream, filters: Iterable[Filter]) -> Stream:
    """`stream` through `filters`, in order."""
    for step in filters:
        stream = step(stream)
    return stream


def argv(*outputs: Stream) -> list[str]:
    """The ffmpeg arguments (no program name) of one or more `ffmpeg.output` nodes, in the order given."""
    node = outputs[0] if len(outputs) == 1 else ffmpeg.merge_outputs(*outputs)
    return list(node.compile(cmd=[]))


def options(values: Mapping[str, object]) -> list[str]:
    """Output or input options as argv (`{"c:v": "copy", "an": None}` -> `-c:v copy -an`), for calls that
    build no graph."""
    out: list[str] = []
    for key, value in values.items():
        out.append(f"-{key}")
        if value is not None:
            out.append(str(value))
    return out

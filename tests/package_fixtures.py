"""A small valid package made by the real `pack` job (for the reviewer's and the preview's tests)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from studio.jobs.pack import pack_project
from tests.test_pack import CLIP, make_project

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
POPUPS = {"before": (4_000, 6_500), "across_in": (7_000, 9_600)}
SKUS = {"before": "GC-SHOE-004", "across_in": "GC-BOTTLE-001"}


def make_package(tmp_path: Path, clip: Callable[..., Path], creator: dict[str, str] | None = None) -> Path:
    """Pack a 15 s 360x640 clip with two popups (copy mode), by `creator` when given; return the package's path."""
    project = make_project(tmp_path, clip(**CLIP), popups=POPUPS, skus=SKUS, trim=None)
    out = tmp_path / "p.gcpkg"
    pack_project(project, out, mode="copy", now=NOW, creator=creator)
    return out

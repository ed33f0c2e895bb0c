"""A small valid package made by the real `pack` job (for the reviewer's and the preview's tests)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from studio.jobs.pack import pack_project
from tests.media_fixtures import cached
from tests.test_pack import CLIP, make_project

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
POPUPS = {"before": (4_000, 6_500), "across_in": (7_000, 9_600)}
SKUS = {"before": "GC-SHOE-004", "across_in": "GC-BOTTLE-001"}


def make_package(tmp_path: Path, clip: Callable[..., Path], creator: dict[str, str] | None = None) -> Path:
    """Pack a 15 s 360x640 clip with two popups (copy mode), by `creator` when given; return the package's path.

    The project and its products (in this test's catalog) are made for each test, the package once per run and
    creator, beside the run's clips: each test gets its own copy, which it may damage or upload."""
    source = clip(**CLIP)
    project = make_project(tmp_path, source, popups=POPUPS, skus=SKUS, trim=None)
    by = hashlib.sha1(json.dumps(creator, sort_keys=True).encode()).hexdigest()[:10]
    packed = cached(source.parent / f"package-{by}.gcpkg",
                    lambda part: pack_project(project, part, mode="copy", now=NOW, creator=creator))
    out = tmp_path / "p.gcpkg"
    shutil.copyfile(packed, out)
    return out

"""The demo project's showcase clip (1080x1920, 18.5 s), rendered once per test run for every xdist worker.

`demo_clip_in_home` copies it where `make_demo_project` looks (STUDIO_HOME's demo folder), which then probes
it and reuses it instead of rendering it again: tests that open the demo for what comes after (the editor, the
keys, packing) pay for one render between them. tests/test_demo.py renders its own, as the test of the
rendering; it is queued before every other test (tests/conftest.py), so its clip is the one the run shares.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.core import paths
from studio.jobs.demo import DEMO_CLIP, render_demo_clip
from tests.media_fixtures import cached


@pytest.fixture(scope="session")
def demo_clip(clip_dir: Path) -> Path:
    """The rendered showcase clip, in the run's shared clip folder (read only)."""
    return cached(clip_dir / DEMO_CLIP, render_demo_clip)


@pytest.fixture
def demo_clip_in_home(demo_clip: Path, studio_home: Path) -> Path:
    """A copy of the showcase clip in this test's STUDIO_HOME, where the demo project reuses it."""
    target = paths.demo_dir() / DEMO_CLIP
    shutil.copyfile(demo_clip, target)
    return target

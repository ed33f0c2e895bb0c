"""`studio demo --no-gui`: a portrait showcase clip with sound and a project that opens it.

Its first run renders the clip in this test's STUDIO_HOME; when no other test has asked for the run's demo clip
yet (`tests/demo_fixtures.py`), that rendering becomes it, so the run renders the clip once instead of twice. The
test is queued before all others (tests/conftest.py) for that."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from studio.core import paths
from studio.core.catalog import Catalog
from studio.core.media_ref import resolve_media
from studio.core.popup_rules import check_popups
from studio.core.post_text import check_post_text
from studio.core.project_file import load_project
from studio.jobs.demo import DEMO_CLIP
from studio.media.probe import probe
from tests.media_fixtures import cached


def _demo() -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio", "demo", "--no-gui"], capture_output=True, text=True,
                          timeout=600)


def test_demo_project(studio_home: Path, clip_dir: Path) -> None:
    runs: list[subprocess.CompletedProcess[str]] = []

    def render_for_the_run(part: Path) -> None:  # the clip this first run renders is the run's demo clip
        runs.append(_demo())
        assert runs[0].returncode == 0, runs[0].stderr
        shutil.copyfile(paths.demo_dir() / DEMO_CLIP, part)

    cached(clip_dir / DEMO_CLIP, render_for_the_run)
    result = runs[0] if runs else _demo()  # another test asked for the demo clip first: render one here all the same
    assert result.returncode == 0, result.stderr
    project_path = Path(result.stdout.strip().splitlines()[-1])
    assert project_path.is_file() and studio_home in project_path.parents
    project = load_project(project_path)
    assert project.source is not None
    media = resolve_media(project.source, project_path)
    assert media is not None
    info = probe(media)
    assert (info.display_width, info.display_height) == (1080, 1920)
    assert 20_000 <= info.duration_ms <= 40_000
    assert info.has_audio and info.audio_codec == "aac"
    assert info.video_codec == "h264" and info.pix_fmt == "yuv420p"
    assert check_post_text(project.post) == []  # ready to pack as it is
    assert "好物" in project.post.title  # what viewers on the platform read: Chinese, in either UI language
    assert [p.sku for p in project.popups] == ["GC-BOTTLE-001", "GC-TOTE-002", "GC-CUP-003"]
    with Catalog.open() as catalog:  # the demo catalog went into the local cache, so tagging works offline
        assert catalog.get("GC-CUP-003") is not None
        problems = check_popups(project.popups, duration_ms=info.duration_ms, trim=project.trim,
                                catalog_lookup=catalog.get, now=datetime.now(UTC))
    assert problems == []

    made = media.stat().st_mtime_ns
    again = _demo()
    assert again.returncode == 0, again.stderr
    assert media.stat().st_mtime_ns == made  # the clip is reused, not rendered again

"""Shared fixtures: a fresh STUDIO_HOME per test, generated clips, and the real-world clips.

Real clips are found through `STUDIO_REAL_MEDIA` (default: ../shared/media/real beside the checkout).
Where they are absent, tests that need them skip with that reason, except under `CI=true`, where the
absence fails the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.locale_fixtures import english_ui_locale, ui_locale  # noqa: F401  (English unless a test switches)
from tests.media_fixtures import ClipSpec, make_clip
from tests.platform_fixtures import memory_keyring, no_keyring  # noqa: F401
from tests.sandbox_fixtures import sandbox  # noqa: F401  (the `sandbox` fixture)

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def real_media_dir() -> Path:
    return Path(os.environ.get("STUDIO_REAL_MEDIA", ROOT.parent / "shared" / "media" / "real")).resolve()


def _real_facts() -> dict[str, dict]:
    facts = real_media_dir() / "facts.json"
    if not facts.is_file():
        return {}
    return json.loads(facts.read_text(encoding="utf-8"))["files"]


REAL_FACTS = _real_facts()
REAL_VIDEOS = sorted(REAL_FACTS)


@pytest.fixture
def real_media() -> Path:
    folder = real_media_dir()
    if not (folder / "facts.json").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"STUDIO_REAL_MEDIA: no real media at {folder} (required under CI=true)")
        pytest.skip(f"STUDIO_REAL_MEDIA: no real media at {folder}")
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not REAL_FACTS and os.environ.get("CI") == "true":
        raise pytest.UsageError(f"STUDIO_REAL_MEDIA: no real media at {real_media_dir()} (required under CI=true)")


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp: object) -> object:
    """The QApplication exists before any test runs: a job that paints (`render.gui.ensure_gui_app`) would
    otherwise make a bare QGuiApplication first, and the widget tests after it could not run."""
    return qapp


@pytest.fixture(autouse=True)
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "studio-home"
    home.mkdir()
    monkeypatch.setenv("STUDIO_HOME", str(home))
    monkeypatch.delenv("STUDIO_FFMPEG", raising=False)
    return home


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clip(clip_dir: Path):
    """`clip(**ClipSpec fields)` renders (once per session) and returns the clip's path."""

    def make(**kwargs) -> Path:
        return make_clip(ClipSpec(**kwargs), clip_dir)

    return make

"""Shared fixtures: a fresh STUDIO_HOME per test, generated clips, and the real-world clips.

The suite runs in parallel (`installers/dev.py test` passes `-n auto --dist loadgroup` to pytest-xdist): the
tests of a module that use a module- or class-scoped fixture run together on one worker, so the fixture is made
once; those groups are queued first, the other tests after them, each to whichever worker is free. The
generated clips, and values several files read (`value_dir`: a real clip's probe), are shared by all workers of
a run (`shared_folder`, made under a lock by `tests.media_fixtures.cached`). Every test has a time limit
(`timeout` in pyproject.toml). Nothing is written outside pytest's temporary folders.
docs/decisions/parallel-tests.md says why, with the figures.

Real clips are found through `STUDIO_REAL_MEDIA` (default: ../shared/media/real beside the checkout).
Where they are absent, tests that need them skip with that reason, except under `CI=true`, where the
absence fails the run.
"""

from __future__ import annotations

import collections
import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from _pytest.nodeid import NodeId
from hypothesis import settings

from studio.core.media_info import MediaInfo
from studio.media.probe import probe
from tests.demo_fixtures import demo_clip, demo_clip_in_home  # noqa: F401  (the demo clip, rendered once)
from tests.locale_fixtures import english_ui_locale, ui_locale  # noqa: F401  (English unless a test switches)
from tests.media_fixtures import ClipSpec, cached_value, make_clip
from tests.platform_fixtures import memory_keyring, no_keyring  # noqa: F401
from tests.sandbox_fixtures import sandbox  # noqa: F401  (the `sandbox` fixture)
from tests.sqlite_fixtures import no_sqlite_connection_left_open  # noqa: F401  (autouse)

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Hypothesis keeps no example database (it would be a .hypothesis folder in the checkout): a failure prints
# the example that reproduces it.
settings.register_profile("studio", database=None)
settings.load_profile("studio")


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


@pytest.fixture(scope="session")
def value_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Values worked out once per run and shared by every worker (`tests.media_fixtures.cached_value`)."""
    return shared_folder(tmp_path_factory, "values")


@pytest.fixture
def real_info(real_media: Path, value_dir: Path) -> Callable[..., MediaInfo]:
    """`real_info(name, keyframes=False)`: the probe of real clip `name`, made once per run for every test file
    that reads it (tests/test_probe.py and tests/test_probe_index.py probe each real clip themselves). Without
    `keyframes` it is the keyframe probe less its keyframe list, which is what `probe` gives."""

    def get(name: str, keyframes: bool = False) -> MediaInfo:
        path = real_media / name
        info = cached_value(value_dir, f"probe {name}", lambda: probe(path, keyframes=True))
        return info if keyframes else replace(info, keyframes_ms=None)

    return get


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not REAL_FACTS and os.environ.get("CI") == "true":
        raise pytest.UsageError(f"STUDIO_REAL_MEDIA: no real media at {real_media_dir()} (required under CI=true)")
    _name_each_generated_test(items)
    groups: dict[str, list[pytest.Item]] = {}
    free: list[pytest.Item] = []
    for item in items:
        if _shares_a_module_fixture(item):
            group = item.nodeid.split("::")[0]
            item.add_marker(pytest.mark.xdist_group(group))
            groups.setdefault(group, []).append(item)
            if getattr(config.option, "loadgroup", False):  # set on the workers of `--dist loadgroup`
                _name_the_group(item, group)
        else:
            free.append(item)
    # the largest groups first, the single tests last: a worker that ends its share early takes single tests
    # from the queue, instead of the run waiting at its end for one worker's large group
    items[:] = [item for group in sorted(groups.values(), key=len, reverse=True) for item in group] + free
    # before them all, the test that renders the run's demo clip (tests/demo_fixtures.py): queued with the single
    # tests, it came after a test that opens the demo had rendered the clip for the run, and rendered it again
    items.sort(key=lambda item: item.nodeid.split("::")[0] != RENDERS_THE_DEMO)


RENDERS_THE_DEMO = "tests/test_demo.py"


def _name_each_generated_test(items: list[pytest.Item]) -> None:
    """Give each test a plugin generates its own id. Schemathesis 4.32 names each API operation's test by writing
    `item._nodeid`, which pytest 9.2 no longer reads, so the contract fuzzing's 24 tests shared one id; xdist,
    which knows tests only by id, ran one of them and reported it as the 24."""
    counts = collections.Counter(item.nodeid for item in items)
    for item in items:
        if counts[item.nodeid] > 1 and not item.nodeid.endswith(f"::{item.name}"):
            item._id = NodeId.parse(f"{item.nodeid.rpartition('::')[0]}::{item.name}")
    if len({item.nodeid for item in items}) < len(items):  # xdist would run one of each and count it as all
        shared = sorted(nodeid for nodeid, count in collections.Counter(i.nodeid for i in items).items() if count > 1)
        raise pytest.UsageError(f"tests that share an id: {shared[:5]}")


def _name_the_group(item: pytest.Item, group: str) -> None:
    """Put the group into the test's id as `id@group`: xdist's controller sees only ids and learns the group from
    them. pytest-xdist 3.8 does that by writing `item._nodeid`, which pytest 9.2 no longer reads (an id is a
    `NodeId` in `item._id`), so without this `--dist loadgroup` is `--dist load` and each worker makes each
    module fixture again. Should a later xdist add the suffix itself, the id ends `@group@group`: still `group`."""
    item._id = NodeId.parse(f"{item.nodeid}@{group}")


def _shares_a_module_fixture(item: pytest.Item) -> bool:
    """Whether `item` uses a module- or class-scoped fixture. Under `--dist loadgroup` such tests run together
    on one worker (their module's group), so the fixture is made once; every other test is handed to
    whichever worker is free, which keeps the two workers busy to the end."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(definition.scope in ("module", "class", "package")
               for definitions in info.name2fixturedefs.values() for definition in definitions)


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


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder under this run's temporary root that every xdist worker of the run sees (each worker's own
    root is a child of the run's); without xdist, the session's root."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / name
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated clips, shared by every worker of the run: write into it only through `cached`."""
    return shared_folder(tmp_path_factory, "clips")


@pytest.fixture(scope="session")
def clip(clip_dir: Path):
    """`clip(**ClipSpec fields)` renders (once per run, whichever worker asks first) and returns the clip's path."""

    def make(**kwargs) -> Path:
        return make_clip(ClipSpec(**kwargs), clip_dir)

    return make

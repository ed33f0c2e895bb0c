"""requirements.lock is in step with pyproject.toml: every requirement (the app's, the tests', the build's) is
pinned there to a version it accepts, with the hashes pip checks. After changing a dependency, run
`python3 installers/dev.py lock`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
FIX = "run `python3 installers/dev.py lock` and commit requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        names += extra
    return [Requirement(name) for name in names]


def pins(text: str) -> dict[str, tuple[Version, int]]:
    """The lock's pins that apply to CPython 3.11 on Linux: name -> (version, number of hashes)."""
    environment = {key: str(value) for key, value in default_environment().items()}
    environment.update({"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux",
                        "platform_system": "Linux", "implementation_name": "cpython",
                        "platform_python_implementation": "CPython"})
    found: dict[str, tuple[Version, int]] = {}
    current: str | None = None
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            applies = marker is None or Marker(marker).evaluate(environment)
            current = canonicalize_name(name) if applies else None
            if current:
                found[current] = (Version(version), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


def test_every_declared_requirement_is_pinned_with_hashes() -> None:
    locked = pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert len(locked) > 50
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in requirements.lock: {FIX}"
        version, hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, which {requirement} refuses: {FIX}")
        assert hashes >= 1, f"requirements.lock has no hash for {name}: {FIX}"
    assert all(hashes >= 1 for _version, hashes in locked.values())


def test_the_lock_says_how_to_regenerate_it() -> None:
    head = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()[:2]
    assert head[1].strip() == "#    python3 installers/dev.py lock"


def test_pins_are_read_with_their_markers() -> None:
    text = ("a==1.0 \\\n    --hash=sha256:00\n"
            "b==2.0 ; sys_platform == 'win32' \\\n    --hash=sha256:11\n"
            "c==3.0 ; python_full_version >= '3.12' \\\n    --hash=sha256:22\n"
            "c==2.9 ; python_full_version < '3.12' \\\n    --hash=sha256:33 \\\n    --hash=sha256:44\n")
    assert pins(text) == {"a": (Version("1.0"), 1), "c": (Version("2.9"), 2)}

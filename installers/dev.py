#!/usr/bin/env python3
"""Set up a development environment and run the app or the tests: the README's two commands.

    python3 installers/dev.py app     # set up, make the demo project, open it in the app
    python3 installers/dev.py test    # set up, run ruff, the layer contracts, mypy and the whole test suite
    python3 installers/dev.py lock    # after changing a dependency in pyproject.toml: re-resolve requirements.lock
                                      # (keeps every other pin; `lock --upgrade` moves all pins to the newest)

Setting up means: on Linux, the system libraries Qt needs (installed with apt when running as root,
otherwise the exact command is printed); a virtual environment in `.venv` beside this repository's
pyproject.toml; the exact versions of requirements.lock installed into it (every file checked against its
hash) and then the project itself (editable, without resolving anything), redone only when pyproject.toml or
the lock changed. Uses only the standard library, so it runs on a bare Python 3.11.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
# What the lock holds: the app, its tests and its build tools, for every platform, resolved for Python 3.11.
LOCK_COMMAND = ["pip", "compile", "pyproject.toml", "--extra", "test", "--extra", "build", "--universal",
                "--python-version", "3.11", "--generate-hashes", "--quiet", "--output-file", LOCK.name,
                "--custom-compile-command", "python3 installers/dev.py lock"]

# Debian packages Qt's wheels link against (read off `ldd` of QtGui, QtWidgets, QtMultimedia and the offscreen
# and ffmpeg plugins): QtMultimedia needs libpulse0; a real window needs the xcb libraries; fonts-noto-cjk draws
# Chinese text.
APT_FOR_TESTS = ["libegl1", "libgl1", "libglx0", "libfontconfig1", "libfreetype6", "libglib2.0-0", "libdbus-1-3",
                 "libxkbcommon0", "libpulse0", "libgssapi-krb5-2", "libx11-6", "libx11-xcb1", "libxcb1"]
APT_FOR_WINDOWS = ["libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
                   "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1",
                   "libxcb-xfixes0", "libxcb-shm0", "libxcb-sync1", "libxrandr2", "fonts-noto-cjk"]


def log(message: str) -> None:
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def missing_debian_packages(names: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in names:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
        if "install ok installed" not in result.stdout:
            missing.append(name)
    return missing


def ensure_system_packages(names: list[str]) -> bool:
    """Install missing Debian packages when we can; otherwise print the command. True when all present."""
    if not sys.platform.startswith("linux"):
        return True
    missing = missing_debian_packages(names)
    if not missing:
        return True
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        log("installing system libraries: " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run([*command, "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
        return True
    log("these system libraries are missing; install them with:")
    print("    sudo " + " ".join(command), file=sys.stderr)
    return False


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    python = venv_python()
    if not python.exists():
        log(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp = VENV / ".installed-lock-sha256"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        log("installing the locked dependencies and the project (first time: a few minutes)")
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--require-hashes", "-r", str(LOCK)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT)], check=True)
        stamp.write_text(digest)
    return python


def lock(python: Path, extra: list[str]) -> int:
    """Re-resolve requirements.lock from pyproject.toml with uv (from the venv: it is a locked test tool)."""
    log(f"resolving {LOCK.name}")
    return subprocess.run([str(python), "-m", "uv", *LOCK_COMMAND, *extra], cwd=ROOT).returncode


WORKER_MEMORY = 3 << 30
"""Memory a pytest worker may need at its peak (measured: up to 2.8 GB, decoding 8K frames beside Qt)."""
EXTRA_WORKERS = 2
"""Workers beyond one per core, where memory allows (docs/decisions/parallel-tests.md)."""


def pytest_workers() -> int:
    """One pytest worker per core, and up to two more where memory allows them.

    Part of the suite waits rather than computes: on a loopback server's timers, on a clip another worker is
    rendering, on an app started in a subprocess. On two cores, two more workers fill that time (measured:
    4 min 19 s of pytest with two workers, 4 min 11 s with three, 4 min 3 s with four).
    """
    cores = os.cpu_count() or 1
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="ascii")
        available = int(next(line.split()[1] for line in meminfo.splitlines() if line.startswith("MemAvailable:")))
    except (OSError, StopIteration, ValueError, IndexError):
        return cores
    return max(cores, min(cores + EXTRA_WORKERS, available * 1024 // WORKER_MEMORY))


def xdist_args() -> list[str]:
    """How CI's pytest spreads the suite: `pytest_workers()` workers; tests that share a module fixture stay
    together on one worker (tests/conftest.py groups them), the rest go to whichever worker is free, in the order
    tests/conftest.py queues them (xdist would otherwise re-sort the groups by size)."""
    return ["-n", str(pytest_workers()), "--dist", "loadgroup", "--no-loadscope-reorder"]


def run_tests(python: Path, extra: list[str]) -> int:
    # Bytecode may be cached even where the environment says not to: every worker imports the same ~480 modules
    # (the tests' asserts rewritten by pytest), which the collecting pass below compiles once for all of them.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    bin_dir = python.parent
    checks = [
        [str(bin_dir / "ruff"), "check", "."],
        [str(bin_dir / "lint-imports")],
        [str(python), str(ROOT / "installers" / "mypy_check.py")],  # strict on studio/core, a baseline elsewhere
    ]
    # Collecting once, on the core the checks leave free (mypy uses one): a collection error fails before any
    # test runs, and the workers find every module compiled. In one process whatever `extra` says.
    collect = [str(python), "-m", "pytest", *extra, "--collect-only", "-qq", "-n", "0"]
    log("running " + _shown(collect) + " (beside the checks)")
    collecting = subprocess.Popen(collect, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
    passed = False
    try:
        for check in checks:
            log("running " + _shown(check))
            code = subprocess.run(check, cwd=ROOT, env=env).returncode
            if code != 0:
                return code
        passed = True
    finally:
        if not passed:  # a check failed or could not start: its result is the run's
            collecting.kill()
        collected, _ = collecting.communicate()
    if collecting.returncode != 0:
        print(collected, end="")
        return collecting.returncode
    tests = [str(python), "-m", "pytest", *xdist_args(), *extra]  # `-n 0` after the command runs serially
    log("running " + _shown(tests))
    return subprocess.run(tests, cwd=ROOT, env=env).returncode


def _shown(command: list[str]) -> str:
    """`command` as the log shows it: the program's name, not its path."""
    return " ".join([Path(command[0]).name, *command[1:]])


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test", "setup", "lock"):
        print(__doc__, file=sys.stderr)
        return 2
    if sys.version_info[:2] != (3, 11):
        log(f"warning: Python 3.11 is the supported version; this is {sys.version.split()[0]}")
    command, rest = argv[0], argv[1:]
    packages = APT_FOR_TESTS + (APT_FOR_WINDOWS if command == "app" else [])
    if not ensure_system_packages(packages) and command == "app":
        return 1
    python = ensure_venv()
    if command == "lock":
        code = lock(python, rest)
        if code == 0:
            ensure_venv()  # the venv installs what the new lock says
        return code
    subprocess.run([str(python), str(ROOT / "installers" / "build_translations.py")], check=True)
    if command == "setup":
        return 0
    if command == "test":
        return run_tests(python, rest)
    return subprocess.run([str(python), "-m", "studio", "demo", *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

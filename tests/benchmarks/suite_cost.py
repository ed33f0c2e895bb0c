"""What the suite costs, file by file, run on demand:
`.venv/bin/python tests/benchmarks/suite_cost.py [--save FILE.jsonl] [pytest args]`.

Not collected by pytest. Runs the suite as CI does (`installers/dev.py`'s `xdist_args()`, plus
any arguments given, such as a few test files) with this module as a plugin that records, for each test, the CPU
seconds its worker spent (its own and those of the child processes it waited for: ffmpeg, the CLI) and its wall
time. Then prints the run's wall time, the CPU total, how long each worker was busy and its peak memory, the
costliest files and the costliest tests.

CPU seconds are the figure to compare between two versions of the suite on a shared machine: the wall time of a
test grows with everyone else's load, its CPU time hardly does. On the 2-core CI machine the suite takes a little
over half its CPU total, when the workers stay busy to the end (compare their busy times).

A test's CPU leaves out what the media fork servers (`media/fork_server.py`) spend for it: they are children
a worker waits for only when it ends. The run's CPU total has it.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Generator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT_ENV = "STUDIO_SUITE_COST_DIR"
TOP_TESTS = 60
"""How many of the costliest tests (by CPU or by wall time, whichever is larger) are listed after the files."""


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    cpu, wall = _cpu(), time.monotonic()
    yield
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    record = {"id": item.nodeid, "cpu": _cpu() - cpu, "wall": time.monotonic() - wall, "end": time.time(),
              "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    with open(Path(os.environ[OUT_ENV]) / f"{worker}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def _ci_xdist_args() -> list[str]:
    """The xdist arguments `installers/dev.py test` gives pytest on this machine."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "installers" / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return list(dev.xdist_args())


def main(argv: list[str]) -> int:
    save = None
    if argv[:1] == ["--save"]:
        save, argv = Path(argv[1]), argv[2:]
    with tempfile.TemporaryDirectory(prefix="suite-cost-") as folder:
        path = os.pathsep.join([str(ROOT), str(Path(__file__).parent)])
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=path, **{OUT_ENV: folder})
        started, started_at = time.monotonic(), time.time()
        code = subprocess.run([sys.executable, "-m", "pytest", "-p", "suite_cost", *_ci_xdist_args(),
                               "-q", *argv], cwd=ROOT, env=env).returncode
        wall = time.monotonic() - started
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = {path.stem: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
                   for path in Path(folder).glob("*.jsonl")}
    tests = [test for records in workers.values() for test in records]
    if save is not None:
        save.write_text("".join(json.dumps(test) + "\n" for test in tests), encoding="utf-8")
    total = used.ru_utime + used.ru_stime
    print(f"\nwall {wall:.0f} s; CPU {total:.0f} s in all, {sum(t['cpu'] for t in tests):.0f} s in {len(tests)} tests")
    for worker, records in sorted(workers.items()):
        print(f"  {worker}: {len(records)} tests, busy {sum(t['wall'] for t in records):.0f} s, "
              f"CPU {sum(t['cpu'] for t in records):.0f} s, peak memory {records[-1]['peak_mb']} MB, "
              f"last test ended at {max(t['end'] for t in records) - started_at:.0f} s")
    files: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for test in tests:
        cost = files[test["id"].split("::")[0]]
        cost[0] += test["cpu"]
        cost[1] += test["wall"]
        cost[2] += 1
    print(f"\n{'file':50} {'CPU s':>7} {'wall s':>7} tests")
    for name, (cpu, busy, count) in sorted(files.items(), key=lambda kv: -kv[1][0])[:30]:
        print(f"{name:50} {cpu:7.1f} {busy:7.1f} {count:5d}")
    print(f"\n{'test':100} {'CPU s':>7} {'wall s':>7}")
    for test in sorted(tests, key=lambda t: -max(t["cpu"], t["wall"]))[:TOP_TESTS]:
        print(f"{test['id'][:100]:100} {test['cpu']:7.1f} {test['wall']:7.1f}")
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

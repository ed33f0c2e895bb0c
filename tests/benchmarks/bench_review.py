"""Review benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_review.py [--runs N]`.

Not collected by pytest. Uses bench_pack's ~100 MB 1080x1920 clip (made once under /tmp/studio-bench), packs
it (copy mode) and times, in the same run, medians of `--runs`:

- `sha256`: a sha256 over the package, the floor of any verification;
- `open_verified`: the reviewer's one-pass verify + read of the package (core);
- `open_for_review`: all that review mode does before the first frame: verify while copying the members out
  in the same pass, then probe the video (in a child process); the pixel checks under the cards run after the
  first frame is shown and are not counted. The first opening of a package: the cache is emptied each run.

Goals: opening and verifying a 100 MB package offline at most 1 s; `render-preview` of a 30 s
1080x1920 package at least 1x real time (printed as video seconds per wall-clock second).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.core.package import open_verified
from studio.jobs.pack import pack_project
from studio.jobs.render_preview import render_preview
from studio.jobs.review import forget_review_cache, open_for_review
from studio.media.runner import run_ffmpeg
from tests.benchmarks.bench_pack import project_over, source_clip


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    clip = source_clip()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        package = tmp / "bench.gcpkg"
        pack_project(project_over(clip, tmp), package, mode="copy")
        sha = sha256_file(package)
        times: dict[str, list[float]] = {"sha256": [], "open_verified": [], "open_for_review": []}
        for _ in range(args.runs):
            times["sha256"].append(timed(lambda: sha256_file(package)))
            times["open_verified"].append(timed(lambda: open_verified(package)))
            forget_review_cache(sha)
            times["open_for_review"].append(timed(lambda: open_for_review(package, measure=False)))
        med = {key: statistics.median(values) for key, values in times.items()}
        size_mb = package.stat().st_size / 1e6
        print(f"package: {size_mb:.0f} MB")
        for key, value in med.items():
            print(f"{key:<16}: {value:.3f} s   ({value / med['sha256']:.2f}x sha256)")
        print(f"open_for_review goal <= 1 s: {'met' if med['open_for_review'] <= 1.0 else 'MISSED'}")

        short = tmp / "30s.mp4"
        run_ffmpeg(["-i", str(clip), "-t", "30", "-c", "copy", str(short)], what=short)
        package30 = tmp / "30s.gcpkg"
        pack_project(project_over(short, tmp / "p30"), package30, mode="copy")
        out = tmp / "preview.mp4"
        seconds = timed(lambda: render_preview(package30, out))
        print(f"render-preview of 30 s 1080x1920: {seconds:.2f} s  = {30 / seconds:.2f}x real time (goal >= 1x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

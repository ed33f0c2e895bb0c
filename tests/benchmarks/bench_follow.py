"""Follow-reframe benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_follow.py [--runs N]`.

Not collected by pytest. Makes once (cached under /tmp/studio-bench) a 60 s 1920x1080 30 fps H.264 clip and
times a follow export as a project's export runs it: planning (`media.follow_targets.plan_follow`: the faces
sampled over the clip, plus a tagged product that wanders across the picture, its card shown all along and held
whole in the window at every instant, made into the path) and the export of
the whole clip `accurate` with `fit="follow"`; as the baseline measured in the same run, the same export with
`fit="crop"` (the plain centre crop, nothing to plan), alternating. Printed: median seconds of each (planning
apart), follow's ratio to crop, and each one's speed against real time (60 s of video). Goal: follow at least
real time (speed >= 1.0x). Wall-clock medians are noisy on a shared machine, so the CPU seconds each one used
(this process and its ffmpeg children) are printed too, with the speed they would give on the 2 cores alone.

Measured on the shared 2-core machine at load 21-41 (wall times meaningless there): crop 74.8 CPU s; follow
83.4 CPU s (1.11x crop; at best 1.44x real time on 2 idle cores), of which planning 21 s wall; before the
window was cut before scaling and faces were sampled at keyframes, follow took 97.8 CPU s (1.31x crop, at best
1.23x real time) with 30 s of planning. What is left above crop is mostly x264 encoding a moving window.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path("/tmp/studio-bench")
os.environ.setdefault("STUDIO_HOME", str(BENCH_DIR / "home"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.core.reframe import KeptProduct, SeenBox  # noqa: E402
from studio.media.export import export  # noqa: E402
from studio.media.follow_targets import plan_follow  # noqa: E402
from studio.media.probe import probe  # noqa: E402
from studio.media.runner import run_ffmpeg  # noqa: E402

SECONDS, WIDTH, HEIGHT, FPS, GOP = 60, 1920, 1080, 30, 60


def source_clip() -> Path:
    out = BENCH_DIR / f"landscape-{SECONDS}s-{WIDTH}x{HEIGHT}-{FPS}fps-gop{GOP}.mp4"
    if out.exists():
        return out
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.mp4")
    print(f"making {out.name} (x264 veryfast)...", flush=True)
    run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={WIDTH}x{HEIGHT}:rate={FPS}:duration={SECONDS}",
                "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={SECONDS}",
                "-c:v", "libx264", "-preset", "veryfast", "-g", str(GOP), "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", str(tmp)], what=tmp, outputs=[tmp], timeout=900)
    tmp.rename(out)
    return out


def wandering_product() -> list[KeptProduct]:
    """A product that drifts across the picture and back twice a minute, seen 5 times a second, its card shown
    all along."""
    boxes = []
    for t in range(0, SECONDS * 1000, 200):
        x = int((WIDTH - 300) / 2 * (1 + math.sin(2 * math.pi * t / 30_000)))
        boxes.append(SeenBox(t, x, 400, 300, 300))
    return [KeptProduct(0, SECONDS * 1000, tuple(boxes))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--preset", default="veryfast")
    args = parser.parse_args()
    info = probe(source_clip())
    times: dict[str, list[float]] = {"crop": [], "follow": [], "planning": []}
    cpu: dict[str, list[float]] = {"crop": [], "follow": []}
    out = BENCH_DIR / "follow-out.mp4"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    for run in range(args.runs):
        for fit in ("crop", "follow"):
            cpu_before = cpu_seconds()
            started = time.perf_counter()
            path = None
            if fit == "follow":
                path = plan_follow(info, 0, info.duration_ms, wandering_product())
                times["planning"].append(time.perf_counter() - started)
            export(info, 0, info.duration_ms, "accurate", out, fit=fit, follow=path,  # type: ignore[arg-type]
                   preset=args.preset)
            times[fit].append(time.perf_counter() - started)
            cpu[fit].append(cpu_seconds() - cpu_before)
            print(f"run {run + 1} {fit}: {times[fit][-1]:.1f} s, {cpu[fit][-1]:.1f} CPU s", flush=True)
    out.unlink(missing_ok=True)
    crop, follow = statistics.median(times["crop"]), statistics.median(times["follow"])
    planning = statistics.median(times["planning"])
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"centre crop (baseline): {crop:.1f} s; follow: {follow:.1f} s (planning {planning:.1f} s of it); "
          f"follow / crop = {follow / crop:.2f}")
    print(f"follow speed: {SECONDS / follow:.2f}x real time (goal >= 1.0x); crop: {SECONDS / crop:.2f}x")
    cores = os.cpu_count() or 1
    for fit in ("crop", "follow"):
        used = statistics.median(cpu[fit])
        print(f"{fit}: {used:.1f} CPU s = {used / SECONDS:.2f} CPU s per video s; on {cores} idle cores at best "
              f"{SECONDS * cores / used:.2f}x real time")
    return 0


def cpu_seconds() -> float:
    """User and system CPU time of this process and its finished children (the ffmpeg runs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    raise SystemExit(main())

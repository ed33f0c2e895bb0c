"""Frame layer benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_frames.py`.

Not collected by pytest (pyproject ignores tests/benchmarks). Makes (once, cached under /tmp/studio-bench) a
60 s 1080x1920 30 fps H.264 clip with a 2 s GOP from lavfi testsrc2, then prints: probe time, filmstrip time
(goal <= 0.5 s), exact-frame random seek p50/p95 over 50 random times (goal p95 <= 100 ms), sequential step
time per frame, the same from the all-intra 540p proxy at scrub size, and as a baseline measured in the same
run OpenCV's seek + read (CAP_PROP_POS_MSEC), with ratios against it. The proxy lives in
/tmp/studio-bench/home (STUDIO_HOME), never in a real profile.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path("/tmp/studio-bench")
os.environ.setdefault("STUDIO_HOME", str(BENCH_DIR / "home"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import cv2  # noqa: E402

from studio.media.filmstrip import filmstrip  # noqa: E402
from studio.media.frames import FrameServer  # noqa: E402
from studio.media.probe import probe  # noqa: E402
from studio.media.proxy import find_proxy, make_proxy  # noqa: E402
from studio.media.runner import run_ffmpeg  # noqa: E402

SECONDS, WIDTH, HEIGHT, FPS, GOP = 60, 1080, 1920, 30, 60
SCRUB = (540, 960)
SEEKS = 50
STEPS = 150


def source_clip() -> Path:
    out = BENCH_DIR / f"src-{SECONDS}s-{WIDTH}x{HEIGHT}-{FPS}fps-gop{GOP}.mp4"
    if out.exists():
        return out
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.mp4")
    print(f"making {out.name} (x264 veryfast, about 20-30 s here)...", flush=True)
    run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={WIDTH}x{HEIGHT}:rate={FPS}:duration={SECONDS}",
                "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={SECONDS}",
                "-c:v", "libx264", "-preset", "veryfast", "-g", str(GOP), "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", str(tmp)], what=tmp, outputs=[tmp], timeout=900)
    tmp.rename(out)
    return out


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms; p95 by the nearest-rank method."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def opencv_seeks(path: Path, times: list[int]) -> list[float]:
    capture = cv2.VideoCapture(str(path))
    try:
        samples = []
        for t in times:
            started = time.perf_counter()
            capture.set(cv2.CAP_PROP_POS_MSEC, t)
            ok, _ = capture.read()
            samples.append(time.perf_counter() - started)
            assert ok, f"OpenCV read nothing at {t} ms"
        return samples
    finally:
        capture.release()


def opencv_steps(path: Path, start_ms: int, count: int) -> float:
    capture = cv2.VideoCapture(str(path))
    try:
        capture.set(cv2.CAP_PROP_POS_MSEC, start_ms)
        capture.read()
        started = time.perf_counter()
        for _ in range(count):
            capture.read()
        return (time.perf_counter() - started) / count
    finally:
        capture.release()


def server_seeks(server: FrameServer, times: list[int], max_size: tuple[int, int] | None) -> list[float]:
    return [timed(lambda t=t: server.frame_at(t, max_size)) for t in times]


def server_steps(server: FrameServer, start_ms: int, count: int, max_size: tuple[int, int] | None) -> float:
    frame_times = server.frame_times_ms
    first = server.index_at(start_ms)
    server.frame_at(frame_times[first], max_size)
    started = time.perf_counter()
    for t in frame_times[first + 1:first + 1 + count]:
        server.frame_at(t, max_size)
    return (time.perf_counter() - started) / count


def line(label: str, value: str, goal: str = "") -> None:
    print(f"  {label:<46} {value:>24}  {goal}")


def main() -> int:
    path = source_clip()
    print(f"clip: {path} ({path.stat().st_size / 1e6:.1f} MB), {os.cpu_count()} CPUs, "
          f"STUDIO_HOME={os.environ['STUDIO_HOME']}")

    probe_s = timed(lambda: probe(path, keyframes=True))
    info = probe(path, keyframes=True)
    print(f"\n{info.frame_count} frames, {len(info.keyframes_ms or ())} keyframes, {info.display_width}x"
          f"{info.display_height}, {info.duration_ms} ms")
    line("probe (child process, keyframes)", f"{probe_s * 1000:.0f} ms")

    strips = [timed(lambda: filmstrip(info)) for _ in range(3)]
    thumbs = filmstrip(info)
    line(f"filmstrip ({len(thumbs)} thumbs, 90 px), min / median of 3",
         f"{min(strips) * 1000:.0f} / {statistics.median(strips) * 1000:.0f} ms",
         "goal <= 500 ms: " + ("met" if statistics.median(strips) <= 0.5 else "MISSED"))

    rng = random.Random(20261125)
    seek_times = [rng.randrange(0, info.duration_ms) for _ in range(SEEKS)]
    step_start = rng.randrange(0, info.duration_ms - 10_000)

    cv_p50, cv_p95 = percentiles(opencv_seeks(path, seek_times))
    cv_step = opencv_steps(path, step_start, STEPS)

    print("\nexact frames from the source (FrameServer, cache off):")
    open_s = timed(lambda: FrameServer(info, use_proxy=False).close())
    line("open (demux the frame list)", f"{open_s * 1000:.0f} ms")
    results: dict[str, tuple[float, float]] = {}
    with FrameServer(info, cache_bytes=0, use_proxy=False) as server:
        results["source full size"] = percentiles(server_seeks(server, seek_times, None))
        results["source at 540x960"] = percentiles(server_seeks(server, seek_times, SCRUB))
        source_step = server_steps(server, step_start, STEPS, None)
        source_step_small = server_steps(server, step_start, STEPS, SCRUB)
    for label, (p50, p95) in results.items():
        line(f"random seek {label} p50 / p95", f"{p50:.1f} / {p95:.1f} ms",
             f"x{p50 / cv_p50:.2f} / x{p95 / cv_p95:.2f} of OpenCV; goal p95 <= 100 ms: "
             + ("met" if p95 <= 100 else "MISSED"))
    line("sequential step, full size", f"{source_step * 1000:.1f} ms/frame", f"x{source_step / cv_step:.2f} of OpenCV")
    line("sequential step, 540x960", f"{source_step_small * 1000:.1f} ms/frame",
         f"x{source_step_small / cv_step:.2f} of OpenCV")

    print("\nscrub frames from the all-intra 540p proxy:")
    existed = find_proxy(info) is not None
    make_s = timed(lambda: make_proxy(info))
    line("make proxy" + (" (already made: reused)" if existed else ""), f"{make_s:.1f} s")
    with FrameServer(info, cache_bytes=0) as server:
        proxy_p50, proxy_p95 = percentiles(server_seeks(server, seek_times, SCRUB))
        assert server.proxy_path is not None, "the proxy was not used"
        proxy_step = server_steps(server, step_start, STEPS, SCRUB)
    line("random seek via proxy at 540x960 p50 / p95", f"{proxy_p50:.1f} / {proxy_p95:.1f} ms",
         f"x{proxy_p50 / cv_p50:.2f} / x{proxy_p95 / cv_p95:.2f} of OpenCV; goal p95 <= 100 ms: "
         + ("met" if proxy_p95 <= 100 else "MISSED"))
    line("sequential step via proxy, 540x960", f"{proxy_step * 1000:.1f} ms/frame",
         f"x{proxy_step / cv_step:.2f} of OpenCV")

    print("\nbaseline, OpenCV (full size, BGR, approximate seek):")
    line("seek + read (CAP_PROP_POS_MSEC) p50 / p95", f"{cv_p50:.1f} / {cv_p95:.1f} ms")
    line("sequential read", f"{cv_step * 1000:.1f} ms/frame")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Export benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_export.py [--runs N] [--modes copy]`.

Not collected by pytest (pyproject ignores tests/benchmarks). Uses (making it once, cached under
/tmp/studio-bench, the same clip as bench_frames.py) a 60 s 1080x1920 30 fps H.264 High clip with a 2 s GOP
and B-frames, and cuts 20 s from a non-keyframe in point (10.1 s to 30.1 s) in `copy`, `accurate` and
`smart` mode (or the `--modes` given) with `studio.media.export.export`. The baseline is plain ffmpeg run
with exactly the arguments the export passed to the runner (recorded from the same run, its temporary files
kept for the replay), timed in the same process, alternating with the exports. Printed per mode: median
seconds of the export, of plain ffmpeg, and the wrapper overhead (everything the export does besides
ffmpeg: planning from the source's frame list, the smart join, the fresh probe of the result, the renames);
then the export's fixed cost measured inside the same runs (export time minus the time spent in the runner's
ffmpeg calls: not blurred by ffmpeg's own run-to-run noise on a busy machine) and the runner's own cost
(its ffmpeg calls minus plain ffmpeg); then smart's speed-up over accurate. Goals: overhead
<= 5 % over plain ffmpeg; smart at least 4x faster than accurate. Medians are noisy on a shared machine:
compare runs made on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path("/tmp/studio-bench")
os.environ.setdefault("STUDIO_HOME", str(BENCH_DIR / "home"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.media import export as export_module  # noqa: E402
from studio.media.probe import probe  # noqa: E402
from studio.media.runner import ffmpeg_argv, run_ffmpeg  # noqa: E402

SECONDS, WIDTH, HEIGHT, FPS, GOP = 60, 1080, 1920, 30, 60
START_MS, END_MS = 10_100, 30_100


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default="copy,accurate,smart", help="comma-separated; all three by default")
    parsed = parser.parse_args()
    runs, modes = parsed.runs, [m for m in parsed.modes.split(",") if m]
    info = probe(source_clip(), keyframes=True)
    assert START_MS not in (info.keyframes_ms or ()), "the in point must not be a keyframe"
    print(f"source: {Path(info.path).name}, {info.video_codec} {info.video_profile}, {info.frame_count} frames, "
          f"keyframes every {(info.keyframes_ms or (0, 0))[1]} ms; cut {START_MS}-{END_MS} ms; {runs} runs each")

    recorded: list[list[str]] = []
    inside: list[float] = []
    original = export_module.run_ffmpeg

    def recording(args, **kwargs):  # type: ignore[no-untyped-def]
        recorded.append(list(args))
        started = time.perf_counter()
        try:
            return original(args, **kwargs)
        finally:
            inside.append(time.perf_counter() - started)

    export_module.run_ffmpeg = recording
    export_module._Scratch.clean = lambda self: None  # keep the smart cut's pieces, so its ffmpeg runs can be replayed
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        for mode in modes:
            times: dict[str, list[float]] = {"export": [], "ffmpeg": [], "fixed": [], "runner": []}
            for run in range(runs):
                recorded.clear()
                inside.clear()
                out = Path(folder) / f"{mode}.mp4"
                result = export_module.export(info, START_MS, END_MS, mode, out)  # type: ignore[arg-type]
                times["export"].append(result.seconds)
                times["fixed"].append(result.seconds - sum(inside))
                if run == 0:
                    print(f"  {mode}: mode used {result.mode}, kept {result.start_ms}-{result.end_ms} ms, "
                          f"{result.output_info.frame_count} frames"
                          + (f", fallback: {result.fallback_reason.message}" if result.fallback_reason else ""))
                    if mode == "smart" and result.mode == "smart":
                        plan = export_module.plan_export(info, START_MS, END_MS, "smart")
                        assert plan.smart is not None
                        print(f"    re-encoded head {plan.smart.head_frames} frames, copied "
                              f"{plan.smart.copied_frames}, re-encoded tail {plan.smart.tail_frames}")
                plain = 0.0
                for args in recorded:  # the same argv, run by plain ffmpeg
                    argv = ffmpeg_argv(args)
                    started = time.perf_counter()
                    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, check=True)
                    plain += time.perf_counter() - started
                times["ffmpeg"].append(plain)
                times["runner"].append(sum(inside) - plain)
                for leftover in Path(folder).iterdir():
                    leftover.unlink()
            results[mode] = times

    print()
    print(f"{'mode':<9} {'export s':>9} {'plain ffmpeg s':>15} {'overhead':>9} {'overhead s':>11}")
    medians = {}
    for mode, times in results.items():
        ours, plain = statistics.median(times["export"]), statistics.median(times["ffmpeg"])
        medians[mode] = ours
        print(f"{mode:<9} {ours:>9.3f} {plain:>15.3f} {100 * (ours - plain) / plain:>8.1f}% {ours - plain:>11.3f}")
    print()
    print(f"{'mode':<9} {'fixed cost s':>13} {'share':>7} {'runner s':>9}   "
          "(medians; fixed = export minus its ffmpeg calls, share of plain ffmpeg)")
    for mode, times in results.items():
        fixed, plain = statistics.median(times["fixed"]), statistics.median(times["ffmpeg"])
        print(f"{mode:<9} {fixed:>13.4f} {100 * fixed / plain:>6.1f}% {statistics.median(times['runner']):>9.4f}")
    print()
    if "accurate" in medians and "smart" in medians:
        speedup = medians["accurate"] / medians["smart"]
        print(f"smart is {speedup:.1f}x faster than accurate (goal >= 4x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

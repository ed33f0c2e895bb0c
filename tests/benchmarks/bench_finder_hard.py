"""The finder's harder set, run on demand: `.venv/bin/python tests/benchmarks/bench_finder_hard.py [FIRST] LAST`.

Not collected by pytest. Renders the cases of tests/finder_hard_cases.py for seeds FIRST..LAST-1 (default
0..7: every real background twice) at 1080x1920 30 fps, or with `--suite` at the suite's 450x800 25 fps, 4 s
each (cached under /tmp/studio-bench/finder-hard, keyed by the fixtures' source, so a changed recipe is
rendered again), and finds the asked products in each. Prints per case and SKU the windows, temporal IoU
against the truth and confidence; then the share of present products with IoU >= 0.8, the number of windows
for products not shown (absent, or only their look-alike), the products not held, and compute seconds per
second of video, with the load average (the machine is shared and the figures move with it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

BENCH_DIR = Path("/tmp/studio-bench/finder-hard")
os.environ.setdefault("STUDIO_HOME", str(BENCH_DIR / "home"))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from studio.media.frames import FrameServer  # noqa: E402
from studio.media.probe import probe  # noqa: E402
from studio.media.product_finder import find_products  # noqa: E402
from tests.finder_hard_cases import HardCase, hard_case, judge, render_case  # noqa: E402

SECONDS = 4.0
FULL, SUITE = (1080, 1920, 30), (450, 800, 25)
MEDIA = Path(os.environ.get("STUDIO_REAL_MEDIA", ROOT.parent / "shared" / "media" / "real"))


def rendered(case: HardCase, seed: int, size: tuple[int, int, int]) -> tuple[Path, dict[str, tuple[int, int]]]:
    """The case's clip and its truth ({label: (first frame, end frame)}), rendered once per recipe."""
    recipe = b"".join((ROOT / "tests" / name).read_bytes() for name in ("finder_hard_cases.py", "finder_fixtures.py"))
    key = hashlib.sha256(recipe).hexdigest()[:10]
    width, height, fps = size
    clip = BENCH_DIR / f"case{seed}-{width}x{height}-{key}.mp4"
    truth_file = clip.with_suffix(".truth.pickle")
    if not clip.exists() or not truth_file.exists():
        tmp = clip.with_suffix(".tmp.mp4")
        truth = render_case(case, tmp, width=width, height=height, seconds=SECONDS, fps=fps)
        truth_file.write_bytes(pickle.dumps({k: (v.first, v.end) for k, v in truth.items()}))
        tmp.rename(clip)
    return clip, pickle.loads(truth_file.read_bytes())


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = SUITE if "--suite" in sys.argv else FULL
    first, last = (0, int(args[0])) if len(args) == 1 else (int(args[0]), int(args[1])) if args else (0, 8)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    held = present = false_windows = 0
    compute = video_s = 0.0
    lost: list[str] = []
    for seed in range(first, last):
        case = hard_case(seed, MEDIA, SECONDS)
        clip, truth = rendered(case, seed, size)
        info = probe(clip)
        with FrameServer(info) as server:
            times = server.frame_times_ms
        began = time.process_time()
        windows = find_products(info, {sku: [picture] for sku, picture in case.asked.items()})
        compute += time.process_time() - began
        video_s += info.duration_ms / 1000
        print(case.name)
        for verdict in judge(case, windows, truth, times, info.duration_ms):
            print(" ", verdict.line(), flush=True)
            if verdict.real is None:
                false_windows += len(verdict.found)
            else:
                present += 1
                held += verdict.held
            if not verdict.held:
                lost.append(f"seed {seed} {verdict.sku}" + (" (false)" if verdict.real is None else ""))
    print(f"present products with one window of IoU >= 0.8: {held}/{present}; windows for products not shown: "
          f"{false_windows}; compute {compute / max(video_s, 1e-9):.2f} s per s of video; load average "
          f"{os.getloadavg()[0]:.1f}")
    print("not held:", ", ".join(lost) or "none")


if __name__ == "__main__":
    main()

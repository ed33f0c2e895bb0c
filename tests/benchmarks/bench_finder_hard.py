"""The finder's harder set at full size, run on demand: `.venv/bin/python tests/benchmarks/bench_finder_hard.py [N]`.

Not collected by pytest. Renders (cached under /tmp/studio-bench/finder-hard) the cases of
tests/finder_hard_cases.py for seeds 0..N-1 (default 8: every real background twice) at 1080x1920 30 fps,
4 s each, and finds the asked products in each. Prints per case and SKU the windows, temporal IoU against the
truth and confidence; then the share of present products with IoU >= 0.8, the number of windows for products
not shown (absent, or only their look-alike), and compute seconds per second of video, with the load average
(the machine is shared and the figures move with it).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path("/tmp/studio-bench/finder-hard")
os.environ.setdefault("STUDIO_HOME", str(BENCH_DIR / "home"))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from studio.core.finder_windows import temporal_iou  # noqa: E402
from studio.media.frames import FrameServer  # noqa: E402
from studio.media.probe import probe  # noqa: E402
from studio.media.product_finder import find_products  # noqa: E402
from tests.finder_hard_cases import hard_case, render_case  # noqa: E402

WIDTH, HEIGHT, FPS, SECONDS = 1080, 1920, 30, 4.0
MEDIA = Path(os.environ.get("STUDIO_REAL_MEDIA", ROOT.parent / "shared" / "media" / "real"))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    held = present = false_windows = 0
    compute = video_s = 0.0
    for seed in range(count):
        case = hard_case(seed, MEDIA, SECONDS)
        clip = BENCH_DIR / f"case{seed}.mp4"
        truth = render_case(case, clip, width=WIDTH, height=HEIGHT, seconds=SECONDS, fps=FPS)
        info = probe(clip)
        with FrameServer(info) as server:
            times = server.frame_times_ms
        began = time.process_time()
        windows = find_products(info, {sku: [picture] for sku, picture in case.asked.items()})
        compute += time.process_time() - began
        video_s += info.duration_ms / 1000
        print(case.name)
        for sku, label in case.truth_label.items():
            found = [(w.start_ms, w.end_ms, round(w.confidence, 2)) for w in windows if w.sku == sku]
            if label is None:
                false_windows += len(found)
                print(f"  {sku}: not shown, windows {found}")
                continue
            t = truth[label]
            real = (times[t.first], times[t.end] if t.end < len(times) else info.duration_ms)
            ious = [round(temporal_iou(w[:2], real), 3) for w in found]
            present += 1
            held += len(found) == 1 and ious[0] >= 0.8
            print(f"  {sku}: truth {real}, windows {found}, IoU {ious}")
    print(f"present products with one window of IoU >= 0.8: {held}/{present}; windows for products not shown: "
          f"{false_windows}; compute {compute / max(video_s, 1e-9):.2f} s per s of video; load average "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

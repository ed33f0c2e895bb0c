"""The hand-written MP4 index and H.264 SPS reader against a full demux, on a 2 GB 4K source, run on demand:
`.venv/bin/python tests/benchmarks/bench_probe_index.py [--runs N] [--source FILE]`.

Not collected by pytest. Makes (once, cached under /tmp/studio-bench, never in the repo) a 2.1 GB 3840x2160
30 fps H.264 MP4 with faststart: 6 s rendered with x264 (ultrafast, qp 8, about 115 Mbit/s), then copied 24
times into one file with ffmpeg's concat demuxer (stream copy, so it takes seconds). Then times
`probe_child.probe_file` both ways, in this process:
- `own=True`: the path for the app's own output (packets from the MP4 index, pixel format and colours from the
  SPS, rotation from the track header: no media data read, no picture decoded);
- `own=False`: what every other file gets (every packet demuxed, the first picture decoded).
Each is timed warm (the file in the page cache) and cold (the file's pages dropped with posix_fadvise before each
run, as after a copy from a phone or a fresh export on a busy machine). Prints the medians and the savings.
docs/decisions/mp4-index.md records the outcome.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path("/tmp/studio-bench")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.media import probe_child  # noqa: E402
from studio.media.runner import run_ffmpeg  # noqa: E402

SEGMENT_SECONDS, COPIES = 6, 24


def source() -> Path:
    out = BENCH_DIR / "src-4k-2gb.mp4"
    if out.exists():
        return out
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    segment, listing, tmp = BENCH_DIR / "4k-segment.mp4", BENCH_DIR / "4k-list.txt", out.with_suffix(".tmp.mp4")
    print("making the 2 GB 4K source (a minute or two)...", flush=True)
    run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size=3840x2160:rate=30:duration={SEGMENT_SECONDS}",
                "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={SEGMENT_SECONDS}",
                "-c:v", "libx264", "-preset", "ultrafast", "-qp", "8", "-g", "60", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", str(segment)], what=segment, outputs=[segment], timeout=1800)
    listing.write_text(f"file '{segment}'\n" * COPIES, encoding="utf-8")
    run_ffmpeg(["-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", "-movflags", "+faststart",
                str(tmp)], what=tmp, outputs=[tmp], timeout=1800)
    segment.unlink()
    listing.unlink()
    tmp.rename(out)
    return out


def drop_from_page_cache(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def timed(path: Path, own: bool, cold: bool) -> float:
    if cold:
        drop_from_page_cache(path)
    started = time.perf_counter()
    facts = probe_child.probe_file(str(path), False, own=own)
    seconds = time.perf_counter() - started
    assert "error" not in facts, facts
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", type=Path)
    args = parser.parse_args()
    path = args.source or source()
    print(f"{path}: {path.stat().st_size / 1e9:.2f} GB")
    own, full = (probe_child.probe_file(str(path), False, own=flag) for flag in (True, False))
    assert own == full, "the two paths disagree"
    for cold in (False, True):
        label = "cold" if cold else "warm"
        index = statistics.median(timed(path, True, cold) for _ in range(args.runs))
        demux = statistics.median(timed(path, False, cold) for _ in range(args.runs))
        print(f"{label}: index + SPS {index:.3f} s, full demux + decode {demux:.3f} s, "
              f"saves {demux - index:.2f} s ({demux / index:.0f}x)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

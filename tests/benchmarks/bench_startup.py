"""Start-up and probe benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_startup.py`.

Prints, each measured in this run (median of REPEATS cold processes):
- cold start to the first painted main window (goal <= 1.0 s), against a bare PySide6 window holding a
  QVideoWidget (the baseline: about 0.3 s on the 2-core machine);
- probe time for every real clip under STUDIO_REAL_MEDIA (and a 60 s 1080x1920 clip, made once under
  /tmp/studio-bench), against a bare Python child that only opens the file with PyAV (the floor that
  an out-of-process probe pays).
Uses the platform in QT_QPA_PLATFORM (offscreen by default) and a throwaway STUDIO_HOME.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 5
REAL = Path(os.environ.get("STUDIO_REAL_MEDIA", ROOT.parent / "shared" / "media" / "real"))

BARE_WINDOW = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtMultimediaWidgets import QVideoWidget
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QVideoWidget()); w.resize(1280, 800)
class First(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(time.time() - t0); sys.stdout.flush(); QTimer.singleShot(0, app.quit)
        return False
f = First(); w.installEventFilter(f); w.show(); app.exec()
"""

STUDIO_WINDOW = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from studio.ui.app import create_app
from studio.ui.main_window import MainWindow
app = create_app()
w = MainWindow()
class First(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(time.time() - t0); sys.stdout.flush(); QTimer.singleShot(0, w.close)
        return False
f = First(); w.installEventFilter(f); w.show(); app.exec()
"""

BARE_OPEN = """
import sys, av
with av.open(sys.argv[1]) as c:
    c.streams.video[0]
"""


def cold(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run([sys.executable, "-c", code, str(time.time()), *args], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return float(out.stdout.strip().splitlines()[-1])


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def big_clip() -> Path:
    out = Path("/tmp/studio-bench/startup-60s-1080x1920.mp4")
    if not out.exists():
        from studio.media.runner import run_ffmpeg

        out.parent.mkdir(parents=True, exist_ok=True)
        run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=1080x1920:rate=30:duration=60", "-c:v", "libx264",
                    "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p", str(out)], what=out, outputs=[out])
    return out


def main() -> None:
    os.environ["STUDIO_HOME"] = tempfile.mkdtemp(prefix="studio-bench-home-")
    sys.path.insert(0, str(ROOT))
    bare = statistics.median(cold(BARE_WINDOW) for _ in range(REPEATS))
    ours = statistics.median(cold(STUDIO_WINDOW) for _ in range(REPEATS))
    print(f"cold start to first paint: studio {ours:.3f} s, bare PySide6 + QVideoWidget {bare:.3f} s, "
          f"ratio {ours / bare:.2f} (goal <= 1.0 s)")
    files = sorted(p for p in REAL.glob("*") if p.suffix.lower() in {".mp4", ".mov", ".mkv", ".webm", ".avi", ".mts"})
    files.append(big_clip())
    print(f"{'file':48} {'probe s':>8} {'floor s':>8} {'ratio':>6}")
    for path in files:
        probe_s = statistics.median(timed([sys.executable, "-m", "studio", "probe", str(path), "--json"])
                                    for _ in range(3))
        floor_s = statistics.median(timed([sys.executable, "-c", BARE_OPEN, str(path)]) for _ in range(3))
        print(f"{path.name[:48]:48} {probe_s:8.3f} {floor_s:8.3f} {probe_s / floor_s:6.2f}")


if __name__ == "__main__":
    main()

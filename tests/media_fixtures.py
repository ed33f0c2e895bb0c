"""Test clips generated with the real ffmpeg (lavfi sources), cached per test run.

`ClipSpec` says what to make; `make_clip(spec, folder)` renders it once. The picture is `testsrc2`, whose
frame counter changes every frame, so exact-frame tests can tell neighbouring frames apart.
`cached(out, make)` is how any generated file is made once when several pytest-xdist workers share a folder;
`cached_value(folder, key, compute)` does the same for a picklable value (a probe, a chosen cut).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from filelock import FileLock

from studio.media.runner import run_ffmpeg

T = TypeVar("T")


@dataclass(frozen=True)
class ClipSpec:
    seconds: float = 2.0
    fps: int = 30
    width: int = 320
    height: int = 240
    gop: int = 30
    codec: str = "libx264"
    audio: bool = True
    rotation: int = 0
    """`-display_rotation` value (counter-clockwise degrees, ffmpeg's convention)."""
    vfr: bool = False
    container: str = "mp4"
    extra: tuple[str, ...] = field(default=())

    def name(self) -> str:
        digest = hashlib.sha1(repr(self).encode()).hexdigest()[:10]
        return f"clip-{self.codec}-{self.width}x{self.height}-{self.fps}-{digest}.{self.container}"


def cached(out: Path, make: Callable[[Path], object]) -> Path:
    """`out`, made by `make(part)` unless it is there. One worker makes it while the others wait on its lock;
    `make` writes beside `out` and the file is renamed into place whole, so no reader sees half a file."""
    with FileLock(out.with_name(out.name + ".lock")):
        if not out.exists():
            part = out.with_name(f"{out.stem}.part{out.suffix}")
            make(part)
            part.replace(out)
    return out


def cached_value(folder: Path, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, worked out once per run by whichever worker asks first and kept (pickled) in `folder`, which
    every worker of the run shares: for the facts several test files read of the same input (a real clip's
    probe), which would otherwise be worked out again in every test."""
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    out = cached(folder / f"{digest}.pickle", lambda part: part.write_bytes(pickle.dumps(compute())))
    value: T = pickle.loads(out.read_bytes())
    return value


def make_clip(spec: ClipSpec, folder: Path) -> Path:
    return cached(folder / spec.name(), lambda out: _render(spec, out))


def _render(spec: ClipSpec, out: Path) -> None:
    args = ["-f", "lavfi", "-i", f"testsrc2=size={spec.width}x{spec.height}:rate={spec.fps}:duration={spec.seconds}"]
    if spec.audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={spec.seconds}"]
    vf = []
    if spec.vfr:
        # drop frames in a pattern so intervals vary (1, 2 and 3 frame gaps)
        vf.append("select='not(eq(mod(n\\,6)\\,1))*not(eq(mod(n\\,6)\\,3))*not(eq(mod(n\\,6)\\,4))'")
    if vf:
        args += ["-vf", ",".join(vf)]
    if spec.vfr:
        args += ["-fps_mode", "vfr"]
    args += ["-c:v", spec.codec, "-g", str(spec.gop), "-pix_fmt", "yuv420p"]
    if spec.codec == "libx264":
        args += ["-preset", "ultrafast", "-x264-params", f"keyint={spec.gop}:min-keyint={spec.gop}:scenecut=0"]
    if spec.codec == "libvpx-vp9":  # libvpx's fastest "good" speed: alt-ref frames kept, half the CPU
        args += ["-cpu-used", "5"]
    if spec.codec == "libx265":
        params = f"keyint={spec.gop}:min-keyint={spec.gop}:scenecut=0:log-level=error"
        args += ["-preset", "ultrafast", "-x265-params", params]
    if spec.audio:
        args += ["-c:a", "aac" if spec.container in ("mp4", "mov") else "libopus", "-shortest"]
    args += list(spec.extra)
    if spec.rotation:
        mid = out.with_suffix(".norot" + out.suffix)
        run_ffmpeg([*args, str(mid)], what=mid, outputs=[mid])
        run_ffmpeg(["-display_rotation", str(spec.rotation), "-i", str(mid), "-c", "copy", str(out)],
                   what=out, outputs=[out])
        mid.unlink()
    else:
        run_ffmpeg([*args, str(out)], what=out, outputs=[out])

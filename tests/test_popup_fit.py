"""fit_proposal with `avoid`: a new popup (the editor's "Add popup", a finder's proposal) stays clear of the
popups already there, and says how it was changed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studio.core.popup_rules import LEAD_IN_MS, MAX_MS, MIN_MS, check_popups, fit_proposal
from studio.core.project import Popup, TrimRange

DURATION = 30_000


def popup(start: int, end: int) -> Popup:
    return Popup(sku="X", start_ms=start, end_ms=end, anchor_x=0.45, anchor_y=0.6)


DEMO = [popup(7_000, 11_000), popup(13_000, 17_000), popup(19_000, 23_000)]


def fit(start: int, end: int, avoid=DEMO, trim: TrimRange | None = None):
    fitted = fit_proposal(start, end, duration_ms=DURATION, trim=trim, sku="N", avoid=avoid)
    return [(p.start_ms, p.end_ms) for p in fitted.popups], [n.code for n in fitted.notes]


def test_a_free_window_is_kept() -> None:
    assert fit(2_000, 6_000) == ([(2_000, 6_000)], [])


def test_a_window_running_into_a_popup_is_clipped_before_it() -> None:
    assert fit(4_000, 8_000) == ([(4_000, 7_000)], ["proposal_between_popups"])


def test_a_window_starting_late_in_a_popup_goes_to_the_free_part_it_overlaps_most() -> None:
    assert fit(10_000, 14_000) == ([(11_000, 13_000)], ["proposal_between_popups"])
    assert fit(16_000, 20_000) == ([(17_000, 19_000)], ["proposal_between_popups"])


def test_a_short_free_part_is_extended_backward_when_the_next_popup_is_near() -> None:
    assert fit(12_000, 16_000) == ([(11_000, 13_000)], ["proposal_between_popups", "proposal_extended"])


def test_a_window_wholly_under_a_popup_moves_to_the_nearest_free_time() -> None:
    assert fit(14_000, 16_000) == ([(17_000, 19_000)], ["proposal_moved"])  # 3 s either way: the later
    assert fit(8_000, 9_000) == ([(5_000, 7_000)], ["proposal_moved", "proposal_extended"])


def test_no_free_time_drops_the_proposal() -> None:
    full = [popup(1_000, 15_000), popup(15_000, 29_000)]
    assert fit(5_000, 9_000, avoid=full) == ([], ["proposal_dropped"])


def test_the_trim_alone_still_says_clipped() -> None:
    assert fit(24_000, 29_000, trim=TrimRange(0, 27_000)) == ([(24_000, 27_000)], ["proposal_clipped"])


def test_without_avoid_the_popups_may_overlap() -> None:
    assert fit(8_000, 12_000, avoid=()) == ([(8_000, 12_000)], [])


@st.composite
def existing(draw: st.DrawFn) -> list[Popup]:
    """Non-overlapping popups in a random order."""
    cuts = sorted(draw(st.lists(st.integers(0, 60_000), max_size=12, unique=True)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    return draw(st.permutations([popup(a, b) for a, b in pairs if b > a]))


@given(avoid=existing(), start=st.integers(-5_000, 65_000), length=st.integers(-500, 40_000),
       trim_a=st.integers(0, 60_000), trim_b=st.integers(0, 60_000), split=st.booleans())
def test_fitted_popups_never_overlap_the_others_and_pass_the_timing_rules(
        avoid: list[Popup], start: int, length: int, trim_a: int, trim_b: int, split: bool) -> None:
    lo, hi = sorted((trim_a, trim_b))
    trim = TrimRange(lo, hi) if hi > lo else None
    fitted = fit_proposal(start, start + length, duration_ms=60_000, trim=trim, sku="N", split=split,
                           avoid=avoid)
    assert fitted.popups or [n.code for n in fitted.notes] == ["proposal_dropped"]
    kept_lo, kept_hi = (trim.start_ms, trim.end_ms) if trim else (0, 60_000)
    for new in fitted.popups:
        assert MIN_MS <= new.end_ms - new.start_ms <= MAX_MS
        assert kept_lo + LEAD_IN_MS <= new.start_ms and new.end_ms <= kept_hi
        assert all(new.end_ms <= old.start_ms or old.end_ms <= new.start_ms for old in avoid)
    assert check_popups(fitted.popups, duration_ms=60_000, trim=trim) == []
    changed = [(p.start_ms, p.end_ms) for p in fitted.popups] != [(start, start + length)]
    assert changed == bool(fitted.notes)

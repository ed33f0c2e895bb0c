"""The popup rules: each rule fires alone with its own code, and fit_proposal's output passes the rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from studio.core import safe_zones
from studio.core.export_mapping import ExportMapping
from studio.core.popup_rules import MAX_MS, MIN_MS, TEMPLATES, check_popups, fit_proposal, map_to_output
from studio.core.product import Product, Variant, single, snapshot
from studio.core.project import Popup, TrimRange

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
LISTING = single(sku="BOTTLE-1", title="Glass Water Bottle", price_cents=5900, promo_price_cents=4900,
                 promo_ends_at="2026-12-31T00:00:00Z", applet_app_id="wx0123456789abcdef",
                 applet_name="Good Store", pages=("pages/goods/detail?sku=BOTTLE-1",), image="bottle.jpg")


def popup(start: int, end: int, **kw: Any) -> Popup:
    kw.setdefault("sku", LISTING.product_id)
    kw.setdefault("snapshot", snapshot(LISTING))
    return Popup(start_ms=start, end_ms=end, anchor_x=0.4, anchor_y=0.5, **kw)


def codes(popups: list[Popup], **kw: Any) -> list[str]:
    kw.setdefault("duration_ms", 60_000)
    kw.setdefault("trim", None)
    kw.setdefault("catalog_lookup", {LISTING.product_id: LISTING}.get)
    kw.setdefault("now", NOW)
    return [p.code for p in check_popups(popups, **kw)]


def test_a_good_popup_passes() -> None:
    assert codes([popup(2_000, 6_000)]) == []


def test_duration_limits() -> None:
    assert codes([popup(2_000, 3_999)]) == ["popup_too_short"]
    assert codes([popup(2_000, 4_000)]) == []
    assert codes([popup(2_000, 17_000)]) == []
    assert codes([popup(2_000, 17_001)]) == ["popup_too_long"]
    assert codes([popup(5_000, 5_000)]) == ["popup_empty"]


def test_at_most_ten() -> None:
    many = [popup(2_000 + 3_000 * i, 4_000 + 3_000 * i) for i in range(11)]
    assert codes(many[:10], duration_ms=100_000) == []
    assert codes(many, duration_ms=100_000) == ["too_many_popups"]


def test_one_visible_at_a_time_or_the_declared_maximum() -> None:
    a, b, c = popup(2_000, 6_000), popup(5_000, 9_000), popup(5_500, 9_000)
    problems = check_popups([a, b], duration_ms=60_000, trim=None)
    assert [(p.code, p.popup_id, p.values["other"]) for p in problems] == [("popups_overlap", b.id, a.id)]
    assert codes([a, popup(6_000, 9_000)]) == []  # [start, end): touching is not overlapping
    assert codes([a, b], max_visible=2) == []
    assert codes([a, b, c], max_visible=2) == ["popups_overlap"]


def test_inside_the_trimmed_range_and_not_in_the_first_second_of_the_output() -> None:
    trim = TrimRange(10_000, 30_000)
    assert codes([popup(2_000, 6_000)], trim=trim) == ["popup_cut_away"]
    assert codes([popup(8_000, 12_000)], trim=trim) == ["popup_partly_cut"]
    assert codes([popup(28_000, 31_000)], trim=trim) == ["popup_partly_cut"]
    assert codes([popup(10_500, 13_000)], trim=trim) == ["popup_too_early"]
    assert codes([popup(11_000, 13_000)], trim=trim) == []
    assert codes([popup(500, 3_000)]) == ["popup_too_early"]


def test_catalog_promo_and_price() -> None:
    assert codes([popup(2_000, 6_000)], catalog_lookup=lambda sku: None) == ["product_withdrawn"]
    deleted = single(sku=LISTING.product_id, title="x", price_cents=1, status="withdrawn")
    assert codes([popup(2_000, 6_000)], catalog_lookup=lambda sku: deleted) == ["product_withdrawn"]
    later = datetime(2027, 1, 1, tzinfo=UTC)
    assert codes([popup(2_000, 6_000)], now=later) == ["promo_expired"]
    dearer = replace(LISTING, variants=(replace(LISTING.variants[0], price_cents=6900),))
    problems = check_popups([popup(2_000, 6_000)], duration_ms=60_000, trim=None, catalog_lookup=lambda s: dearer)
    assert [(p.code, p.severity) for p in problems] == [("price_changed", "warning")]
    assert "69.00" in problems[0].message and "59.00" in problems[0].message
    assert codes([popup(2_000, 6_000, sku="")]) == ["popup_no_product"]


TEE = Product(product_id="TEE", title="Linen shirt", applet_app_id="wx0123456789abcdef", image="tee.jpg",
              pages=("pages/goods/detail?sku=TEE", "pages/goods/detail?sku=TEE-M", "pages/goods/detail?sku=TEE-L",
                     "pages/goods/detail?sku=TEE-XL"), variants=(
    Variant(sku="TEE-M", options=(("尺码", "M"),), price_cents=5900, stock=4),
    Variant(sku="TEE-L", options=(("尺码", "L"),), price_cents=6900, stock=0),
    Variant(sku="TEE-XL", options=(("尺码", "XL"),), price_cents=7900, stock=2)))


def tee_popup(variant_sku: str = "", product: Product = TEE) -> Popup:
    return Popup(sku="TEE", variant_sku=variant_sku, start_ms=2_000, end_ms=6_000, anchor_x=0.4, anchor_y=0.5,
                 snapshot=snapshot(product, variant_sku=variant_sku, now=NOW))


def test_a_sold_out_product_or_chosen_variant_is_a_warning_naming_it() -> None:
    def found(popup: Popup, product: Product = TEE) -> list[tuple[str, str, Mapping[str, Any]]]:
        return [(p.code, p.severity, p.values) for p in check_popups(
            [popup], duration_ms=60_000, trim=None, catalog_lookup={"TEE": product}.get, now=NOW)]

    assert found(tee_popup()) == []  # two variants in stock
    assert found(tee_popup("TEE-M")) == []
    [(code, severity, values)] = found(tee_popup("TEE-L"))
    assert (code, severity, values["variant"], values["variant_sku"]) == ("variant_sold_out", "warning", "L", "TEE-L")
    gone = replace(TEE, variants=tuple(replace(v, stock=0) for v in TEE.variants),
                   sold_out_since="2026-11-20T08:00:00Z")
    problems = check_popups([tee_popup("TEE-M")], duration_ms=60_000, trim=None, catalog_lookup={"TEE": gone}.get,
                            now=NOW)
    assert [(p.code, p.values.get("since")) for p in problems if p.code.endswith("sold_out")] == [
        ("product_sold_out", "2026-11-20T08:00:00Z")]
    assert problems[-1].message == "product TEE is sold out: a viewer who taps the popup cannot buy it"
    assert ("product_sold_out", "warning", {"sku": "TEE", "since": ""}) in found(tee_popup(), replace(
        TEE, variants=tuple(replace(v, stock=0) for v in TEE.variants)))
    uncounted = replace(TEE, variants=tuple(replace(v, stock=None) for v in TEE.variants))
    assert found(tee_popup("TEE-L"), uncounted) == []  # a shop that does not count stock is never sold out


def test_a_chosen_variant_the_merchant_deleted_is_named_not_shown_as_a_price_change() -> None:
    without_xl = replace(TEE, variants=TEE.variants[:2], pages=TEE.pages[:3])
    for soft, severity in ((False, "error"), (True, "warning")):
        problems = check_popups([tee_popup("TEE-XL")], duration_ms=60_000, trim=None, now=NOW, soft_catalog=soft,
                                catalog_lookup={"TEE": without_xl}.get)
        assert [(p.code, p.severity, p.values) for p in problems] == [
            ("variant_withdrawn", severity, {"sku": "TEE", "variant_sku": "TEE-XL"})]
    assert problems[0].message == ("variant TEE-XL of product TEE is no longer in the catalog; show the whole "
                                   "product or another variant")
    assert check_popups([tee_popup("TEE-M")], duration_ms=60_000, trim=None, now=NOW,
                        catalog_lookup={"TEE": without_xl}.get) == []


def test_the_snapshot_of_a_whole_product_is_its_range_over_the_variants_in_stock() -> None:
    whole = snapshot(TEE, now=NOW)
    assert (whole["price_cents"], whole["price_high_cents"], whole["variant"]) == (5900, 7900, None)
    assert whole["applet"]["path"] == "pages/goods/detail?sku=TEE"
    one = snapshot(TEE, variant_sku="TEE-XL", now=NOW)
    assert (one["price_cents"], one["price_high_cents"], one["variant"]) == (7900, None, {"sku": "TEE-XL",
                                                                                          "label": "XL"})
    assert one["applet"]["path"] == "pages/goods/detail?sku=TEE-XL"  # the variant's own page
    dearer = replace(TEE, variants=(TEE.variants[0], TEE.variants[1], replace(TEE.variants[2], price_cents=8900)))
    problems = check_popups([tee_popup()], duration_ms=60_000, trim=None, catalog_lookup={"TEE": dearer}.get, now=NOW)
    assert [(p.code, p.values["now"], p.values["then"]) for p in problems] == [
        ("price_changed", "CNY 59.00–CNY 89.00", "CNY 59.00–CNY 79.00")]


def test_offline_catalog_problems_are_warnings() -> None:
    problems = check_popups([popup(2_000, 6_000)], duration_ms=60_000, trim=None, catalog_lookup=lambda s: None,
                            now=datetime(2027, 1, 1, tzinfo=UTC), soft_catalog=True)
    assert {(p.code, p.severity) for p in problems} == {("product_withdrawn", "warning"), ("promo_expired", "warning")}


def test_safe_zone() -> None:
    def at(x: float, y: float) -> list[str]:
        p = popup(2_000, 6_000)
        p.anchor_x, p.anchor_y = x, y
        return codes([p])

    x1 = (safe_zones.FRAME_WIDTH - safe_zones.RIGHT_PX) / safe_zones.FRAME_WIDTH
    assert at(x1, 0.5) == []
    assert at(x1 + 0.01, 0.5) == ["popup_outside_safe_zone"]  # over the like/share buttons
    assert at(0.5, 100 / 1920) == ["popup_outside_safe_zone"]  # status bar
    assert at(0.5, 1600 / 1920) == ["popup_outside_safe_zone"]  # caption
    assert at(0.5, 1500 / 1920) == []


def test_every_message_formats_and_names_its_values() -> None:
    problems = check_popups([popup(500, 800, sku="GONE"), popup(600, 30_000)], duration_ms=10_000,
                            trim=TrimRange(0, 10_000), catalog_lookup=lambda s: None, now=NOW)
    assert problems
    for p in problems:
        assert p.message and "{" not in p.message
        assert p.code in TEMPLATES and p.path and p.path.startswith("popups[")


def test_fit_proposal_examples() -> None:
    short = fit_proposal(5_000, 5_500, duration_ms=60_000, trim=None, sku="A")
    assert [(p.start_ms, p.end_ms) for p in short.popups] == [(5_000, 7_000)]
    assert [n.code for n in short.notes] == ["proposal_extended"]
    at_end = fit_proposal(59_500, 60_000, duration_ms=60_000, trim=None)
    assert [(p.start_ms, p.end_ms) for p in at_end.popups] == [(58_000, 60_000)]
    long = fit_proposal(2_000, 42_000, duration_ms=60_000, trim=None)
    assert [(p.start_ms, p.end_ms) for p in long.popups] == [(2_000, 15_333), (15_333, 28_666), (28_666, 42_000)]
    assert [n.code for n in long.notes] == ["proposal_split"]
    clipped = fit_proposal(0, 40_000, duration_ms=60_000, trim=TrimRange(10_000, 20_000), split=False)
    assert [(p.start_ms, p.end_ms) for p in clipped.popups] == [(11_000, 20_000)]
    assert [n.code for n in clipped.notes] == ["proposal_clipped"]
    gone = fit_proposal(30_000, 35_000, duration_ms=60_000, trim=TrimRange(10_000, 20_000))
    assert gone.popups == [] and [n.code for n in gone.notes] == ["proposal_dropped"]
    unchanged = fit_proposal(3_000, 8_000, duration_ms=60_000, trim=None)
    assert unchanged.notes == [] and [(p.start_ms, p.end_ms) for p in unchanged.popups] == [(3_000, 8_000)]


@given(
    duration=st.integers(1, 400_000),
    trim_a=st.integers(0, 400_000),
    trim_b=st.integers(0, 400_000),
    start=st.integers(-10_000, 410_000),
    length=st.integers(-1_000, 100_000),
    split=st.booleans(),
    x=st.floats(-1, 2),
    y=st.floats(-1, 2),
)
def test_fit_proposal_output_passes_the_timing_rules(duration: int, trim_a: int, trim_b: int, start: int,
                                                      length: int, split: bool, x: float, y: float) -> None:
    lo, hi = sorted((min(trim_a, duration), min(trim_b, duration)))
    trim = TrimRange(lo, hi) if hi > lo else None
    fitted = fit_proposal(start, start + length, duration_ms=duration, trim=trim, sku="S", split=split, anchor=(x, y))
    assert fitted.popups or [n.code for n in fitted.notes] == ["proposal_dropped"]
    for p in fitted.popups:
        assert MIN_MS <= p.end_ms - p.start_ms <= MAX_MS
    # consecutive parts touch but never overlap, so one-at-a-time holds
    assert check_popups(fitted.popups, duration_ms=duration, trim=trim) == []
    changed = [(p.start_ms, p.end_ms) for p in fitted.popups] != [(start, start + length)]
    assert changed == bool(fitted.notes)


def test_map_to_output_before_across_and_after_the_cut() -> None:
    """Kept source range 10 s–30 s (a copy export may have snapped the in point to a keyframe)."""
    before, across_in, inside, across_out, after, sliver = (
        popup(2_000, 6_000), popup(8_000, 13_000), popup(15_000, 20_000), popup(27_000, 33_000),
        popup(31_000, 35_000), popup(8_000, 11_500))
    mapped = map_to_output([before, across_in, inside, across_out, after, sliver],
                           ExportMapping(10_500, 30_000, 10_000, 30_000))
    assert [(m.fate, m.output, m.note.code if m.note else None) for m in mapped] == [
        ("left_out", None, "export_cut_away"),
        ("shortened", (0, 3_000), "export_shortened"),
        ("kept", (5_000, 10_000), None),
        ("shortened", (17_000, 20_000), "export_shortened"),
        ("left_out", None, "export_cut_away"),
        ("left_out", None, "export_too_short"),
    ]
    assert [m.popup.id for m in mapped] == [p.id for p in (before, across_in, inside, across_out, after, sliver)]
    assert mapped[1].note is not None and mapped[1].note.message == (
        "the export cuts part of the popup away; 3 s remain (0:00.000–0:03.000 of the video)")


@given(
    kept=st.tuples(st.integers(0, 100_000), st.integers(1, 100_000)),
    windows=st.lists(st.tuples(st.integers(0, 120_000), st.integers(1, 20_000)), max_size=12),
)
def test_map_to_output_properties(kept: tuple[int, int], windows: list[tuple[int, int]]) -> None:
    kept_start, kept_end = kept[0], kept[0] + kept[1]
    popups = [popup(s, s + length) for s, length in windows]
    mapped = map_to_output(popups, ExportMapping(kept_start, kept_end, kept_start, kept_end))
    assert [m.popup for m in mapped] == popups  # every popup comes back, in order, never dropped silently
    for m in mapped:
        p = m.popup
        if m.fate == "kept":
            assert m.note is None and m.output == (p.start_ms - kept_start, p.end_ms - kept_start)
        else:
            assert m.note is not None and "{" not in m.note.message
        if m.output is not None:
            out_start, out_end = m.output
            assert 0 <= out_start < out_end <= kept_end - kept_start  # inside the output
            # never moved: the output range is exactly the surviving part of the source range
            assert (out_start + kept_start, out_end + kept_start) == (max(p.start_ms, kept_start),
                                                                      min(p.end_ms, kept_end))
            assert m.fate == "kept" or out_end - out_start >= MIN_MS
        else:
            survives = min(p.end_ms, kept_end) - max(p.start_ms, kept_start)
            assert survives < MIN_MS and m.fate == "left_out"

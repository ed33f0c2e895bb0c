"""Reviewer checks and the signed review report, in core."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.core.errors import ProjectFileError, ValidationError
from studio.core.popup_product import CatalogView
from studio.core.product import Product, Variant
from studio.core.review import (
    PopupMeasure,
    make_report,
    read_report,
    review_checks,
    write_report,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SHA = "ab" * 32


def popup(**over: object) -> dict:
    base = {"id": "p1", "sku": "S1", "start_ms": 1500, "end_ms": 5000, "anchor": {"x": 0.5, "y": 0.6},
            "style": "card", "label": "", "snapshot": {"title": "T", "price_cents": 9900, "promo_price_cents": 6900,
                                                       "promo_ends_at": "2026-12-01T00:00:00Z", "currency": "CNY",
                                                       "image": "images/01-S1.jpg"},
            "applet": {"app_id": "wx0123456789abcdef", "name": "店", "path": "pages/goods/detail?sku=S1"}}
    base.update(over)
    return base


def codes(*popups: dict, measures: Mapping[str, PopupMeasure] | None = None,
          cover_title_box: tuple[float, float, float, float] | None = None) -> list[str]:
    return [p.code for p in review_checks({"popups": list(popups)}, now=NOW, measures=measures,
                                          cover_title_box=cover_title_box)]


def test_a_good_popup_passes() -> None:
    assert codes(popup()) == []


def test_each_check_names_its_problem() -> None:
    assert codes(popup(end_ms=3000)) == ["review_too_short"]
    snap = {**popup()["snapshot"], "promo_price_cents": 9900}
    assert codes(popup(snapshot=snap)) == ["review_price_inconsistent"]
    assert codes(popup(snapshot={**snap, "price_cents": 0})) == ["review_price_missing"]
    expired = {**popup()["snapshot"], "promo_ends_at": "2026-11-01T00:00:00Z"}
    problems = review_checks({"popups": [popup(snapshot=expired)]}, now=NOW)
    assert [(p.code, p.severity) for p in problems] == [("review_promo_expired", "warning")]
    bad_link = {"app_id": "wx123", "name": "x", "path": "/pages/a"}
    assert codes(popup(applet=bad_link)) == ["popup_path_invalid", "popup_app_id_invalid"]
    no_image = {**popup()["snapshot"], "image": None}
    problems = review_checks({"popups": [popup(snapshot=no_image)]}, now=NOW)
    assert [(p.code, p.severity, p.values["sku"]) for p in problems] == [("image_none", "warning", "S1")]


def test_a_popup_on_a_variant_the_merchant_deleted_names_the_variant() -> None:
    shirt = Product(product_id="S1", title="T", applet_app_id="wx0123456789abcdef",
                    pages=("pages/goods/detail?sku=S1", "pages/goods/detail?sku=S1-M"), variants=(
                        Variant(sku="S1-M", options=(("尺码", "M"),), price_cents=9900, stock=3),))
    on_l = popup(snapshot={**popup()["snapshot"], "variant": {"sku": "S1-L", "label": "L"}},
                 applet={"app_id": "wx0123456789abcdef", "name": "店", "path": "pages/goods/detail?sku=S1-L"})
    problems = review_checks({"popups": [on_l]}, now=NOW, catalog=CatalogView(lookup={"S1": shirt}.get))
    assert [(p.code, p.values) for p in problems] == [("variant_withdrawn", {"sku": "S1", "variant_sku": "S1-L"})]
    on_m = popup(snapshot={**popup()["snapshot"], "variant": {"sku": "S1-M", "label": "M"}},
                 applet={"app_id": "wx0123456789abcdef", "name": "店", "path": "pages/goods/detail?sku=S1-M"})
    assert review_checks({"popups": [on_m]}, now=NOW, catalog=CatalogView(lookup={"S1": shirt}.get)) == []


def test_pixels_measured_by_media_decide_here() -> None:
    assert codes(popup(), measures={"p1": PopupMeasure(contrast=1.1)}) == ["review_low_contrast"]
    assert codes(popup(), measures={"p1": PopupMeasure(contrast=4.0)}) == []
    # the card at anchor (0.5, 0.6) spans the middle of the frame; a face there is covered, one at the top is not
    assert codes(popup(), measures={"p1": PopupMeasure(faces=[(2000, (0.45, 0.55, 0.55, 0.62))])}) == [
        "review_covers_face"]
    assert codes(popup(), measures={"p1": PopupMeasure(faces=[(2000, (0.4, 0.1, 0.5, 0.15))])}) == []
    assert codes(popup(), cover_title_box=(0.1, 0.55, 0.9, 0.65)) == ["review_covers_title"]
    assert codes(popup(), cover_title_box=(0.1, 0.1, 0.9, 0.15)) == []


def test_report_round_trip_and_binding(tmp_path: Path) -> None:
    report = make_report(SHA, "rev", "reject", notes="整体不错", popup_notes={"p1": "价格不对", "p2": " "}, now=NOW)
    path = write_report(tmp_path / "r.json", report)
    back = read_report(path, SHA)
    assert back == report
    assert [n.popup_id for n in back.popup_notes] == ["p1"]
    assert report.verdict_body() == {"verdict": "reject", "notes": "整体不错",
                                     "popup_notes": [{"popup_id": "p1", "note": "价格不对"}]}
    with pytest.raises(ValidationError) as err:
        read_report(path, "cd" * 32)
    assert err.value.code == "report_other_package"


def test_an_edited_report_is_refused(tmp_path: Path) -> None:
    path = write_report(tmp_path / "r.json", make_report(SHA, "rev", "reject", now=NOW))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["verdict"] = "approve"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_report(path)
    assert err.value.code == "report_signature"


@pytest.mark.parametrize("text", ["", "{", "[]", '{"schema_version": 1}', '{"schema_version": 9}'])
def test_broken_reports_are_clear_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError) as err:
        read_report(path)
    assert err.value.path == str(path)


def test_a_verdict_is_approve_or_reject() -> None:
    with pytest.raises(ValidationError):
        make_report(SHA, "rev", "maybe", now=NOW)

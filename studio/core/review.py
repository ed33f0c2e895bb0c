"""The reviewer's side in `core`: the checks a reviewer needs and the review report.

Checks (`review_checks`) run over a verified package's manifest, on the OUTPUT timeline, at review time:
a popup is shown at least 2 s, its card is readable over the video behind it (a contrast ratio that `media`
measured), it covers no face and not the cover title (boxes `media` found), its prices are consistent,
its promo has not ended, its product has an image, and it opens exactly its product's page in the applet of
the merchant who lists it and is not sold out (`popup_product`'s rules, with the reviewer's catalog when there
is one). Pixel
numbers come in as `PopupMeasure`s; the decisions are made here so the app and the sandbox agree.

The report (`ReviewReport`) is the verdict written offline: the platform's verdict body plus
`schema_version, package_sha256, reviewer, reviewed_at` and a `signature`: the sha256 of the report's
canonical JSON, which names the package's sha256. A report applies to that package only, and an edited
report no longer matches its signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from studio.core import card_geometry, popup_product, popup_rules
from studio.core.atomic_file import write_atomic
from studio.core.errors import QT_TRANSLATE_NOOP, ProjectFileError, ValidationError
from studio.core.listing import format_rfc3339, parse_rfc3339
from studio.core.popup_rules import MIN_MS
from studio.core.problems import Problem, Severity

REPORT_SCHEMA_VERSION = 1
MIN_CARD_CONTRAST = 1.5
"""WCAG contrast ratio between the (white) card and the mean of the video behind it, below which the card's
edge melts into the picture."""
FACE_OVERLAP = 0.15
"""A card covers a face when it hides more than this share of the face's box."""

Verdict = Literal["approve", "reject"]
VERDICTS: tuple[Verdict, ...] = ("approve", "reject")
Box = tuple[float, float, float, float]

TEMPLATES: dict[str, str] = {
    "review_too_short": QT_TRANSLATE_NOOP("errors", "the popup is shown for {seconds} s; at least 2 s are needed"),
    "review_low_contrast": QT_TRANSLATE_NOOP(
        "errors", "the card is hard to read over the video behind it (contrast {ratio}:1, at least {minimum}:1)"),
    "review_covers_face": QT_TRANSLATE_NOOP("errors", "the card covers a face at {time}"),
    "review_covers_title": QT_TRANSLATE_NOOP("errors", "the card covers the cover's title"),
    "review_price_inconsistent": QT_TRANSLATE_NOOP(
        "errors", "the prices do not add up: promo {promo} is not below the price {price}"),
    "review_price_missing": QT_TRANSLATE_NOOP("errors", "the popup shows no price"),
    "review_promo_expired": QT_TRANSLATE_NOOP("errors", "the promotion ended at {ends_at}"),
    # the report
    "report_unreadable": QT_TRANSLATE_NOOP("errors", "the review report cannot be read: {detail}"),
    "report_version": QT_TRANSLATE_NOOP(
        "errors", "the review report has schema version {version}; this app reads version {supported}"),
    "report_signature": QT_TRANSLATE_NOOP("errors", "the review report was changed after it was signed"),
    "report_other_package": QT_TRANSLATE_NOOP(
        "errors", "the review report is for package {theirs}, not this package ({ours})"),
    "report_bad_verdict": QT_TRANSLATE_NOOP("errors", "the verdict must be approve or reject, not {verdict}"),
}


@dataclass(frozen=True)
class PopupMeasure:
    """What `media` measured under one popup's card while it is shown."""

    contrast: float | None = None
    """The lowest contrast ratio between the card and the video behind it over the sampled frames."""
    faces: Sequence[tuple[int, Box]] = ()
    """(time_ms, normalised face box) for faces found in the sampled frames."""


def _problem(code: str, path: str, severity: Severity = "error", **values: Any) -> Problem:
    return Problem(code, TEMPLATES[code], values, severity, path)


def _overlap_share(card: Box, face: Box) -> float:
    x0, y0 = max(card[0], face[0]), max(card[1], face[1])
    x1, y1 = min(card[2], face[2]), min(card[3], face[3])
    area = max(0.0, face[2] - face[0]) * max(0.0, face[3] - face[1])
    return 0.0 if area <= 0 else max(0.0, x1 - x0) * max(0.0, y1 - y0) / area


def _money(cents: int, currency: str) -> str:
    return f"{currency} {cents // 100}.{cents % 100:02d}"


def _time(ms: int) -> str:
    return f"{ms // 60000}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def cover_title_on_frame(manifest: Mapping[str, Any]) -> tuple[float, float, float, float] | None:
    """Where the cover's title lies on the 9:16 frame: a 9:16 cover is the full screen the viewer first sees,
    so its title box is a box of the frame; a 3:4 cover lives in the feed grid, apart from the cards."""
    cover = manifest.get("cover") or {}
    box = cover.get("title_box")
    if cover.get("aspect") != "9:16" or not box:
        return None
    x0, y0, x1, y1 = (float(v) for v in box)
    return x0, y0, x1, y1


def variant_of(popup: Mapping[str, Any]) -> str:
    """The SKU of the variant a manifest popup shows (`snapshot.variant.sku`), "" for the whole product (and in
    packages from before variants)."""
    variant = (popup.get("snapshot") or {}).get("variant")
    return str(variant.get("sku") or "") if isinstance(variant, Mapping) else ""


def product_checks(popup: Mapping[str, Any], path: str, catalog: popup_product.CatalogView) -> list[Problem]:
    """One manifest popup against its product: listed (with the catalog), its applet page, its image, its stock;
    the same rules the creator's Problems apply. The platform asks this of its posts when a merchant changes a
    product."""
    sku = str(popup.get("sku", ""))
    product = catalog.lookup(sku) if catalog.lookup is not None else None
    problems: list[Problem] = []
    if catalog.lookup is not None and (product is None or product.withdrawn):
        problems.append(Problem("product_withdrawn", popup_rules.TEMPLATES["product_withdrawn"], {"sku": sku},
                                "error", path))
    if popup_product.variant_gone(product, variant_of(popup)):
        problems.append(Problem("variant_withdrawn", popup_rules.TEMPLATES["variant_withdrawn"],
                                {"sku": sku, "variant_sku": variant_of(popup)}, "error", path))
    product = popup_product.judged_product(product, variant_of(popup))
    applet = popup.get("applet") or {}
    target = popup_product.AppletTarget(str(applet.get("app_id", "")), str(applet.get("path", "")),
                                        str(applet.get("name", "")))
    problems += popup_product.check_target(target, sku, product, popup_id=str(popup.get("id", "")), where=path,
                                           lookup=catalog.lookup, applet_known=catalog.applet_known)
    found = (popup_product.image_problem(sku, popup.get("snapshot", {}), None, popup_id=str(popup.get("id", "")),
                                         where=path),
             popup_product.stock_problem(sku, variant_of(popup), product, popup_id=str(popup.get("id", "")),
                                         where=path))
    return problems + [problem for problem in found if problem is not None]


def review_checks(manifest: Mapping[str, Any], *, now: datetime,
                  measures: Mapping[str, PopupMeasure] | None = None,
                  cover_title_box: Box | None = None,
                  catalog: popup_product.CatalogView | None = None) -> list[Problem]:
    """Every reviewer check over the manifest's popups (output timeline), each problem naming its popup.

    With `catalog` (the reviewer's copy of the platform's listings) each popup's applet page is checked against
    its listing; without it, only the page path's own rules and the image apply."""
    problems: list[Problem] = []
    measures = measures or {}
    catalog = catalog or popup_product.CatalogView()
    for index, popup in enumerate(manifest.get("popups", [])):
        path = f"popups[{index}]"
        shown = popup["end_ms"] - popup["start_ms"]
        if shown < MIN_MS:
            problems.append(_problem("review_too_short", path, seconds=f"{shown / 1000:g}"))
        snap = popup.get("snapshot", {})
        currency = snap.get("currency") or "CNY"
        price, promo = snap.get("price_cents"), snap.get("promo_price_cents")
        if not isinstance(price, int) or price <= 0:
            problems.append(_problem("review_price_missing", path))
        elif promo is not None and (not isinstance(promo, int) or not 0 < promo < price):
            problems.append(_problem("review_price_inconsistent", path, promo=_money(int(promo or 0), currency),
                                     price=_money(price, currency)))
        ends = snap.get("promo_ends_at")
        if promo is not None and ends:
            try:
                if parse_rfc3339(ends) <= now:
                    problems.append(_problem("review_promo_expired", path, "warning", ends_at=ends))
            except ValueError:
                problems.append(_problem("review_promo_expired", path, "warning", ends_at=str(ends)))
        problems += product_checks(popup, path, catalog)
        anchor = popup.get("anchor", {})
        card = card_geometry.card_box(float(anchor.get("x", 0.5)), float(anchor.get("y", 0.5)),
                                      popup.get("style", "card"))
        measure = measures.get(popup["id"])
        if measure is not None:
            if measure.contrast is not None and measure.contrast < MIN_CARD_CONTRAST:
                problems.append(_problem("review_low_contrast", path, "warning", ratio=f"{measure.contrast:.1f}",
                                         minimum=f"{MIN_CARD_CONTRAST:g}"))
            hit = next((t for t, face in measure.faces if _overlap_share(card, face) > FACE_OVERLAP), None)
            if hit is not None:
                problems.append(_problem("review_covers_face", path, "warning", time=_time(hit)))
        if cover_title_box is not None and _overlap_share(card, cover_title_box) > 0:
            problems.append(_problem("review_covers_title", path, "warning"))
    return problems


# -- the report -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PopupNote:
    popup_id: str
    note: str


@dataclass(frozen=True, kw_only=True)
class ReviewReport:
    """A reviewer's verdict on one package (docs/platform.md: the verdict body plus who, when and which package)."""

    package_sha256: str
    reviewer: str
    reviewed_at: datetime
    verdict: Verdict
    notes: str = ""
    popup_notes: tuple[PopupNote, ...] = field(default_factory=tuple)
    schema_version: int = REPORT_SCHEMA_VERSION

    def body(self) -> dict[str, Any]:
        """The report without its signature, in the key order the signature is computed over."""
        return {"schema_version": self.schema_version, "package_sha256": self.package_sha256,
                "reviewer": self.reviewer, "reviewed_at": format_rfc3339(self.reviewed_at),
                "verdict": self.verdict, "notes": self.notes,
                "popup_notes": [{"popup_id": n.popup_id, "note": n.note} for n in self.popup_notes]}

    def verdict_body(self) -> dict[str, Any]:
        """What `POST /v1/posts/{id}/verdict` takes."""
        body = self.body()
        return {key: body[key] for key in ("verdict", "notes", "popup_notes")}

    def to_json(self) -> dict[str, Any]:
        body = self.body()
        return {**body, "signature": signature(body)}


def signature(body: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON (sorted keys, no spaces, UTF-8) of a report body."""
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def make_report(package_sha256: str, reviewer: str, verdict: str, *, notes: str = "",
                popup_notes: Mapping[str, str] | None = None, now: datetime) -> ReviewReport:
    """A new report; raises ValidationError for a verdict that is neither approve nor reject."""
    if verdict not in VERDICTS:
        raise ValidationError(TEMPLATES["report_bad_verdict"], None, code="report_bad_verdict", verdict=verdict)
    notes_tuple = tuple(PopupNote(pid, text) for pid, text in (popup_notes or {}).items() if text.strip())
    return ReviewReport(package_sha256=package_sha256, reviewer=reviewer, reviewed_at=now,
                        verdict=verdict,
                        notes=notes, popup_notes=notes_tuple)


def write_report(path: Path, report: ReviewReport) -> Path:
    """Write the signed report as JSON, atomically."""
    data = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, data.encode("utf-8"))
    return path


def read_report(path: Path, package_sha256: str | None = None) -> ReviewReport:
    """Read and check a report; with `package_sha256`, also that it applies to that package."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        version = raw["schema_version"]
        if version != REPORT_SCHEMA_VERSION:
            raise ProjectFileError(TEMPLATES["report_version"], path, code="report_version", version=version,
                                   supported=REPORT_SCHEMA_VERSION)
        report = ReviewReport(
            package_sha256=str(raw["package_sha256"]), reviewer=str(raw["reviewer"]),
            reviewed_at=parse_rfc3339(raw["reviewed_at"]), verdict=raw["verdict"], notes=str(raw.get("notes", "")),
            popup_notes=tuple(PopupNote(str(n["popup_id"]), str(n["note"])) for n in raw.get("popup_notes", [])))
        claimed = raw["signature"]
    except KeyError as exc:
        raise ProjectFileError(TEMPLATES["report_unreadable"], path, code="report_unreadable",
                               detail=f"no field {exc}") from None
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise ProjectFileError(TEMPLATES["report_unreadable"], path, code="report_unreadable",
                               detail=str(exc)) from None
    if report.verdict not in VERDICTS:
        raise ValidationError(TEMPLATES["report_bad_verdict"], path, code="report_bad_verdict", verdict=report.verdict)
    if signature(report.body()) != claimed:
        raise ValidationError(TEMPLATES["report_signature"], path, code="report_signature")
    if package_sha256 is not None and report.package_sha256 != package_sha256:
        raise ValidationError(TEMPLATES["report_other_package"], path, code="report_other_package",
                              theirs=report.package_sha256[:12], ours=package_sha256[:12])
    return report

"""The popup rules: each rule has its own code and an English message template saying what would fix it.

Holds: `check_popups` (every rule over a project's popups, as `Problem`s), `fit_proposal` (a proposed
window, e.g. from the product finder, turned into popups through the same rules, saying what changed),
`map_to_output` (popups from source time to output time for an export's kept range, each with what
happened to it), `product_cut_note` (does the 9:16 output frame cut the popup's product while it shows?),
`visible_popups` (which popups are on screen at a time) and the numbers the rules use.
Times are SOURCE-timeline integer ms, ranges `[start, end)`; "the first second" is the first second of the
OUTPUT, i.e. after the trim's in point.
Must not hold: the export's own time arithmetic (`export_mapping.clip_range`, which `map_to_output` asks), storage,
Qt, I/O. The safe-zone numbers live in `safe_zones`; catalog access comes in as a `catalog_lookup` callable.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from studio.core import popup_product, safe_zones
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.export_mapping import ExportMapping
from studio.core.listing import parse_rfc3339
from studio.core.problems import PopupProblem, Problem, Severity
from studio.core.product import Product
from studio.core.product import snapshot as product_snapshot
from studio.core.project import Popup, TrimRange
from studio.core.reframe import Box, Framing, too_wide
from studio.core.timeline import format_ms
from studio.core.trim import effective

MIN_MS = 2_000
MAX_MS = 15_000
MAX_POPUPS = 10
LEAD_IN_MS = 1_000
"""No popup in the first second of the output."""

CatalogLookup = Callable[[str], "Product | None"]
"""A product by its id (`Popup.sku`)."""


TEMPLATES: dict[str, str] = {
    "popup_empty": QT_TRANSLATE_NOOP("errors", "the popup ends at {end}, before its start at {start}: drag its end "
                                               "later"),
    "popup_too_short": QT_TRANSLATE_NOOP(
        "errors", "the popup is on screen for {seconds} s; a popup must stay at least 2 s: drag its end later"),
    "popup_too_long": QT_TRANSLATE_NOOP(
        "errors", "the popup is on screen for {seconds} s; a popup may stay at most 15 s: shorten it, or tag the "
                  "product twice"),
    "too_many_popups": QT_TRANSLATE_NOOP("errors", "the video has {count} popups; at most 10 are allowed"),
    "popups_overlap": QT_TRANSLATE_NOOP(
        "errors", "the popup overlaps popup {other} at {at}, and no more than {max_visible} may show at once: move "
                  "one of them"),
    "popup_cut_away": QT_TRANSLATE_NOOP(
        "errors", "the popup ({start}–{end}) lies wholly outside the trimmed video ({trim_start}–{trim_end}): "
                  "move it inside or delete it"),
    "popup_partly_cut": QT_TRANSLATE_NOOP(
        "errors", "the popup ({start}–{end}) reaches outside the trimmed video ({trim_start}–{trim_end})"),
    "popup_too_early": QT_TRANSLATE_NOOP(
        "errors", "the popup starts at {start}, in the video's first second, where no popup may show: start it at "
                  "{earliest} or later"),
    "popup_no_product": QT_TRANSLATE_NOOP("errors", "the popup has no product"),
    "product_withdrawn": QT_TRANSLATE_NOOP("errors", "product {sku} is no longer in the catalog"),
    "variant_withdrawn": QT_TRANSLATE_NOOP(
        "errors", "variant {variant_sku} of product {sku} is no longer in the catalog; show the whole product or "
                  "another variant"),
    "promo_expired": QT_TRANSLATE_NOOP("errors", "the promotion on product {sku} ended at {ends_at}"),
    "price_changed": QT_TRANSLATE_NOOP("errors", "product {sku} now costs {now} (tagged at {then})"),
    "popup_outside_safe_zone": QT_TRANSLATE_NOOP(
        "errors", "the popup lies over the feed's buttons and captions: drag it into the safe zone (S shows it)"),
    "product_cut_by_frame": QT_TRANSLATE_NOOP(
        "errors", "the product leaves the 9:16 picture at {at} while its popup shows: choose “Follow faces and "
                  "products”, or move the popup to where the product is in the picture"),
    "product_wider_than_window": QT_TRANSLATE_NOOP(
        "errors", "the product is wider than the 9:16 picture at {at}, so the follow window cuts part of it while "
                  "its popup shows: choose “Fit with blurred bars” to show it whole"),
    # fit_proposal's notes
    "proposal_clipped": QT_TRANSLATE_NOOP(
        "errors", "the proposal was clipped to {start}–{end} to stay in the trimmed video and out of its first "
                  "second"),
    "proposal_extended": QT_TRANSLATE_NOOP(
        "errors", "the proposal was extended to {start}–{end} (popups stay at least 2 s)"),
    "proposal_split": QT_TRANSLATE_NOOP(
        "errors", "the proposal was split into {count} popups (a popup stays at most 15 s)"),
    "proposal_shortened": QT_TRANSLATE_NOOP(
        "errors", "the proposal was shortened to {start}–{end} (a popup stays at most 15 s)"),
    "proposal_dropped": QT_TRANSLATE_NOOP(
        "errors", "no popup fits there: a popup needs 2 s of its own, inside the trimmed video and after its first "
                  "second, where no other popup shows. Shorten or move a neighbouring popup, or trim less"),
    "proposal_between_popups": QT_TRANSLATE_NOOP(
        "errors", "the proposal was clipped to {start}–{end} to stay clear of the other popups"),
    "proposal_moved": QT_TRANSLATE_NOOP(
        "errors", "the proposal was moved to {start}–{end}, the nearest time no other popup shows"),
    # map_to_output's notes
    "export_cut_away": QT_TRANSLATE_NOOP(
        "errors", "the popup ({start}–{end}) lies wholly in the part the export cuts away; it is left out"),
    "export_shortened": QT_TRANSLATE_NOOP(
        "errors", "the export cuts part of the popup away; {seconds} s remain ({out_start}–{out_end} of the "
                  "video)"),
    "export_too_short": QT_TRANSLATE_NOOP(
        "errors", "the export cuts part of the popup away; only {seconds} s would remain (less than 2 s), "
                  "so it is left out"),
}
RULES_SUMMARY = QT_TRANSLATE_NOOP(
    "errors", "A popup shows for 2 to 15 s, never in the video's first second, and never together with another.")
"""The timing rules in one sentence, for where a person places popups."""



def _with_times(values: dict[str, Any]) -> dict[str, Any]:
    """`values` plus each `*_ms` value as the timeline writes it under the name without `_ms` (the sentences say
    "0:13.000", as the time fields do; the ms stay for JSON)."""
    times = {key[:-3]: format_ms(value) for key, value in values.items() if key.endswith("_ms")}
    return {**values, **times}


def _problem(code: str, severity: Severity, popup_id: str | None, path: str,
             values: dict[str, Any]) -> PopupProblem:
    return PopupProblem(code, TEMPLATES[code], _with_times(values), severity, path, popup_id=popup_id)


def note(code: str, **values: Any) -> Problem:
    """What a fit or an export changed about a popup (a warning), by code from TEMPLATES."""
    return Problem(code, TEMPLATES[code], _with_times(values), "warning")


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g}"


def _money(cents: int | None, currency: str) -> str:
    if cents is None:
        return "-"
    return f"{currency} {cents // 100}.{cents % 100:02d}"


def _price_text(promo: int | None, price: int | None, high: int | None, currency: str) -> str:
    text = _money(price, currency) + (f"–{_money(high, currency)}" if high is not None else "")
    return f"{_money(promo, currency)} ({text})" if promo is not None else text


def _prices(snap: dict[str, Any], currency: str) -> tuple[Any, Any, Any, Any]:
    """(promo, price, highest price of a range, currency) as a snapshot (`product.snapshot`) holds them."""
    return (snap.get("promo_price_cents"), snap.get("price_cents"), snap.get("price_high_cents"),
            snap.get("currency", currency))


def _catalog_problems(popup: Popup, product: Product | None, soft: bool, now: datetime | None,
                      path: str) -> list[PopupProblem]:
    problems: list[PopupProblem] = []
    severity: Severity = "warning" if soft else "error"
    if product is None or product.withdrawn:
        return [_problem("product_withdrawn", severity, popup.id, path, {"sku": popup.sku})]
    if popup_product.variant_gone(product, popup.variant_sku):
        return [_problem("variant_withdrawn", severity, popup.id, path,
                         {"sku": popup.sku, "variant_sku": popup.variant_sku})]
    snap = popup.snapshot
    if snap:
        then = _prices(snap, product.currency)
        now_ = _prices(product_snapshot(product, "", variant_sku=popup.variant_sku, now=now), product.currency)
        if then != now_:
            problems.append(_problem("price_changed", "warning", popup.id, path, {
                "sku": popup.sku, "now": _price_text(*now_), "then": _price_text(*then)}))
    return problems


def _promo_problem(popup: Popup, now: datetime, soft: bool, path: str) -> PopupProblem | None:
    snap = popup.snapshot
    ends = snap.get("promo_ends_at")
    if snap.get("promo_price_cents") is None or not ends:
        return None
    try:
        expired = parse_rfc3339(ends) <= now
    except ValueError:
        expired = True
    if not expired:
        return None
    return _problem("promo_expired", "warning" if soft else "error", popup.id, path,
                   {"sku": popup.sku, "ends_at": ends})


def check_popups(
    popups: Sequence[Popup],
    *,
    duration_ms: int,
    trim: TrimRange | None,
    catalog_lookup: CatalogLookup | None = None,
    now: datetime | None = None,
    max_visible: int = 1,
    soft_catalog: bool = False,
    path_prefix: str = "popups",
    applet_known: popup_product.AppletKnown | None = None,
    framing: Framing | None = None,
) -> list[PopupProblem]:
    """Every rule over `popups`, in popup order, then the whole-video rules.

    With `framing` (how the source becomes the 9:16 output) a popup whose product the output cuts while it shows
    is a warning (`product_cut_note`, over where the finder saw it, `Popup.product_boxes`).
    A popup's applet target (`snapshot["applet"]`) is held to `popup_product`'s rules: its page path always,
    its AppID and page against the listing when the catalog has it (errors also offline: a card that opens
    another page than the merchant's is never a mere warning); `applet_known` sharpens what a wrong AppID is.
    Without `catalog_lookup` the catalog rules (listed, price, applet page, image, stock) are skipped, without `now`
    the promo rule. With `soft_catalog` (an offline verify, docs/cli.md) withdrawn products and expired promos are
    warnings.
    """
    kept = effective(trim, duration_ms)
    problems: list[PopupProblem] = []
    for index, popup in enumerate(popups):
        path = f"{path_prefix}[{index}]"

        def add(code: str, severity: Severity = "error", popup: Popup = popup, path: str = path,
                **values: Any) -> None:
            problems.append(_problem(code, severity, popup.id, path, values))

        start, end = popup.start_ms, popup.end_ms
        if end <= start:
            add("popup_empty", start_ms=start, end_ms=end)
        else:
            if end - start < MIN_MS:
                add("popup_too_short", seconds=_seconds(end - start))
            if end - start > MAX_MS:
                add("popup_too_long", seconds=_seconds(end - start))
            trim_values: dict[str, Any] = {"start_ms": start, "end_ms": end, "trim_start_ms": kept.start_ms,
                                          "trim_end_ms": kept.end_ms}
            if end <= kept.start_ms or start >= kept.end_ms:
                add("popup_cut_away", **trim_values)
            elif start < kept.start_ms or end > kept.end_ms:
                add("popup_partly_cut", **trim_values)
            if kept.start_ms <= start < kept.start_ms + LEAD_IN_MS:
                add("popup_too_early", offset_ms=start - kept.start_ms, start_ms=start,
                    earliest_ms=kept.start_ms + LEAD_IN_MS)
        if not safe_zones.in_safe_zone(popup.anchor_x, popup.anchor_y):
            add("popup_outside_safe_zone", x=f"{popup.anchor_x:.3f}", y=f"{popup.anchor_y:.3f}")
        if framing is not None:
            cut = product_cut_note([(b.t_ms, (b.x, b.y, b.w, b.h)) for b in popup.product_boxes], start, end,
                                   framing)
            if cut is not None:
                add(cut.code, "warning", **{k: v for k, v in cut.values.items() if k.endswith("_ms")})
        if not popup.sku:
            add("popup_no_product")
        else:
            product = catalog_lookup(popup.sku) if catalog_lookup is not None else None
            if catalog_lookup is not None:
                problems.extend(_catalog_problems(popup, product, soft_catalog, now, path))
            product = popup_product.judged_product(product, popup.variant_sku)
            target = popup_product.target_of(popup.snapshot)
            if target is not None:
                problems.extend(popup_product.check_target(target, popup.sku, product, popup_id=popup.id, where=path,
                                                           lookup=catalog_lookup, applet_known=applet_known))
            if catalog_lookup is not None and product is not None and not product.withdrawn:
                for found in (popup_product.image_problem(popup.sku, popup.snapshot, product, popup_id=popup.id,
                                                          where=path),
                              popup_product.stock_problem(popup.sku, popup.variant_sku, product, popup_id=popup.id,
                                                          where=path)):
                    if found is not None:
                        problems.append(found)
            if now is not None:
                promo = _promo_problem(popup, now, soft_catalog, path)
                if promo is not None:
                    problems.append(promo)
    problems.extend(_overlaps(popups, max_visible, path_prefix))
    if len(popups) > MAX_POPUPS:
        problems.append(_problem("too_many_popups", "error", None, path_prefix, {"count": len(popups)}))
    return problems


def _overlaps(popups: Sequence[Popup], max_visible: int, path_prefix: str) -> list[PopupProblem]:
    """A problem for each popup that starts while `max_visible` others are already showing."""
    order = sorted(((p.start_ms, p.end_ms, i) for i, p in enumerate(popups) if p.end_ms > p.start_ms))
    active: list[tuple[int, int]] = []  # (end, index)
    problems: list[PopupProblem] = []
    for start, end, index in order:
        active = [(e, i) for e, i in active if e > start]
        if len(active) >= max_visible:
            other = popups[min(active)[1]]
            problems.append(_problem("popups_overlap", "error", popups[index].id, f"{path_prefix}[{index}]",
                                    {"other": other.id, "at_ms": start, "max_visible": max_visible}))
        active.append((end, index))
    return problems


@dataclass(frozen=True)
class Fitted:
    """The popups a proposal became (possibly none) and what was changed to get there."""

    popups: list[Popup]
    notes: list[Problem]


def _free_gaps(lo: int, hi: int, avoid: Sequence[Popup]) -> list[tuple[int, int]]:
    """The parts of `[lo, hi)` that no popup in `avoid` covers and that have room for a `MIN_MS` popup."""
    gaps: list[tuple[int, int]] = []
    cursor = lo
    for start, end in sorted((p.start_ms, p.end_ms) for p in avoid if p.end_ms > p.start_ms):
        if start > cursor:
            gaps.append((cursor, min(start, hi)))
        cursor = max(cursor, end)
    gaps.append((cursor, hi))
    return [(a, b) for a, b in gaps if b - a >= MIN_MS]


def _pick_gap(gaps: list[tuple[int, int]], start: int, end: int) -> tuple[tuple[int, int], bool]:
    """The gap the window `[start, end)` overlaps most (or, for an empty window, holds its start), else the
    one it needs the shortest shift to reach (the later one on a tie); the flag says whether it overlaps."""
    def overlap(gap: tuple[int, int]) -> int:
        a, b = gap
        if start == end:
            return 1 if a <= start < b else 0
        return max(0, min(end, b) - max(start, a))

    best = max(gaps, key=overlap)
    if overlap(best) > 0:
        return best, True
    return min(gaps, key=lambda g: (g[0] - start if g[0] >= start else end - g[1], -g[0])), False


def fit_proposal(
    start_ms: int,
    end_ms: int,
    *,
    duration_ms: int,
    trim: TrimRange | None,
    sku: str = "",
    snapshot: dict[str, Any] | None = None,
    anchor: tuple[float, float] = (0.5, 0.6),
    split: bool = True,
    avoid: Sequence[Popup] = (),
) -> Fitted:
    """Turn a proposed window `[start_ms, end_ms)` into popups that pass the timing rules.

    The window is clipped to the trimmed range minus its first second, extended to 2 s (forward, then
    backward when the range ends), and split into equal parts of at most 15 s (or, with `split=False`,
    shortened to 15 s). With `avoid` (the popups already there) the window is also kept out of theirs: it is
    clipped to the free stretch it overlaps most, or, when it lies wholly under other popups, moved to the
    nearest free stretch with room for 2 s. Every change is a `note` (a warning `Problem`); a window with no
    room for 2 s gives no popup and a note.
    """
    kept = effective(trim, duration_ms)
    lo, hi = kept.start_ms + LEAD_IN_MS, kept.end_ms
    notes: list[Problem] = []
    wanted_end = max(end_ms, start_ms)
    gaps = _free_gaps(lo, hi, avoid)
    if hi - lo < MIN_MS or start_ms >= hi or min(wanted_end, hi) <= lo or not gaps:
        return Fitted([], [note("proposal_dropped")])
    (gap_lo, gap_hi), touches = _pick_gap(gaps, start_ms, wanted_end)
    if touches:
        start, end = max(start_ms, gap_lo), min(wanted_end, gap_hi)
        if (start, end) != (start_ms, end_ms):
            trim_only = (max(start_ms, lo), min(wanted_end, hi)) == (start, end)
            notes.append(note("proposal_clipped" if trim_only else "proposal_between_popups",
                              start_ms=start, end_ms=end))
    else:
        length = wanted_end - start_ms
        if gap_lo >= start_ms:
            start, end = gap_lo, min(gap_lo + length, gap_hi)
        else:
            start, end = max(gap_hi - length, gap_lo), gap_hi
        notes.append(note("proposal_moved", start_ms=start, end_ms=end))
    if end - start < MIN_MS:
        end = min(start + MIN_MS, gap_hi)
        start = min(start, end - MIN_MS)
        notes.append(note("proposal_extended", start_ms=start, end_ms=end))
    windows = [(start, end)]
    if end - start > MAX_MS:
        if split:
            count = -(-(end - start) // MAX_MS)
            bounds = [start + (end - start) * k // count for k in range(count + 1)]
            windows = list(itertools.pairwise(bounds))
            notes.append(note("proposal_split", count=count))
        else:
            windows = [(start, start + MAX_MS)]
            notes.append(note("proposal_shortened", start_ms=start, end_ms=start + MAX_MS))
    x, y = safe_zones.clamp_to_safe_zone(*anchor)
    popups = [Popup(sku=sku, start_ms=s, end_ms=e, anchor_x=x, anchor_y=y, snapshot=dict(snapshot or {}))
              for s, e in windows]
    return Fitted(popups, notes)


Fate = Literal["kept", "shortened", "left_out"]


@dataclass(frozen=True)
class Mapped:
    """One popup after an export: its fate, its OUTPUT range (None when left out) and a note unless kept whole."""

    popup: Popup
    fate: Fate
    output: tuple[int, int] | None
    note: Problem | None


def map_to_output(popups: Sequence[Popup], mapping: ExportMapping) -> list[Mapped]:
    """Map each popup from source time to the output of the export `mapping` describes.

    The time arithmetic is `ExportMapping.clip_range` (its actual range, so a copy export's keyframe snap is
    included). A popup wholly inside is kept as is; one partly cut away keeps its remaining part when at
    least `MIN_MS` remains, else it is left out; one wholly cut away is left out. Never moved, never
    dropped silently: every popup comes back, in order, and every change carries a note.
    """
    result: list[Mapped] = []
    for popup in popups:
        output = mapping.clip_range(popup.start_ms, popup.end_ms)
        if output is None:
            result.append(Mapped(popup, "left_out", None, note("export_cut_away",
                                                                start_ms=popup.start_ms, end_ms=popup.end_ms)))
            continue
        length = output[1] - output[0]
        if length == popup.end_ms - popup.start_ms:
            result.append(Mapped(popup, "kept", output, None))
        elif length >= MIN_MS:
            result.append(Mapped(popup, "shortened", output, note(
                "export_shortened", seconds=_seconds(length), out_start_ms=output[0], out_end_ms=output[1])))
        else:
            result.append(Mapped(popup, "left_out", None, note("export_too_short", seconds=_seconds(length))))
    return result


def visible_popups(popups: Sequence[Popup], t_ms: int) -> list[Popup]:
    """The popups on screen at `t_ms` (their ranges are `[start, end)`), in the given order (the later drawn on top).

    The player overlay passes the time of the frame it shows, the preview export the time of the frame it
    burns; both draw exactly this list.
    """
    return [popup for popup in popups if popup.start_ms <= t_ms < popup.end_ms]


def product_cut_note(boxes: Sequence[tuple[int, Box]], start_ms: int, end_ms: int, framing: Framing) -> Problem | None:
    """A note when the output frame (`framing`: the export's fit, and the window's path for follow) cuts the
    product seen at `(t_ms, box)` (source times, display pixels) while its popup shows over `[start_ms, end_ms)`;
    None when the product stays whole in the picture. The card points at its product: half of it out of the
    picture is a card pointing at nothing. The follow window holds a tagged product whole (`core.reframe`), so
    with follow only a product wider than the window is cut, whatever path is planned now."""
    inside = [(t, box) for t, box in sorted(boxes) if start_ms <= t < end_ms]
    if framing.fit == "follow":
        wide = next((t for t, box in inside if too_wide(box, framing.display_width, framing.display_height)), None)
        return None if wide is None else note("product_wider_than_window", at_ms=wide)
    cut = next((t for t, box in inside if framing.cuts(box, t)), None)
    return None if cut is None else note("product_cut_by_frame", at_ms=cut)

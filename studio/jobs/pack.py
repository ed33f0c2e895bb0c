"""`studio pack`: a project becomes one package file.

Holds `pack_project`: load the project, check every popup rule, export the trimmed video
(`jobs.export_project`), map the popups onto the output with the export's REAL kept range
(`popup_rules.map_to_output`; a copy export's keyframe snap moves the output's start), write the cover
(`jobs.cover.export_cover`), snapshot each shown popup's product image as a JPEG, build `manifest.json`
(resources/schema/manifest.schema.json) and write the zip atomically (`core.package.write_package`: media
stored, sha256 and size of every member). Also `PackResult` (the pinned `studio pack --json` shape) and the
notes the pack makes.
Must not hold: zip or manifest-schema code (`core.package`), rules (`core.popup_rules`), ffmpeg arguments
of the export (`media.export`), Qt widgets.

Decisions:
- The post's title, description and hashtags go through `core.post_text`; a broken rule there refuses the
  pack too (the platform would refuse the post).
- Popups partly or wholly cut away by the trim are not errors here (they are in the editor, which checks
  against the requested trim): the mapping keeps what is left when it is at least 2 s, else leaves the
  popup out, and either way the result carries a note. Every other broken rule refuses the pack before
  anything is exported (ValidationError listing them all, exit 1); warnings (a price changed since
  tagging) become notes.
- The first second of the output holds no popup (`LEAD_IN_MS`). A popup that the trim cuts at its head
  would start at output 0, so it is shortened to start at 1 s, or left out when less than 2 s remain,
  with the same notes as the mapping's. The popups as written are checked once more with the very call
  `verify` makes (output timeline, no trim), and the manifest with the schema checker; the written file is
  verified once (that pass also gives its sha256) and removed if it is not valid, so `pack` never leaves a
  package that `verify` calls invalid.
- Product images: the tag-time snapshot's image (else the catalog product's). A local file is re-encoded
  by ffmpeg in a child process (merchants' images are untrusted; EXIF orientation applied, at most
  1080x1080, JPEG without EXIF); the demo catalog's `demo:<shape>` pictures are painted by the demo
  scenes' painter. A URL or a missing or unreadable file is left out (`image: null`) with a note: packing
  works offline and never downloads.
- `creator` is whoever the caller names (the platform issue supplies the logged-in person); without one
  it is empty, which the schema allows.
- Temporary files live in a hidden folder next to the output (same disk, so nothing is copied twice);
  cancel or failure removes it, and the package itself is written atomically.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio import __version__
from studio.core import paths
from studio.core.applet_link import check_app_id, check_path_template, render_path
from studio.core.cancel import CancelToken, Progress, check
from studio.core.catalog import FILE_NAME, Catalog
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, MachineError, ValidationError
from studio.core.listing import format_rfc3339
from studio.core.package import (
    FORMAT,
    SCHEMA_VERSION,
    check_manifest,
    manifest_popups,
    verify_package,
    write_package,
)
from studio.core.platform_profile import Fit
from studio.core.popup_product import CatalogView, image_problem
from studio.core.popup_rules import (
    LEAD_IN_MS,
    MIN_MS,
    Mapped,
    check_popups,
    map_to_output,
    note,
)
from studio.core.post_text import check_post_text
from studio.core.problems import PopupProblem, Severity
from studio.core.product import Product, snapshot
from studio.core.project import CoverChoice, Popup, Project
from studio.core.project_file import load_project
from studio.core.reframe import Framing
from studio.jobs.cover import export_cover
from studio.jobs.export_project import export_project
from studio.jobs.project_source import project_source
from studio.media.export import DEFAULT_PRESET, MODES, ExportResult, Mode
from studio.media.frames import FrameServer
from studio.media.image_info import check_decodable
from studio.media.probe import probe
from studio.media.runner import run_ffmpeg
from studio.platform.image_cache import local_image

VIDEO_MEMBER = "video.mp4"
COVER_MEMBER = "cover.jpg"
IMAGE_FOLDER = "images"
IMAGE_MAX_PX = 1080
DEMO_SCHEME = "demo:"
DEMO_SHAPES = ("bottle", "bag", "cup", "shoe")
"""The pictures `render.demo_scenes.product_picture` paints (the demo catalog's `demo:<shape>` images)."""
DEMO_IMAGE_PX = 600
MAX_VISIBLE = 1
"""Popups shown at once; the project has no field for another maximum yet."""
TRIM_CODES = frozenset({"popup_cut_away", "popup_partly_cut"})
"""Rule codes the pack turns into notes: the mapping decides what happens to those popups."""

CatalogLookup = Callable[[str], Product | None]

TEMPLATES: dict[str, str] = {
    "pack_rules": QT_TRANSLATE_NOOP(
        "errors", "the project breaks {count} rule(s), so it was not packed: {problems}"),
    "popup_no_applet": QT_TRANSLATE_NOOP(
        "errors", "product {sku} has no valid store applet link (an AppID like wx0123456789abcdef and a page "
                  "path), neither in its popup nor in the catalog or the project"),
    "popup_no_snapshot": QT_TRANSLATE_NOOP(
        "errors", "the popup has no product facts (title and price) for {sku}, and the catalog has none"),
    "image_not_file": QT_TRANSLATE_NOOP(
        "errors", "the image of product {sku} ({image}) is not a file on this computer; its popup is packed "
                  "without one"),
    "image_missing": QT_TRANSLATE_NOOP(
        "errors", "the image of product {sku} was not found at {image}; its popup is packed without one"),
    "image_unreadable": QT_TRANSLATE_NOOP(
        "errors", "the image of product {sku} ({image}) could not be read ({detail}); its popup is packed "
                  "without one"),
    "no_catalog": QT_TRANSLATE_NOOP(
        "errors", "there is no local catalog, so the products were not checked against their current listings"),
    "bad_mode": QT_TRANSLATE_NOOP("errors", "unknown export mode {mode} (copy, accurate or smart)"),
    "no_folder": QT_TRANSLATE_NOOP("errors", "the output folder does not exist"),
    "output_is_folder": QT_TRANSLATE_NOOP("errors", "the output is a folder, not a file name"),
    "same_file": QT_TRANSLATE_NOOP("errors", "the package would overwrite the project or its video"),
    "disk_full": QT_TRANSLATE_NOOP(
        "errors", "not enough free space in this folder: the package needs about {need} MB and {free} MB are free"),
}
"""The pack's own sentences, by code (the rules' are in `popup_rules.TEMPLATES`)."""


@dataclass(frozen=True)
class PackNote(PopupProblem):
    """Something the person should know about the package: a popup shortened or left out, an image missing.

    A `core.problems.PopupProblem` that is a warning unless it says otherwise."""

    severity: Severity = "warning"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "popup_id": self.popup_id, "severity": self.severity}

    @classmethod
    def of(cls, code: str, popup_id: str | None = None, **values: Any) -> PackNote:
        return cls(code, TEMPLATES[code], values, popup_id=popup_id)

    @classmethod
    def from_problem(cls, problem: PopupProblem) -> PackNote:
        return cls(problem.code, problem.template, problem.values, problem.severity, problem.path,
                   popup_id=problem.popup_id)


@dataclass(frozen=True)
class PackedPopup:
    """One project popup after the pack: kept, shortened or left out, with its output range when shown."""

    id: str
    sku: str
    status: str
    """`kept`, `shortened` or `left_out` (`popup_rules.Fate`)."""
    source_start_ms: int
    source_end_ms: int
    start_ms: int | None
    """Output time; None when left out."""
    end_ms: int | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "sku": self.sku, "start_ms": self.start_ms, "end_ms": self.end_ms,
                "status": self.status, "source_start_ms": self.source_start_ms, "source_end_ms": self.source_end_ms}


@dataclass(frozen=True)
class PackResult:
    """What `pack_project` wrote (`studio pack --json`: output, sha256, bytes, popups, notes)."""

    output: str
    sha256: str
    bytes: int
    manifest: dict[str, Any] = field(repr=False)
    popups: list[PackedPopup]
    notes: list[PackNote]
    export: ExportResult = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"output": self.output, "sha256": self.sha256, "bytes": self.bytes,
                "popups": [p.to_json() for p in self.popups], "notes": [n.to_json() for n in self.notes],
                "mode": self.export.mode, "video_duration_ms": self.manifest["video"]["duration_ms"]}


# -- the stages' share of the progress bar ------------------------------------------------------------------


class _Progress:
    """Maps each stage's own `(done, total)` onto one bar of `SCALE` steps."""

    SCALE = 1000

    def __init__(self, progress: Progress | None, shares: Mapping[str, int]) -> None:
        self.progress = progress
        self.starts: dict[str, tuple[int, int]] = {}
        at = 0
        for name, share in shares.items():
            self.starts[name] = (at, share)
            at += share
        self.done = 0

    def stage(self, name: str) -> Progress:
        start, share = self.starts[name]

        def report(done: int, total: int) -> None:
            if self.progress is None:
                return
            part = share * min(done, total) // total if total > 0 else 0
            self.done = max(self.done, start + part)
            self.progress(self.done, self.SCALE)

        return report

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.SCALE, self.SCALE)


# -- the job ------------------------------------------------------------------------------------------------


def pack_project(
    project_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    mode: Mode = "smart",
    fit: Fit | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    now: datetime | None = None,
    catalog_lookup: CatalogLookup | None = None,
    creator: Mapping[str, str] | None = None,
    preset: str = DEFAULT_PRESET,
) -> PackResult:
    """Pack the project file at `project_path` into the package `out_path` (see the module's docstring).

    `mode` and `fit` go to the export (`fit` None: the project's own choice); `now` is the pack time (promo
    check, `created_at`); `catalog_lookup`
    defaults to the local catalog; `creator` is `{id, name}`; `preset` is the x264 preset of what the export
    re-encodes. Raises InputError (project or video unusable, bad output), ValidationError (broken rules),
    MachineError (disk full, ffmpeg failed) or Cancelled; on any of them nothing is left behind.
    """
    if mode not in MODES:
        raise InputError(TEMPLATES["bad_mode"], project_path, code="usage", mode=mode)
    now = now or datetime.now(UTC)
    project_path = Path(project_path)
    out = _output_path(out_path)
    project = load_project(project_path)
    source = project_source(project, project_path)
    if out.exists() and any(out.samefile(p) for p in (source, project_path)):
        raise InputError(TEMPLATES["same_file"], out, code="same_file")
    info = probe(source, cancel=cancel)
    notes: list[PackNote] = []
    with _catalog(catalog_lookup, notes) as catalog:
        lookup = catalog.lookup
        framing = Framing(info.display_width, info.display_height, fit or project.fit or "pad")
        _check_project(project, project_path, framing, info.duration_ms, catalog, now, notes)
        products = {p.sku: lookup(p.sku) if lookup else None for p in project.popups}
        have_catalog = lookup is not None
    bar = _Progress(progress, {"export": 880 if mode != "copy" else 500, "cover": 20,
                               "write": 100 if mode != "copy" else 480})
    check(cancel, str(project_path))
    with _scratch(out) as tmp:
        video = tmp / VIDEO_MEMBER
        exported = export_project(project, project_path, video, mode=mode, fit=fit, source_info=info,
                                  progress=bar.stage("export"), cancel=cancel, preset=preset)
        mapped = [_after_lead_in(m) for m in map_to_output(project.popups, exported.mapping)]
        for item in mapped:
            if item.note is not None:
                notes.append(PackNote(item.note.code, item.note.template, item.note.values, popup_id=item.popup.id))
        check(cancel, str(project_path))
        cover_file = tmp / COVER_MEMBER
        with FrameServer(info, use_proxy=False, cache_bytes=0) as frames:
            cover = export_cover(project, Path(info.path), cover_file, progress=bar.stage("cover"), cancel=cancel,
                                 frames=frames)
        notes += [PackNote(p.code, p.template, p.values, p.severity) for p in cover.problems]
        members: dict[str, bytes | os.PathLike[str]] = {VIDEO_MEMBER: video, COVER_MEMBER: cover_file}
        images = _product_images(mapped, products, project_path, tmp, members, notes, cancel)
        manifest = _manifest(project, exported, mapped, products, images, now, creator)
        _check_output(manifest, project_path, products.get if have_catalog else None, now)
        _check_space(out.parent, members)
        written = write_package(out, manifest, members, progress=bar.stage("write"), cancel=cancel)
    report = verify_package(out, now=now)  # its one pass gives the sha256 and proves the file as written
    errors = [f for f in report.problems if f.severity == "error"]
    if errors:
        out.unlink(missing_ok=True)
        raise _rules_error(project_path, [PackNote(f.code, f.template, f.values, "error", f.path)
                                          for f in errors])
    sha256 = report.sha256
    bar.finish()
    popups = [PackedPopup(m.popup.id, m.popup.sku, m.fate, m.popup.start_ms, m.popup.end_ms,
                          m.output[0] if m.output else None, m.output[1] if m.output else None) for m in mapped]
    return PackResult(str(out), sha256, out.stat().st_size, written, popups, notes, exported)


def _output_path(out_path: str | os.PathLike[str]) -> Path:
    out = Path(os.fspath(out_path)).expanduser().absolute()
    if not out.parent.is_dir():
        raise InputError(TEMPLATES["no_folder"], out.parent, code="missing_folder")
    if out.is_dir():
        raise InputError(TEMPLATES["output_is_folder"], out, code="is_directory")
    return out


@contextmanager
def _scratch(out: Path) -> Iterator[Path]:
    """A hidden temporary folder beside the output, removed whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".packing", dir=out.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _catalog(lookup: CatalogLookup | None, notes: list[PackNote]) -> Iterator[CatalogView]:
    if lookup is not None:
        yield CatalogView(lookup)
        return
    file = paths.data_dir() / FILE_NAME
    if not file.is_file():
        notes.append(PackNote.of("no_catalog"))
        yield CatalogView()
        return
    with Catalog.open(file) as catalog:
        yield CatalogView(catalog.get, catalog.applet_known)


def _rules_error(project_path: Path, problems: list[PackNote]) -> ValidationError:
    """One ValidationError for every broken rule; `.problems` keeps them (code, popup, path) for the UI."""
    error = ValidationError(TEMPLATES["pack_rules"], project_path, code="pack_rules", count=len(problems),
                            problems="; ".join((f"{p.path}: " if p.path else "") + p.message for p in problems))
    error.problems = problems
    return error


def _check_project(project: Project, project_path: Path, framing: Framing, duration_ms: int, catalog: CatalogView,
                   now: datetime, notes: list[PackNote]) -> None:
    """Every popup rule on the source timeline (trim codes excepted), what the manifest needs of each popup
    (product facts, a valid applet target) and the post text rules (`core.post_text`, as the platform checks).
    A product without an image is noted when its image is snapshotted (`_product_images`), once."""
    lookup = catalog.lookup
    problems = check_popups(project.popups, duration_ms=duration_ms, trim=project.trim, catalog_lookup=lookup,
                            now=now, max_visible=MAX_VISIBLE, applet_known=catalog.applet_known, framing=framing)
    errors = [PackNote.from_problem(p) for p in problems if p.severity == "error" and p.code not in TRIM_CODES]
    for index, popup in enumerate(project.popups):
        product = lookup(popup.sku) if lookup and popup.sku else None
        if not popup.sku:
            continue  # popup_no_product says it
        where = f"popups[{index}]"
        if _snapshot(popup, product) is None:
            errors.append(PackNote("popup_no_snapshot", TEMPLATES["popup_no_snapshot"], {"sku": popup.sku},
                                   "error", where, popup_id=popup.id))
        if _applet(popup, product, project) is None:
            errors.append(PackNote("popup_no_applet", TEMPLATES["popup_no_applet"], {"sku": popup.sku}, "error",
                                   where, popup_id=popup.id))
    post = check_post_text(project.post)
    errors += [PackNote(p.code, p.template, p.values, p.severity, p.path) for p in post if p.severity == "error"]
    if errors:
        raise _rules_error(project_path, errors)
    notes += [PackNote.from_problem(p) for p in problems if p.severity == "warning" and p.code != "image_none"]
    notes += [PackNote(p.code, p.template, p.values, p.severity, p.path) for p in post if p.severity != "error"]


def _after_lead_in(item: Mapped) -> Mapped:
    """`item` with no part in the output's first second: shortened to start there, or left out."""
    if item.output is None or item.output[0] >= LEAD_IN_MS:
        return item
    start, end = LEAD_IN_MS, item.output[1]
    seconds = f"{max(end - start, 0) / 1000:g}"
    if end - start >= MIN_MS:
        return Mapped(item.popup, "shortened", (start, end), note(
            "export_shortened", seconds=seconds, out_start_ms=start, out_end_ms=end))
    return Mapped(item.popup, "left_out", None, note("export_too_short", seconds=seconds))


def _snapshot(popup: Popup, product: Product | None) -> dict[str, Any] | None:
    snap = popup.snapshot if popup.snapshot.get("title") else (
        snapshot(product, product.rendered_page(popup.variant_sku), variant_sku=popup.variant_sku)
        if product else {})
    if not isinstance(snap.get("title"), str) or not isinstance(snap.get("price_cents"), int):
        return None
    return snap


def _applet(popup: Popup, product: Product | None, project: Project) -> dict[str, str] | None:
    """The popup's applet target that passes the applet-link rules (`core.applet_link`): the tag-time
    snapshot's, else the product's (or its variant's) page, else the project's linked applet with its path
    template filled in."""
    candidates = []
    snap_applet = popup.snapshot.get("applet")
    if isinstance(snap_applet, dict):
        candidates.append({k: str(snap_applet.get(k) or "") for k in ("app_id", "name", "path")})
    if product is not None:
        candidates.append({"app_id": product.applet_app_id, "name": product.applet_name,
                           "path": product.rendered_page(popup.variant_sku)})
    if project.applet is not None and project.applet.path_template:
        candidates.append({"app_id": project.applet.app_id, "name": project.applet.name,
                           "path": render_path(project.applet.path_template, product_id=popup.sku,
                                               sku=popup.variant_sku or popup.sku)})
    for applet in candidates:
        if not check_app_id(applet["app_id"]) and not check_path_template(applet["path"], placeholders=False):
            return applet
    return None


# -- product images -------------------------------------------------------------------------------------------


def _safe_name(sku: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", sku).strip("._")[:80] or "product"


def _product_images(mapped: list[Mapped], products: Mapping[str, Product | None], project_path: Path, tmp: Path,
                    members: dict[str, bytes | os.PathLike[str]], notes: list[PackNote],
                    cancel: CancelToken | None) -> dict[str, str | None]:
    """Member name (or None) of each shown popup's product image, by SKU; adds the files to `members`."""
    images: dict[str, str | None] = {}
    for item in mapped:
        sku = item.popup.sku
        if item.output is None or sku in images:
            continue
        check(cancel, str(project_path))
        product = products.get(sku)
        snap = _snapshot(item.popup, product) or {}
        source = str(snap.get("image") or (product.image if product else "") or "")
        name = f"{IMAGE_FOLDER}/{len(images) + 1:02d}-{_safe_name(sku)}.jpg"
        file = tmp / f"image-{len(images) + 1:02d}.jpg"
        missing = image_problem(sku, snap, product, popup_id=item.popup.id)  # the editor's and reviewer's rule
        note = PackNote.from_problem(missing) if missing is not None else \
            _snapshot_image(source, project_path, file, sku, cancel)
        if note is None:
            members[name] = file
            images[sku] = name
        else:
            notes.append(PackNote(note.code, note.template, note.values, popup_id=item.popup.id))
            images[sku] = None
    return images


def _snapshot_image(source: str, project_path: Path, out: Path, sku: str,
                    cancel: CancelToken | None) -> PackNote | None:
    """Re-encode the image file `source` to the JPEG `out`; a note saying why not when it cannot be."""
    source = local_image(source)  # a platform URL: its offline copy, when the image cache holds one
    if source.startswith(DEMO_SCHEME):
        return _demo_image(source, out, sku)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", source) and not re.match(r"^[A-Za-z]:[\\/]", source):
        return PackNote.of("image_not_file", sku=sku, image=source)
    path = Path(source).expanduser()
    if not path.is_absolute():
        path = project_path.resolve().parent / path
    if not path.is_file():
        return PackNote.of("image_missing", sku=sku, image=source)
    try:
        check_decodable(path)
    except InputError as exc:
        return PackNote.of("image_unreadable", sku=sku, image=source, detail=exc.message)
    scale = (f"scale='min({IMAGE_MAX_PX},iw)':'min({IMAGE_MAX_PX},ih)':force_original_aspect_ratio=decrease"
             ":force_divisible_by=2,format=yuvj420p")
    try:
        run_ffmpeg(["-i", str(path.absolute()), "-frames:v", "1", "-vf", scale, "-map_metadata", "-1",
                    "-c:v", "mjpeg", "-q:v", "3", "-f", "image2", "-update", "1", str(out)],
                   what=path, timeout=60, cancel=cancel, outputs=[out])
    except MachineError as exc:
        if exc.code != "tool_failed":
            raise
        return PackNote.of("image_unreadable", sku=sku, image=source, detail=exc.values.get("detail", ""))
    return None


def _demo_image(source: str, out: Path, sku: str) -> PackNote | None:
    """The demo catalog's `demo:<shape>` pictures, painted by the demo scenes' painter."""
    from studio.render.demo_scenes import product_picture
    from studio.render.gui import ensure_gui_app

    shape = source.removeprefix(DEMO_SCHEME)
    if shape not in DEMO_SHAPES:
        return PackNote.of("image_not_file", sku=sku, image=source)
    ensure_gui_app()
    # PySide6's stub types the format as bytes, but save() accepts only str at run time
    if not product_picture(shape, DEMO_IMAGE_PX).save(str(out), "JPG", 90):  # type: ignore[call-overload]
        return PackNote.of("image_unreadable", sku=sku, image=source, detail="Qt could not write a JPEG")
    return None


# -- the manifest ---------------------------------------------------------------------------------------------


def _cover_entry(cover: CoverChoice | None) -> dict[str, Any]:
    """The manifest's cover: its member, title, aspect and where the title lies on it (normalised), so the
    reviewer can tell whether a card covers the title."""
    entry: dict[str, Any] = {"path": COVER_MEMBER, "title": cover.title if cover else ""}
    if cover is not None:
        entry["aspect"] = cover.aspect
        if cover.title.strip():
            from studio.render.cover_title import TitleStyle, title_box
            from studio.render.gui import ensure_gui_app

            ensure_gui_app()
            box = title_box(cover.title, TitleStyle.from_dict(cover.title_style), cover.aspect)
            if box is not None:
                entry["title_box"] = [round(min(max(v, 0.0), 1.0), 4) for v in box]
    return entry


def _manifest(project: Project, exported: ExportResult, mapped: list[Mapped],
              products: Mapping[str, Product | None], images: Mapping[str, str | None], now: datetime,
              creator: Mapping[str, str] | None) -> dict[str, Any]:
    popups = []
    for item in mapped:
        if item.output is None:
            continue
        popup = item.popup
        product = products.get(popup.sku)
        snap = _snapshot(popup, product)
        applet = _applet(popup, product, project)
        assert snap is not None and applet is not None  # _check_project refused the pack otherwise
        popups.append({
            "id": popup.id, "sku": popup.sku, "start_ms": item.output[0], "end_ms": item.output[1],
            "anchor": {"x": popup.anchor_x, "y": popup.anchor_y}, "style": popup.style, "label": popup.label,
            "snapshot": {"title": snap["title"], "price_cents": snap["price_cents"],
                         "promo_price_cents": snap.get("promo_price_cents"),
                         "promo_ends_at": snap.get("promo_ends_at") or None,
                         "price_high_cents": snap.get("price_high_cents"), "variant": _variant(popup, snap),
                         "currency": snap.get("currency") or "CNY", "image": images.get(popup.sku)},
            "applet": applet,
        })
    out = exported.output_info
    cover = project.cover
    return {
        "format": FORMAT, "schema_version": SCHEMA_VERSION, "app_version": __version__,
        "created_at": format_rfc3339(now),
        "creator": {"id": str((creator or {}).get("id", "")), "name": str((creator or {}).get("name", ""))},
        "video": {"path": VIDEO_MEMBER, "duration_ms": exported.duration_ms, "width": out.display_width,
                  "height": out.display_height},
        "cover": _cover_entry(cover),
        "post": {"title": project.post.title, "description": project.post.description,
                 "hashtags": list(project.post.hashtags)},
        "max_visible": MAX_VISIBLE,
        "popups": popups,
    }


def _variant(popup: Popup, snap: Mapping[str, Any]) -> dict[str, str] | None:
    """The variant the popup shows as the manifest names it ({sku, label}), None for the whole product."""
    if not popup.variant_sku:
        return None
    variant = snap.get("variant")
    label = variant.get("label") if isinstance(variant, dict) else None
    return {"sku": popup.variant_sku, "label": str(label or popup.variant_sku)}


def _check_output(manifest: dict[str, Any], project_path: Path, lookup: CatalogLookup | None,
                  now: datetime) -> None:
    """What `verify` will check of the manifest (schema, the rules on the output timeline), before writing."""
    schema = check_manifest({**manifest, "members": []})
    if schema:
        raise _rules_error(project_path, [PackNote(f.code, f.template, f.values, "error", f.path)
                                          for f in schema])
    problems = [PackNote.from_problem(p)
                for p in check_popups(manifest_popups(manifest), duration_ms=manifest["video"]["duration_ms"],
                                      trim=None, catalog_lookup=lookup, now=now, max_visible=manifest["max_visible"],
                                      path_prefix="manifest.json#/popups")
                if p.severity == "error"]
    if problems:
        raise _rules_error(project_path, problems)


def _check_space(folder: Path, members: Mapping[str, bytes | os.PathLike[str]]) -> None:
    need = sum(len(m) if isinstance(m, bytes) else os.path.getsize(m) for m in members.values()) + (1 << 20)
    free = shutil.disk_usage(folder).free
    if free < need:
        raise MachineError(TEMPLATES["disk_full"], folder, code="disk_full", need=-(-need // 1_000_000),
                           free=free // 1_000_000)


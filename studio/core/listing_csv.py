"""CSV files of listings: the one CSV reader of the project, the shop import and the export.

Holds: `read_csv` (bytes to header and records with their physical line numbers: UTF-8, UTF-8 with BOM,
UTF-16 with BOM (Excel's "Unicode text"), GB18030/GBK; comma or tab; a stray quote costs its own line
only, never the rows after it; blank lines and Excel's all-empty ",,,," lines are skipped), the column
mapping (`FIELDS`, `auto_mapping` from the names shops use), `plan_import` (each record checked by
`merchant_listing`'s rules into good listings and a per-row report {line, column, code, message}, header =
line 1) and `write_csv` (the export, which `plan_import` reads back unchanged). The creators' catalog
(`catalog.import_csv`) reads its files through `read_csv` too.
Must not hold: storage (the store commits a plan's good rows in one transaction), image decoding (facts
come in through the `measure` callable), Qt.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.core.atomic_file import atomic_writer
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, ValidationError
from studio.core.listing_fields import FIELDS, Readers, read_fields
from studio.core.merchant_listing import ImageFacts, MerchantListing, check_image, format_price, is_url, problem
from studio.core.problems import Problem

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet: the export writes it after a `'` (OWASP's
CSV injection advice) and the import takes that `'` off again, so a file survives the round trip unchanged."""
REQUIRED = ("sku", "title", "price")
ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "商家编码", "商品编码", "货号", "sku编码", "规格编码", "outer_id", "商家sku编码"),
    "title": ("title", "商品名称", "商品标题", "标题", "名称", "name", "product name"),
    "price": ("price", "价格", "售价", "销售价", "一口价", "商品价格", "原价"),
    "promo_price": ("promo_price", "促销价", "活动价", "优惠价", "折扣价", "promo price"),
    "promo_ends_at": ("promo_ends_at", "促销结束时间", "活动结束时间", "优惠结束时间", "promo ends"),
    "currency": ("currency", "币种", "货币"),
    "image": ("image", "图片", "主图", "商品主图", "图片路径", "image path"),
    "applet_path": ("applet_path", "小程序路径", "页面路径", "applet path"),
    "status": ("status", "状态", "商品状态", "上下架状态"),
}
"""Column names shops' exports use for each field (compared case-insensitively, spaces trimmed)."""
MAX_RECORD_LINES = 20
"""A quoted cell may run over this many lines at most; an open quote that does not close by then is stray."""

TEMPLATES: dict[str, str] = {
    "unreadable": QT_TRANSLATE_NOOP("errors", "cannot read the file: {reason}"),
    "bad_encoding": QT_TRANSLATE_NOOP("errors", "the file is neither UTF-8, UTF-16 nor GB18030/GBK text"),
    "empty_file": QT_TRANSLATE_NOOP("errors", "the file has no header line"),
    "column_missing": QT_TRANSLATE_NOOP(
        "errors", "line 1: no column for {field}; map one of the columns ({columns}) to it"),
    "column_unknown": QT_TRANSLATE_NOOP("errors", "the mapping names column \u201c{column}\u201d, which the file "
                                                  "does not have"),
    "stray_quote": QT_TRANSLATE_NOOP(
        "errors", "a quote opens a cell here and never closes; the line was skipped"),
    "extra_cells": QT_TRANSLATE_NOOP("errors", "the line has {count} cells; the header has {limit}"),
    "too_many_columns": QT_TRANSLATE_NOOP("errors", "line 1 has {count} columns; a listings file has at most "
                                                    "{limit}"),
}
MAX_COLUMNS = 1000
"""A shop's export has a few dozen columns; a header far wider is not a listings file (and naming its columns
in an error would make a message of megabytes)."""


@dataclass(frozen=True)
class Record:
    line: int
    """The physical line the record starts on (the header is line 1)."""
    cells: list[str]


@dataclass(frozen=True)
class RowIssue:
    """One problem of one row: the report's {line, column, code, message} (column 1-based; 0: the whole line)."""

    line: int
    column: int
    code: str
    template: str
    values: Mapping[str, Any] = field(default_factory=dict)
    column_name: str = ""

    @property
    def message(self) -> str:
        try:
            return self.template.format(**self.values)
        except (KeyError, IndexError, ValueError):
            return self.template

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "code": self.code, "message": self.message,
                "column_name": self.column_name}


@dataclass
class CsvTable:
    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    records: list[Record]
    issues: list[RowIssue]
    """Lines that are no record: a stray quote, more cells than the header."""
    blank_lines: list[int]


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(TEMPLATES["bad_encoding"], path, code="bad_encoding")


def _split_line(line: str, delimiter: str) -> list[str] | None:
    """The cells of one physical line or joined lines; None when the quoting is broken."""
    if '"' not in line:
        return line.split(delimiter)
    try:
        rows = list(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def read_csv(path: str | Path, data: bytes | None = None) -> CsvTable:
    """Read a CSV/TSV file: the encoding and separator are found, records keep their first line number."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(TEMPLATES["unreadable"], path, code="unreadable",
                             reason=exc.strerror or str(exc)) from None
    text, encoding = _decode(path, data)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if not lines or not lines[0].strip():
        raise ValidationError(TEMPLATES["empty_file"], path, code="empty_file")
    first = lines[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    header_cells = _split_line(first, delimiter)
    if header_cells is None:
        raise ValidationError(TEMPLATES["stray_quote"], path, code="stray_quote")
    if len(header_cells) > MAX_COLUMNS:
        raise ValidationError(TEMPLATES["too_many_columns"], path, code="too_many_columns",
                              count=len(header_cells), limit=MAX_COLUMNS)
    header = [h.strip() for h in header_cells]
    width = len(header)
    records: list[Record] = []
    issues: list[RowIssue] = []
    blanks: list[int] = []
    index, count = 1, len(lines)
    while index < count:
        line = lines[index]
        number = index + 1
        cells = _split_line(line, delimiter)
        used = 1
        if cells is None:
            for extra in range(1, MAX_RECORD_LINES):
                if index + extra >= count:
                    break
                alone = _split_line(lines[index + extra], delimiter)
                if alone is not None and len(alone) == width:
                    break  # the next line is a record of its own: the quote is stray, not a multi-line cell
                joined = _split_line("\n".join(lines[index:index + extra + 1]), delimiter)
                if joined is not None and len(joined) == width:
                    cells, used = joined, extra + 1
                    break
        index += used
        if cells is None:
            column = line[:line.index('"')].count(delimiter) + 1
            issues.append(RowIssue(number, column, "stray_quote", TEMPLATES["stray_quote"],
                                   column_name=header[column - 1] if column <= width else ""))
            continue
        if not "".join(cells).strip():
            blanks.append(number)
            continue
        if len(cells) > width:
            if any(c.strip() for c in cells[width:]):
                issues.append(RowIssue(number, width + 1, "extra_cells", TEMPLATES["extra_cells"],
                                       {"count": len(cells), "limit": width}))
                continue
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        records.append(Record(number, cells))
    return CsvTable(path, encoding, delimiter, header, records, issues, blanks)


# -- the shop import ------------------------------------------------------------------------------------------

def auto_mapping(header: Iterable[str]) -> dict[str, str]:
    """field -> column for every field whose column the header names in a way shops do."""
    by_name = {name.strip().casefold(): name for name in header}
    found: dict[str, str] = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias.casefold() in by_name:
                found[name] = by_name[alias.casefold()]
                break
    return found


def _column_list(header: list[str], most: int = 30) -> str:
    names = ", ".join(name[:40] for name in header[:most])
    return names + (f", … ({len(header) - most} more)" if len(header) > most else "")


def resolve_mapping(table: CsvTable, mapping: Mapping[str, str] | None) -> dict[str, int]:
    """field -> 0-based column index: the given mapping over the automatic one; raises for a required gap."""
    chosen = auto_mapping(table.header)
    for name, column in (mapping or {}).items():
        if name not in FIELDS:
            continue
        if not column:
            chosen.pop(name, None)
            continue
        if column not in table.header:
            raise ValidationError(TEMPLATES["column_unknown"], table.path, code="column_unknown", column=column)
        chosen[name] = column
    for name in REQUIRED:
        if name not in chosen:
            raise ValidationError(TEMPLATES["column_missing"], table.path, code="column_missing", field=name,
                                  columns=_column_list(table.header))
    return {name: table.header.index(column) for name, column in chosen.items()}


@dataclass
class ImportPlan:
    """What an import would do: the good listings with their lines, and the report of failed rows."""

    rows: int
    good: list[tuple[int, MerchantListing]]
    issues: list[RowIssue]
    blank_lines: list[int]
    mapping: dict[str, str]
    encoding: str
    delimiter: str

    @property
    def failed_lines(self) -> list[int]:
        return sorted({issue.line for issue in self.issues})

    def to_json(self, imported: int) -> dict[str, Any]:
        """docs/cli.md's pinned {rows, imported, failed} and more."""
        return {"rows": self.rows, "imported": imported, "failed": [i.to_json() for i in self.issues],
                "valid": len(self.good), "failed_rows": len(self.failed_lines), "blank_lines": self.blank_lines,
                "mapping": self.mapping, "encoding": self.encoding,
                "separator": "tab" if self.delimiter == "\t" else "comma"}


ImageMeasure = Callable[[Path], "ImageFacts | None"]


def plan_import(table: CsvTable, mapping: Mapping[str, str] | None, measure: ImageMeasure,
                now: str = "") -> ImportPlan:
    """Check every record; `measure` gives an image file's facts (studio.media.image_info.measure_image)."""
    columns = resolve_mapping(table, mapping)
    folder = table.path.parent
    image_cache: dict[Path, ImageFacts | None] = {}
    issues = list(table.issues)
    good: list[tuple[int, MerchantListing]] = []
    first_line: dict[str, int] = {}

    pairs = list(columns.items())
    blank = MerchantListing(sku="", title="", price_cents=0, updated_at=now)

    def read_image(text: str) -> tuple[str, list[Problem]]:
        if is_url(text):
            return text, []
        image_path = (folder / text).resolve()
        if image_path not in image_cache:
            image_cache[image_path] = measure(image_path)
        return str(image_path), check_image(text, image_cache[image_path])

    readers = Readers(image=read_image)
    for record in table.records:
        cells = record.cells
        item, found = read_fields(blank, {name: unescape_cell(cells[at]) for name, at in pairs}, readers)
        if item.sku and not any(p.path == "sku" for p in found):
            if item.sku in first_line:
                found.append(problem("sku_duplicate", "sku", value=item.sku, first=first_line[item.sku]))
            else:
                first_line[item.sku] = record.line
        for p in found:
            at = columns.get(p.path or "")
            issues.append(RowIssue(record.line, at + 1 if at is not None else 0, p.code, p.template, p.values,
                                   table.header[at] if at is not None else ""))
        if not found:
            good.append((record.line, item))
    issues.sort(key=lambda i: (i.line, i.column))
    mapping_used = {name: table.header[at] for name, at in columns.items()}
    return ImportPlan(len(table.records) + len(table.issues), good, issues, table.blank_lines, mapping_used,
                      table.encoding, table.delimiter)


# -- the export -----------------------------------------------------------------------------------------------

def escape_cell(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it: a formula's first character goes after a `'`."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_cell(text: str) -> str:
    """A cell as the export meant it: the `'` that `escape_cell` put before a formula character comes off."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def listing_cells(item: MerchantListing) -> list[str]:
    """One listing as the export's cells, in `FIELDS` order, formulas neutralised."""
    return [escape_cell(cell) for cell in (
        item.sku, item.title, format_price(item.price_cents), format_price(item.promo_price_cents),
        item.promo_ends_at or "", item.currency, item.image, item.applet_path, item.status)]


def write_csv(path: str | Path, listings: Iterable[MerchantListing]) -> int:
    """Write `listings` as UTF-8 CSV with a BOM (Excel opens it right), atomically; returns how many."""
    count = 0
    with atomic_writer(Path(path)) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(FIELDS)
        for item in listings:
            writer.writerow(listing_cells(item))
            count += 1
        text.flush()
        text.detach()
    return count

"""CSV files of listings: the one CSV reader of the project, the shop import and the export.

Holds: `read_csv` (bytes to header and records with their physical line numbers: UTF-8, UTF-8 with BOM,
UTF-16 with BOM (Excel's "Unicode text"), GB18030/GBK; comma or tab; a stray quote costs its own line
only, never the rows after it; blank lines and Excel's all-empty ",,,," lines are skipped), the column
mapping (`FIELDS`, `auto_mapping` from the names shops use, `option_columns`: 颜色分类, 尺码, 款式 ...),
`plan_import` (records grouped into products, each record checked by `merchant_listing`'s rules, good
products and a per-row report {line, column, code, message}, header = line 1) and `write_csv` (the export,
one row per variant, which `plan_import` reads back unchanged).

Grouping, as shops export products with variants (Taobao/Tmall, Youzan, Weidian, WeChat shops): rows with the
same product id (商品ID, 宝贝ID, 商品编号, item id) are one product's variants, in file order; without a
product id column, rows with the same title are. A row with neither product id nor title continues the product
above it. A product's row that names no variant (no SKU, no option) before its variant rows is the product's
own: its title, image and status count, its price and stock (often a range or a total) do not. A variant's
options come from a 销售属性 cell ("颜色:红;尺码:M") and from option columns (颜色分类, 尺码, 规格, 款式 ...,
named by their header). A product sold in one variant needs no SKU (its product id is); without a product id
column the product's id is its first variant's SKU. One bad row keeps its whole product out (its other rows
say so), so an import never drops a variant silently. The creators' catalog
(`catalog.import_csv`) reads its files through `read_csv` too.
Must not hold: storage (the store commits a plan's good rows in one transaction), image decoding (facts
come in through the `measure` callable), Qt.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studio.core.atomic_file import atomic_writer
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, ValidationError
from studio.core.listing_fields import FIELDS, PRODUCT_FIELDS, Readers, read_product, read_variant
from studio.core.merchant_listing import (
    ImageFacts,
    check_image,
    format_options,
    format_price,
    is_url,
    parse_options,
    problem,
)
from studio.core.problems import Problem
from studio.core.product import Product, Variant

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet: the export writes it after a `'` (OWASP's
CSV injection advice) and the import takes that `'` off again, so a file survives the round trip unchanged."""
REQUIRED = ("title", "price")
"""Columns every file needs, besides a SKU or a product id column (or both)."""
ALIASES: dict[str, tuple[str, ...]] = {
    "product_id": ("product_id", "商品ID", "宝贝ID", "商品编号", "item id", "item_id", "商品id", "spu编码", "spu id"),
    "sku": ("sku", "商家编码", "商品编码", "货号", "sku编码", "规格编码", "outer_id", "商家sku编码", "sku id",
            "sku_id", "skuid"),
    "title": ("title", "商品名称", "商品标题", "宝贝标题", "宝贝名称", "标题", "名称", "name", "product name"),
    "options": ("options", "销售属性", "sku属性", "销售属性组合", "规格属性"),
    "price": ("price", "价格", "售价", "销售价", "一口价", "商品价格", "sku价格", "价格(元)", "价格（元）", "原价"),
    "stock": ("stock", "库存", "库存数量", "可售库存", "数量", "inventory", "qty"),
    "promo_price": ("promo_price", "促销价", "活动价", "优惠价", "折扣价", "promo price"),
    "promo_ends_at": ("promo_ends_at", "促销结束时间", "活动结束时间", "优惠结束时间", "promo ends"),
    "currency": ("currency", "币种", "货币"),
    "image": ("image", "图片", "主图", "商品主图", "图片路径", "image path"),
    "applet_path": ("applet_path", "小程序路径", "页面路径", "applet path"),
    "status": ("status", "状态", "商品状态", "宝贝状态", "上下架状态"),
}
"""Column names shops' exports use for each field (compared case-insensitively, spaces trimmed)."""
OPTION_COLUMNS = ("颜色分类", "颜色", "尺码", "尺寸", "规格", "款式", "型号", "口味", "容量", "color", "size",
                  "style")
"""Columns that hold one option of a variant each, named by their header (颜色分类 红 -> 颜色分类:红)."""
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
    "no_sku_column": QT_TRANSLATE_NOOP(
        "errors", "line 1: no column for sku or product_id; map one of the columns ({columns}) to one of them"),
    "sibling_failed": QT_TRANSLATE_NOOP(
        "errors", "product {product} was not imported: its row on line {line} has a problem"),
    "sku_taken": QT_TRANSLATE_NOOP("errors", "SKU {sku} is already a variant of product {product}"),
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


def option_columns(header: list[str], used: Iterable[int] = ()) -> dict[int, str]:
    """0-based column -> option name, for every column that holds one option of a variant (`OPTION_COLUMNS`),
    except the columns in `used` (mapped to a field)."""
    names = {name.casefold() for name in OPTION_COLUMNS}
    taken = set(used)
    return {at: name for at, name in enumerate(header) if name.strip().casefold() in names and at not in taken}


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
    if "sku" not in chosen and "product_id" not in chosen:
        raise ValidationError(TEMPLATES["no_sku_column"], table.path, code="column_missing", field="sku",
                              columns=_column_list(table.header))
    return {name: table.header.index(column) for name, column in chosen.items()}


@dataclass
class ImportPlan:
    """What an import would do: the good products (each with the line it starts on), and the report of failed
    rows."""

    rows: int
    good: list[tuple[int, Product]]
    issues: list[RowIssue]
    blank_lines: list[int]
    mapping: dict[str, str]
    encoding: str
    delimiter: str
    lines: dict[str, int] = field(default_factory=dict)
    """Each good variant's line, by SKU."""

    @property
    def failed_lines(self) -> list[int]:
        return sorted({issue.line for issue in self.issues})

    @property
    def variants(self) -> int:
        return sum(len(product.variants) for _, product in self.good)

    def refuse_taken(self, owners: Mapping[str, str]) -> None:
        """Keep out each good product one of whose variant SKUs another product sells (`owners`: SKU -> the
        product id that has it now), reporting it on that variant's line."""
        kept: list[tuple[int, Product]] = []
        for line, product in self.good:
            taken = next((v.sku for v in product.variants if owners.get(v.sku, product.product_id)
                          != product.product_id), None)
            if taken is None:
                kept.append((line, product))
                continue
            self.issues.append(RowIssue(self.lines[taken], 0, "sku_taken", TEMPLATES["sku_taken"],
                                        {"sku": taken, "product": owners[taken]}))
        self.good = kept
        self.issues.sort(key=lambda i: (i.line, i.column))

    def to_json(self, imported: int) -> dict[str, Any]:
        """docs/cli.md's pinned {rows, imported, failed} and more (`imported` counts products)."""
        return {"rows": self.rows, "imported": imported, "failed": [i.to_json() for i in self.issues],
                "valid": len(self.good), "variants": self.variants, "failed_rows": len(self.failed_lines),
                "blank_lines": self.blank_lines, "mapping": self.mapping, "encoding": self.encoding,
                "separator": "tab" if self.delimiter == "\t" else "comma"}


ImageMeasure = Callable[[Path], "ImageFacts | None"]


@dataclass
class _Row:
    record: Record
    texts: dict[str, str]
    """The mapped product fields' cells."""
    variant_texts: dict[str, str]
    """The mapped variant fields' cells."""
    options: tuple[tuple[str, str], ...]
    """The options of the option columns (颜色分类, 尺码 ...)."""


@dataclass
class _Group:
    """The rows of one product in the file."""

    key: str
    rows: list[_Row] = field(default_factory=list)


def _group(table: CsvTable, columns: Mapping[str, int]) -> list[_Group]:
    """Records (with their mapped texts) grouped into products by product id, else by title; a row naming
    neither continues the product above."""
    options_at = option_columns(table.header, columns.values())
    names = {at: table.header[at].strip() for at in options_at}
    own = [(name, at) for name, at in columns.items() if name in PRODUCT_FIELDS]
    theirs = [(name, at) for name, at in columns.items() if name not in PRODUCT_FIELDS]
    by_id = "product_id" in columns
    groups: dict[str, _Group] = {}
    last: _Group | None = None
    parsed: dict[tuple[int, str], tuple[tuple[str, str], ...]] = {}  # a shop's option values repeat
    for record in table.records:
        cells = record.cells
        texts = {name: unescape_cell(cells[at]) for name, at in own}
        options: tuple[tuple[str, str], ...] = ()
        for at in options_at:
            if cell := cells[at].strip():
                found = parsed.get((at, cell))
                if found is None:
                    found = parsed[(at, cell)] = _named([(names[at], cell)])
                options += found
        key = texts.get("product_id", "").strip() if by_id else texts.get("title", "").strip()
        if not key and not texts.get("title", "").strip() and last is not None:
            group = last
        else:
            key = key or f"\x00{record.line}"  # no id and no title: a product of its own (its rows say why)
            group = groups.setdefault(key, _Group(key))
        group.rows.append(_Row(record, texts, {name: unescape_cell(cells[at]) for name, at in theirs}, options))
        last = group
    return list(groups.values())


def _named(found: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Option cells (column header, cell) as options: a cell may itself be "name:value" pairs."""
    options: list[tuple[str, str]] = []
    for header, cell in found:
        parsed = parse_options(cell) or (("", cell),)
        options += [(name or header, value) for name, value in parsed]
    return tuple(options)


def _is_variant(row: _Row) -> bool:
    return bool(row.options or row.variant_texts.get("sku", "").strip() or
                row.variant_texts.get("options", "").strip())


def plan_import(table: CsvTable, mapping: Mapping[str, str] | None, measure: ImageMeasure,
                now: str = "") -> ImportPlan:
    """Check every record and group them into products; `measure` gives an image file's facts
    (studio.media.image_info.measure_image)."""
    columns = resolve_mapping(table, mapping)
    folder = table.path.parent
    image_cache: dict[Path, ImageFacts | None] = {}
    issues = list(table.issues)
    good: list[tuple[int, Product]] = []
    first_line: dict[str, int] = {}
    lines: dict[str, int] = {}
    blank = Product(product_id="", title="", updated_at=now)

    def read_image(text: str) -> tuple[str, list[Problem]]:
        if is_url(text):
            return text, []
        image_path = (folder / text).resolve()
        if image_path not in image_cache:
            image_cache[image_path] = measure(image_path)
        return str(image_path), check_image(text, image_cache[image_path])

    def report(record: Record, found: list[Problem]) -> None:
        for p in found:
            at = columns.get(p.path or "")
            issues.append(RowIssue(record.line, at + 1 if at is not None else 0, p.code, p.template, p.values,
                                   table.header[at] if at is not None else ""))

    def sibling_failed(rows: list[_Row], failed: list[int], product_id: str) -> None:
        for row in rows:
            if row.record.line not in failed:
                issues.append(RowIssue(row.record.line, 0, "sibling_failed", TEMPLATES["sibling_failed"],
                                       {"product": product_id, "line": failed[0]}))

    readers = Readers(image=read_image)
    for group in _group(table, columns):
        rows = group.rows
        variant_rows = [row for row in rows if _is_variant(row)] or rows
        own = [row for row in rows if not any(row is v for v in variant_rows)]  # the product's own row
        product_texts: dict[str, str] = {}
        source: dict[str, Record] = {}
        for row in [*own, *rows]:  # the first row that says a product field wins
            for name, text in row.texts.items():
                if name not in product_texts and text.strip():
                    product_texts[name], source[name] = text, row.record
            if len(product_texts) == len(row.texts):
                break
        derived = not product_texts.get("product_id", "").strip()  # the id will be the first variant's SKU
        product, found = read_product(blank, product_texts, readers)
        failed: list[int] = []
        for p in found:
            if not (derived and p.path == "product_id"):
                where = source.get(p.path or "", rows[0].record)
                report(where, [p])
                failed.append(where.line)
        variants: list[Variant] = []
        for number, row in enumerate(variant_rows, 1):
            texts = row.variant_texts
            if not texts.get("sku", "").strip() and ("sku" not in columns or len(variant_rows) == 1):
                pid = product.product_id  # one variant: the product id is its SKU
                texts = {**texts, "sku": pid if len(variant_rows) == 1 or not pid else f"{pid}-{number}"}
            variant, problems = read_variant(texts, readers, more_options=row.options)
            sku = variant.sku
            if sku and not any(p.path == "sku" for p in problems):
                if sku in first_line:
                    problems.append(problem("sku_duplicate", "sku", value=sku, first=first_line[sku]))
                else:
                    first_line[sku] = row.record.line
            report(row.record, problems)
            if problems:
                failed.append(row.record.line)
                continue
            variants.append(variant)
            lines[sku] = row.record.line
        if failed:
            sibling_failed(rows, failed, product.product_id or group.key.strip("\x00"))
            continue
        if derived:
            product = replace(product, product_id=variants[0].sku)
        good.append((rows[0].record.line, replace(product, variants=tuple(variants))))
    issues.sort(key=lambda i: (i.line, i.column))
    mapping_used = {name: table.header[at] for name, at in columns.items()}
    return ImportPlan(len(table.records) + len(table.issues), good, issues, table.blank_lines, mapping_used,
                      table.encoding, table.delimiter, lines)


# -- the export -----------------------------------------------------------------------------------------------

def escape_cell(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it: a formula's first character goes after a `'`."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_cell(text: str) -> str:
    """A cell as the export meant it: the `'` that `escape_cell` put before a formula character comes off."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def variant_cells(product: Product, variant: Variant) -> list[str]:
    """One variant of a product as the export's cells, in `FIELDS` order, formulas neutralised."""
    return [escape_cell(cell) for cell in (
        product.product_id, variant.sku, product.title, format_options(variant.options),
        format_price(variant.price_cents), format_price(variant.promo_price_cents), variant.promo_ends_at or "",
        "" if variant.stock is None else str(variant.stock), product.currency, product.image, product.applet_path,
        product.status)]


def write_csv(path: str | Path, products: Iterable[Product]) -> int:
    """Write `products` as UTF-8 CSV with a BOM (Excel opens it right), one row per variant, atomically;
    returns how many rows."""
    count = 0
    with atomic_writer(Path(path)) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(FIELDS)
        for product in products:
            for variant in product.variants:
                writer.writerow(variant_cells(product, variant))
                count += 1
        text.flush()
        text.detach()
    return count

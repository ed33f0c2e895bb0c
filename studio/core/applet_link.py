"""The store applet link rules: AppID, original ID, display name and page path template.

Holds: each rule with its own code and English template (`TEMPLATES`), `check_applet_link` (every broken
rule of an `AppletLink`, as `Problem`s), `check_path_template`, `render_path` (a template filled for one
product or variant, query values percent-encoded) and `example_path` (what the merchant sees live while typing).
The app, the CLI, the CSV import (a listing's own applet path) and the sandbox server all ask here.
Must not hold: storage (`listings_store`), network, Qt.

A WeChat mini-program page path is `page?query`: the page is a file path inside the applet (no leading
slash, at most 128 bytes), the query at most 1024 characters of RFC 3986's query set. The placeholders are
`{product_id}` (the product) and `{sku}` (the chosen variant's code, or the product's id when a popup shows the
whole product: `core.product`); they may stand in the query only (a page is a fixed file of the applet).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from studio.core.errors import QT_TRANSLATE_NOOP, ValidationError
from studio.core.problems import Problem
from studio.core.project import AppletLink

APP_ID_RE = re.compile(r"wx[0-9a-f]{16}")
ORIGINAL_ID_RE = re.compile(r"gh_[0-9a-f]{12}")
NAME_MAX = 32
PAGE_MAX_BYTES = 128
QUERY_MAX_CHARS = 1024
PLACEHOLDERS: dict[str, str] = {"product_id": "GC-BOTTLE", "sku": "GC-BOTTLE-001"}
"""Known placeholders and the example value `example_path` fills in."""

_PAGE_CHARS = re.compile(r"[A-Za-z0-9_\-./]")
_QUERY_CHARS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")

TEMPLATES: dict[str, str] = {
    "app_id_missing": QT_TRANSLATE_NOOP("errors", "the applet AppID is missing"),
    "app_id_invalid": QT_TRANSLATE_NOOP(
        "errors", "{value} is not an applet AppID: wx followed by 16 lowercase hex digits"),
    "original_id_invalid": QT_TRANSLATE_NOOP(
        "errors", "{value} is not an original ID: gh_ followed by 12 lowercase hex digits"),
    "name_too_long": QT_TRANSLATE_NOOP("errors", "the applet name has {count} characters; at most {limit}"),
    "path_missing": QT_TRANSLATE_NOOP("errors", "the page path is missing"),
    "path_leading_slash": QT_TRANSLATE_NOOP(
        "errors", "the page path starts with a slash; write it without one (pages/goods/detail)"),
    "page_missing": QT_TRANSLATE_NOOP("errors", "the page path has a query but no page before the ?"),
    "page_too_long": QT_TRANSLATE_NOOP("errors", "the page part is {count} bytes long; at most {limit} bytes"),
    "page_bad_char": QT_TRANSLATE_NOOP(
        "errors", "the page part may hold only letters, digits, _ - . and /; \u201c{char}\u201d at {position} "
                  "is not allowed"),
    "query_too_long": QT_TRANSLATE_NOOP("errors", "the query is {count} characters long; at most {limit}"),
    "query_bad_char": QT_TRANSLATE_NOOP(
        "errors", "\u201c{char}\u201d at {position} is not allowed in the query (use %XX for other characters)"),
    "placeholder_unknown": QT_TRANSLATE_NOOP(
        "errors", "{{{name}}} is not a known placeholder; the known ones are {known}"),
    "placeholder_in_page": QT_TRANSLATE_NOOP(
        "errors", "{{{name}}} stands in the page part; placeholders belong in the query"),
    "placeholder_unclosed": QT_TRANSLATE_NOOP("errors", "a brace at {position} is not part of a {{name}} placeholder"),
}
"""Every applet-link rule sentence, by code."""


def _problem(code: str, path: str, **values: object) -> Problem:
    return Problem(code, TEMPLATES[code], values, "error", path)


def check_app_id(app_id: str, path: str = "applet.app_id") -> list[Problem]:
    if not app_id:
        return [_problem("app_id_missing", path)]
    if not APP_ID_RE.fullmatch(app_id):
        return [_problem("app_id_invalid", path, value=app_id)]
    return []


def check_path_template(template: str, path: str = "applet.path_template", *,
                        placeholders: bool = True) -> list[Problem]:
    """Every broken rule of a page path (`placeholders=False`: a rendered path, where braces are plain text)."""
    if not template:
        return [_problem("path_missing", path)]
    problems: list[Problem] = []
    if template.startswith("/"):
        problems.append(_problem("path_leading_slash", path))
    page, sep, query = template.partition("?")
    if sep and not page:
        problems.append(_problem("page_missing", path))
    if (size := len(page.encode("utf-8"))) > PAGE_MAX_BYTES:
        problems.append(_problem("page_too_long", path, count=size, limit=PAGE_MAX_BYTES))
    spans = [m.span() for m in _PLACEHOLDER.finditer(template)] if placeholders else []
    if placeholders:
        for match in _PLACEHOLDER.finditer(template):
            name = match.group(1)
            if name not in PLACEHOLDERS:
                problems.append(_problem("placeholder_unknown", path, name=name,
                                         known=", ".join(f"{{{k}}}" for k in PLACEHOLDERS)))
            elif match.start() < len(page):
                problems.append(_problem("placeholder_in_page", path, name=name))

    def inside(index: int) -> bool:
        return any(start <= index < end for start, end in spans)

    for index, char in enumerate(page):
        if inside(index) or (char == "/" and index == 0):
            continue
        if char in "{}" and placeholders:
            problems.append(_problem("placeholder_unclosed", path, position=index + 1))
            break
        if not _PAGE_CHARS.fullmatch(char):
            problems.append(_problem("page_bad_char", path, char=char, position=index + 1))
            break
    if len(query) > QUERY_MAX_CHARS:
        problems.append(_problem("query_too_long", path, count=len(query), limit=QUERY_MAX_CHARS))
    offset = len(page) + 1
    for index, char in enumerate(query, start=offset):
        if inside(index):
            continue
        if char in "{}" and placeholders:
            problems.append(_problem("placeholder_unclosed", path, position=index + 1))
            break
        if not _QUERY_CHARS.fullmatch(char) or (char == "%" and _PCT.match(template, index)):
            problems.append(_problem("query_bad_char", path, char=char, position=index + 1))
            break
    return problems


def check_applet_link(link: AppletLink) -> list[Problem]:
    """Every broken rule of `link`, in the order of the form (AppID, name, original ID, path template)."""
    problems = check_app_id(link.app_id)
    if len(link.name) > NAME_MAX:
        problems.append(_problem("name_too_long", "applet.name", count=len(link.name), limit=NAME_MAX))
    if link.original_id and not ORIGINAL_ID_RE.fullmatch(link.original_id):
        problems.append(_problem("original_id_invalid", "applet.original_id", value=link.original_id))
    problems.extend(check_path_template(link.path_template))
    return problems


def render_path(template: str, **values: str) -> str:
    """`template` with each placeholder replaced by its value, percent-encoded for a query."""
    return _PLACEHOLDER.sub(lambda m: quote(str(values.get(m.group(1), m.group(0))), safe="-._~"), template)


def example_path(template: str) -> str:
    """The template rendered with the example values (shown live beside the field)."""
    return render_path(template, **PLACEHOLDERS)


def raise_first(problems: list[Problem], where: str | None = None) -> None:
    """Raise the first problem as a `ValidationError` (for the CLI), with the rest counted in `values`."""
    if problems:
        first = problems[0]
        raise ValidationError(first.template, where or first.path, code=first.code, **first.values)

"""The applet link rules: each rule its own code and message, rendering and the live example."""

from __future__ import annotations

import pytest

from studio.core.applet_link import (
    PAGE_MAX_BYTES,
    QUERY_MAX_CHARS,
    check_applet_link,
    check_path_template,
    example_path,
    render_path,
)
from studio.core.project import AppletLink

GOOD = AppletLink(app_id="wx0123456789abcdef", name="好圈小店", original_id="gh_0123456789ab",
                  path_template="pages/goods/detail?sku={sku}&from=goodcircle")


def codes(link: AppletLink) -> list[str]:
    return [p.code for p in check_applet_link(link)]


def test_a_good_link_passes_and_renders_its_example() -> None:
    assert check_applet_link(GOOD) == []
    assert example_path(GOOD.path_template) == "pages/goods/detail?sku=GC-BOTTLE-001&from=goodcircle"
    assert check_applet_link(AppletLink(app_id="wx0123456789abcdef", path_template="pages/index/index")) == []


@pytest.mark.parametrize(("app_id", "code"), [
    ("", "app_id_missing"),
    ("wx0123456789ABCDEF", "app_id_invalid"),  # uppercase hex
    ("wx0123456789abcde", "app_id_invalid"),  # 15 digits
    ("wx0123456789abcdef0", "app_id_invalid"),
    ("tt0123456789abcdef", "app_id_invalid"),
    ("wx0123456789abcdeg", "app_id_invalid"),
])
def test_app_id_rules(app_id: str, code: str) -> None:
    problems = check_applet_link(AppletLink(app_id=app_id, path_template="pages/a"))
    assert [p.code for p in problems] == [code]
    assert problems[0].path == "applet.app_id"
    if app_id:
        assert app_id in problems[0].message


@pytest.mark.parametrize("original_id", ["gh_0123456789a", "gh_0123456789abc", "GH_0123456789ab", "0123456789ab"])
def test_original_id_is_optional_but_checked(original_id: str) -> None:
    link = AppletLink(app_id=GOOD.app_id, original_id=original_id, path_template="pages/a")
    assert codes(link) == ["original_id_invalid"]


@pytest.mark.parametrize(("template", "code"), [
    ("", "path_missing"),
    ("/pages/goods/detail?sku={sku}", "path_leading_slash"),
    ("?sku={sku}", "page_missing"),
    ("p" * (PAGE_MAX_BYTES + 1), "page_too_long"),
    ("pages/商品/detail", "page_bad_char"),
    ("pages/goods detail", "page_bad_char"),
    ("pages/a?" + "x" * (QUERY_MAX_CHARS + 1), "query_too_long"),
    ("pages/a?q=a b", "query_bad_char"),
    ("pages/a?q=中", "query_bad_char"),
    ("pages/a?q=%G1", "query_bad_char"),
    ("pages/a?q=#frag", "query_bad_char"),
    ("pages/a?id={item_id}", "placeholder_unknown"),
    ("pages/{sku}/detail", "placeholder_in_page"),
    ("pages/a?sku={sku", "placeholder_unclosed"),
    ("pages/a?sku=sku}", "placeholder_unclosed"),
])
def test_each_path_rule_has_its_own_code(template: str, code: str) -> None:
    problems = check_path_template(template)
    assert [p.code for p in problems] == [code]
    assert problems[0].path == "applet.path_template" and problems[0].severity == "error"


def test_page_limit_counts_bytes_not_characters() -> None:
    # 42 Chinese characters are 126 bytes: page_bad_char, but never page_too_long; 43 are 129 bytes
    assert "page_too_long" not in [p.code for p in check_path_template("中" * 42)]
    assert "page_too_long" in [p.code for p in check_path_template("中" * 43)]
    assert check_path_template("p" * PAGE_MAX_BYTES + "?" + "x" * QUERY_MAX_CHARS) == []


def test_messages_name_the_offending_values() -> None:
    [problem] = check_path_template("pages/a?id={item_id}")
    assert problem.message == "{item_id} is not a known placeholder; the known ones are {product_id}, {sku}"
    [problem] = check_path_template("pages/a?q=中")
    assert "“中” at 11" in problem.message


def test_render_percent_encodes_values_into_the_query() -> None:
    assert render_path("pages/a?sku={sku}", sku="A B/中") == "pages/a?sku=A%20B%2F%E4%B8%AD"
    rendered = render_path(GOOD.path_template, sku="GC-1")
    assert rendered == "pages/goods/detail?sku=GC-1&from=goodcircle"
    assert check_path_template(rendered, placeholders=False) == []

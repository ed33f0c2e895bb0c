"""Property tests of the manifest check: every manifest the schema (resources/schema/manifest.schema.json)
accepts is either refused with a problem or verified and reviewed without an exception, and every manifest it
refuses is refused by `studio verify`, never with a traceback."""

from __future__ import annotations

import copy
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from studio.cli import main
from studio.core.package import check_manifest, manifest_popups, manifest_schema, verify_package, write_package
from studio.core.popup_rules import check_popups
from studio.core.review import cover_title_on_frame, review_checks
from tests.schema_strategies import valid

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PLAIN = jsonschema.Draft202012Validator(manifest_schema())
MANIFESTS = valid(manifest_schema())
SETTINGS = settings(max_examples=100, deadline=None, database=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate],  # shrinking a whole manifest takes minutes
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture])


def review(manifest: dict[str, Any]) -> None:
    """What verify and the reviewer do with a manifest that passed the schema (output timeline)."""
    list(check_popups(manifest_popups(manifest), duration_ms=manifest["video"]["duration_ms"], trim=None,
                      catalog_lookup=None, now=NOW, max_visible=manifest["max_visible"], soft_catalog=True))
    review_checks(manifest, now=NOW, cover_title_box=cover_title_on_frame(manifest))


def _members(manifest: dict[str, Any]) -> dict[str, bytes]:
    names = [manifest["video"]["path"], *([manifest["cover"]["path"]] if manifest.get("cover") else []),
             *(p["snapshot"]["image"] for p in manifest["popups"] if p["snapshot"].get("image"))]
    return {name: name.encode("utf-8", "replace") * 3 for name in names}


@SETTINGS
@given(MANIFESTS)
def test_every_schema_valid_manifest_and_package_is_reviewed_without_an_exception(
        tmp_path_factory: pytest.TempPathFactory, manifest: dict[str, Any]) -> None:
    """Each generated manifest is checked on its own, then written into a package that `verify` reads back (one
    test for both, so the manifests, which cost most of the time, are generated once)."""
    assert PLAIN.is_valid(manifest)  # the strategy makes what the schema accepts
    problems = check_manifest(manifest)
    assert problems == [] or all(p.code == "manifest_schema" for p in problems)
    if not problems:
        review(manifest)

    path = tmp_path_factory.mktemp("pkg") / "m.gcpkg"
    try:
        written = write_package(path, manifest, _members(manifest))
    except ValueError:
        assume(False)  # a member name the writer refuses (the reader refuses it too)
    report = verify_package(path, now=NOW)
    if report.valid:
        review(written)
    else:
        assert report.problems


def _mutations(manifest: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The manifest with one value somewhere replaced by another JSON value, or one key dropped or added."""
    places: list[tuple[Any, Any]] = []
    stack: list[Any] = [manifest]
    while stack:
        node = stack.pop()
        keys = node.keys() if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else ()
        for key in keys:
            places.append((node, key))
            stack.append(node[key])
    values = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
                       st.text(max_size=8), st.just([1, 2, 3]), st.just({"x": "\ud800"}), st.just([[[[]]]]))

    @st.composite
    def mutate(draw: st.DrawFn) -> dict[str, Any]:
        copied = copy.deepcopy(manifest)
        index = draw(st.integers(0, len(places) - 1))
        node, key = places[index]
        # find the same place in the copy by walking its path again
        target = _same_place(manifest, copied, node)
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "drop" and isinstance(target, dict):
            del target[key]
        elif action == "add" and isinstance(target, dict):
            target["unexpected"] = draw(values)
        else:
            target[key] = draw(values)
        return copied

    return mutate()


def _same_place(original: Any, copied: Any, wanted: Any) -> Any:
    stack = [(original, copied)]
    while stack:
        a, b = stack.pop()
        if a is wanted:
            return b
        if isinstance(a, dict):
            stack.extend((a[k], b[k]) for k in a)
        elif isinstance(a, list):
            stack.extend(zip(a, b, strict=True))
    raise AssertionError("place not found")


@SETTINGS
@given(MANIFESTS.flatmap(_mutations))
def test_every_schema_invalid_manifest_is_refused(tmp_path_factory: pytest.TempPathFactory,
                                                  broken: dict[str, Any]) -> None:
    invalid_json = _not_json_safe(broken)
    assume(invalid_json or not PLAIN.is_valid(broken))
    assert check_manifest(broken), broken
    path = tmp_path_factory.mktemp("bad") / "bad.gcpkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(broken, ensure_ascii=True))
    report = verify_package(path, now=NOW)
    assert not report.valid
    assert {p.code for p in report.problems} <= {"manifest_schema", "manifest_not_json", "manifest_too_new"}


def _not_json_safe(value: Any) -> bool:
    text = json.dumps(value)
    return "\\ud800" in text or any(abs(v) >= 2**63 for v in _ints(value))


def _ints(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [i for v in value.values() for i in _ints(v)]
    if isinstance(value, list):
        return [i for v in value for i in _ints(v)]
    return []


def test_the_cover_title_box_of_the_report_is_refused_by_verify(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A three-number title box on a 9:16 cover crashed the reviewer; the schema's minItems now refuses it."""
    from tests.test_package import MEMBERS, base_manifest

    manifest = base_manifest()
    manifest["cover"].update(aspect="9:16", title_box=[0, 0, 5])
    path = tmp_path / "box.gcpkg"
    write_package(path, manifest, MEMBERS)
    assert main(["verify", str(path), "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {p["path"] for p in problems} == {"manifest.json#/cover"}
    assert main(["review", str(path), "--verdict", "approve", "-o", str(tmp_path / "r.json")]) == 1
    assert "Traceback" not in capsys.readouterr().err

"""Hypothesis strategies for instances of a JSON Schema (Draft 2020-12), for the subset our schemas use:
`type`, `const`, `enum`, `oneOf`, `anyOf`, `$ref` (to `#/...`), `properties` / `required` /
`additionalProperties: false`, `items`, `minItems` / `maxItems`, `minimum` / `maximum`, `minLength` /
`maxLength` and `pattern` (hypothesis' `from_regex`).

    valid(schema)            # every instance the schema accepts, as far as the subset goes
    valid(schema, at="#/$defs/time")

hypothesis-jsonschema does the same in general, but its last release fails on current Hypothesis.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

Json = Any


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def valid(root: dict[str, Any], at: str | None = None) -> st.SearchStrategy[Json]:
    """Instances of `root` (or of the sub-schema `at` points to, `#/...`)."""
    return _strategy(root, _resolve(root, at) if at else root)


_SCALARS: st.SearchStrategy[Json] = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.text(max_size=5))


def _strategy(root: dict[str, Any], schema: dict[str, Any]) -> st.SearchStrategy[Json]:
    if "$ref" in schema:
        return st.deferred(lambda: _strategy(root, _resolve(root, schema["$ref"])))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return st.one_of([_strategy(root, option) for option in schema[key]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([_strategy(root, {**schema, "type": k}) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", -(2**53)), schema.get("maximum", 2**53))
    if kind == "number":
        low, high = schema.get("minimum"), schema.get("maximum")
        floats = st.floats(low, high, allow_nan=False, allow_infinity=False)
        return st.one_of(floats, st.integers(int(low) if low is not None else -(2**53),
                                             int(high) if high is not None else 2**53))
    if kind == "string":
        if "pattern" in schema:
            text = st.from_regex(schema["pattern"], fullmatch=True)
        else:
            text = st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 40))
        return text.filter(lambda s: schema.get("minLength", 0) <= len(s) <= schema.get("maxLength", 10**9))
    if kind == "array":
        items = _strategy(root, schema.get("items", {}))
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=schema.get("maxItems", 4))
    if kind == "object":
        props = schema.get("properties", {})
        required = {name: _strategy(root, props[name]) for name in schema.get("required", ())}
        optional = {name: _strategy(root, sub) for name, sub in props.items() if name not in required}
        return st.fixed_dictionaries(required, optional=optional)
    return _SCALARS

"""JSON Schema (Draft 2020-12) validators with the schema's own semantics where Python's differ.

A schema's `pattern` is an ECMA-262 regular expression, whose `$` matches only at the very end; Python's `$`
also matches before a final line break, so `^[0-9a-f]{64}$` would take a hash followed by "\\n", and a
pattern that refuses control characters would take a title ending in one. `validator(schema)` reads every
`$` outside a character class as `\\Z`. With `whole_integers`, an "integer" must also be written without a
fraction (1.0 is refused), for values used as counts, sizes and times.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.protocols import Validator
from referencing import Registry

_DOLLAR = re.compile(r"(?<!\\)\$")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _whole(_checker: Any, value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# jsonschema's `extend` carries no annotations; called through a typed name it stays checked at its call sites
_extend: Callable[..., Any] = validators.extend
_ECMA = _extend(Draft202012Validator, {"pattern": _pattern})
_ECMA_WHOLE = _extend(_ECMA, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole))


def validator(schema: dict[str, Any], *, registry: Registry[Any] | None = None,
              whole_integers: bool = False) -> Validator:
    """A Draft 2020-12 validator of `schema` (resolving `$ref`s through `registry` when given)."""
    kind = _ECMA_WHOLE if whole_integers else _ECMA
    made: Validator = kind(schema) if registry is None else kind(schema, registry=registry)
    return made

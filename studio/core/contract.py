"""The platform contract (resources/openapi.yaml) as data and as JSON Schema validators.

Both sides of the wire check against the same text: the sandbox validates what it is sent, the client
validates what it receives before anything is stored (`studio.platform.responses`).
Holds: `contract()` (the parsed file), `validator(name)` (a Draft 2020-12 validator for one of its
`components/schemas`, jsonschema's: full error details, what the sandbox reports to a client),
`listing_put_schema(body)` (which form a listing's PUT body is: a product with variants or a version-1 flat
listing) and
`fast_validator(name)` (the same schema compiled by jsonschema-rs, about 150 times faster: what the client
runs on every page it receives, 500 MB of listings included). Must not hold: HTTP, what to do when a document
does not match.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema_rs
import yaml
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from studio.core import json_schema, paths

CONTRACT_URI = "urn:good-circle:openapi"


@cache
def contract() -> dict[str, Any]:
    """resources/openapi.yaml, parsed."""
    text = (paths.resources_dir() / "openapi.yaml").read_text(encoding="utf-8")
    parsed: dict[str, Any] = yaml.load(text, Loader=_SAFE_LOADER)
    return parsed


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader in C (libyaml, in every PyYAML wheel) reads the contract in 16 ms instead of 150 ms: every
process that checks a request or an answer reads it, the app and each CLI command among them."""


@cache
def validator(schema: str) -> Validator:
    """A validator for `#/components/schemas/{schema}` (references inside the contract resolve)."""
    resource: Resource[Any] = Resource.from_contents(contract(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(CONTRACT_URI, resource)
    return json_schema.validator({"$ref": f"{CONTRACT_URI}#/components/schemas/{schema}"}, registry=registry)


@cache
def fast_validator(schema: str) -> jsonschema_rs.Draft202012Validator:
    """`validator(schema)` compiled by jsonschema-rs; its errors carry `message` and `instance_path`."""
    # a JSON round trip: YAML reads some keys of the contract's free text as numbers, JSON Schema wants strings
    schemas = json.loads(json.dumps(contract()["components"]["schemas"]))
    return jsonschema_rs.Draft202012Validator({"$ref": f"#/components/schemas/{schema}",
                                               "components": {"schemas": schemas}})


def listing_put_schema(body: Any) -> str:
    """The schema a listing's PUT body (or a batch row's `listing`) is checked against: `ProductPut` when it
    carries `variants`, else the version-1 flat `ListingPutV1` (so each form's errors name its own fields)."""
    return "ProductPut" if isinstance(body, dict) and "variants" in body else "ListingPutV1"

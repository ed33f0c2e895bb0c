"""Schemathesis against the sandbox over real HTTP: generated requests for every operation of
resources/openapi.yaml never get a 5xx, and every answer matches the contract (status code, content type,
headers, body schema).

Kept small in the suite (`SANDBOX_FUZZ_EXAMPLES`, default 8 per operation); the larger run is
`.venv/bin/python tests/benchmarks/fuzz_sandbox.py`.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from studio.core import paths
from tests.sandbox_fixtures import Sandbox, link_applet

EXAMPLES = int(os.environ.get("SANDBOX_FUZZ_EXAMPLES", "8"))
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")  # tus PATCH bodies
# In the suite only the fuzzing phase runs (the coverage phase walks every boundary of every schema, which
# takes minutes); the larger run switches the coverage phase on (SANDBOX_FUZZ_COVERAGE=1).
# tus answers a wrong Tus-Resumable with 412 (tus 1.0 core), which the negative-data check must accept.
CONFIG = schemathesis.Config.from_dict({
    "phases": {"coverage": {"enabled": os.environ.get("SANDBOX_FUZZ_COVERAGE") == "1"}},
    "checks": {"negative_data_rejection": {"expected-statuses": [
        400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 428, 429, "5xx"]}}})
schema = schemathesis.openapi.from_path(paths.resources_dir() / "openapi.yaml", config=CONFIG)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]


def _seed(sandbox: Sandbox, token: str) -> None:
    """Some state for generated requests to find: an applet and a listing with an image."""
    import requests

    link_applet(sandbox, token, app_id="wx0000000000000000")
    requests.put(f"{sandbox.url}/v1/listings/0", headers=sandbox.headers(token), timeout=10,
                 json={"title": "t", "price_cents": 1, "applet": {"app_id": "wx0000000000000000"}}).raise_for_status()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_contract_holds_for_generated_requests(case: schemathesis.Case, sandbox: Sandbox) -> None:
    token = sandbox.token("fuzz", roles=("creator", "merchant", "reviewer"))
    if not sandbox.store.one("SELECT 1 FROM applets"):
        _seed(sandbox, token)
    headers = {"Authorization": f"Bearer {token}"}
    if case.operation.path.startswith("/v1/uploads/") and case.headers.get("Tus-Resumable") is None:
        headers["Tus-Resumable"] = "1.0.0"
    case.call_and_validate(base_url=sandbox.url, headers=headers, checks=CHECKS, timeout=30)

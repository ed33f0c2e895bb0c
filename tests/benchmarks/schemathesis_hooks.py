"""Schemathesis hooks for tests/benchmarks/schemathesis_stateful.py (loaded through SCHEMATHESIS_HOOKS): tus PATCH
bodies (`application/offset+octet-stream`) are raw bytes."""

import schemathesis

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")

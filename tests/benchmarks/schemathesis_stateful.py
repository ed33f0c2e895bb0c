"""Schemathesis over the whole contract (resources/openapi.yaml) against a live sandbox, run on demand: every
phase (examples, coverage, fuzzing, stateful: the OpenAPI links from a post to reading, withdrawing,
downloading and judging it) and every check.

    .venv/bin/python tests/benchmarks/schemathesis_stateful.py [MAX_EXAMPLES]   # default 50 per operation

It starts the sandbox on a free port with its default settings (nobody judges their own post), seeds what
generated requests cannot make themselves (an applet, a listing with an image, two finished posts: one by
the fuzzing user, one by another creator, because a valid package cannot be generated), runs
`schemathesis run` with a bearer token holding every role, prints schemathesis' summary and exits with its
status. The per-operation settings in `CONFIG` name the rules JSON Schema cannot write (the contract says them
in words), each with its reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CONFIG = """
# tus 1.0 answers a request without Tus-Resumable, or with another version, with 412 (tus core protocol);
# schemathesis expects the 4xx codes of plain HTTP there.
[checks.missing_required_header]
expected-statuses = [400, 401, 403, 406, 412, 415, 422]

[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 428, 429]

# HTTP lets a request carry headers an operation does not name (User-Agent, Accept, ...): an extra header is
# not invalid data, so the coverage phase does not send one as a negative case.
[[operations]]
include-operation-id-regex = "^(tus|listListings|getListing|getCatalog)"
generation.allow-extra-parameters = false

# A listing's promo price must be below its price and its applet linked first: rules across fields and
# resources that JSON Schema cannot write; the contract says them in putListing's description (422).
[[operations]]
include-operation-id = "putListing"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
"""


def seed(url: str, data: Path, server: object) -> str:
    """State generated requests cannot make: returns the fuzzing user's token."""
    import hashlib

    import requests

    from studio.core.package import write_package
    from tests.sandbox_fixtures import Sandbox, link_applet, tus_upload
    from tests.test_sandbox_posts import POST, manifest

    box = Sandbox(url, data, server)  # type: ignore[arg-type]
    token = box.token("fuzz", roles=("creator", "merchant", "reviewer"), ttl_seconds=86400)
    other = box.token("seed", "creator", ttl_seconds=86400)
    link_applet(box, token)
    r = requests.put(f"{url}/v1/listings/GC-BOTTLE-001", headers=box.headers(token), timeout=10,
                     json={"title": "玻璃水瓶", "price_cents": 5900, "applet": {"app_id": "wx5f3c2a1b9d8e7f60"}})
    r.raise_for_status()
    requests.put(f"{url}/v1/listings/GC-BOTTLE-001/images/0", data=b"\x89PNG\r\n\x1a\nimage", timeout=10,
                 headers={**box.headers(token), "Content-Type": "image/png"}).raise_for_status()
    for who, name in ((other, "a.gcpkg"), (token, "b.gcpkg")):
        path = data.parent / name
        write_package(path, manifest(), {"video.mp4": name.encode() * 1000, "cover.jpg": b"\xff\xd8\xffcover",
                                         "images/GC-BOTTLE-001.png": b"\x89PNG\r\n\x1a\nimage"})
        upload_id = tus_upload(box, who, path)
        body = {"upload_id": upload_id, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), **POST}
        requests.post(f"{url}/v1/posts", json=body, headers=box.headers(who), timeout=60).raise_for_status()
    return token


def main() -> int:
    from studio.sandbox.server import SandboxServer

    examples = sys.argv[1] if len(sys.argv) > 1 else "50"
    with tempfile.TemporaryDirectory(prefix="schemathesis-") as temp:
        data = Path(temp) / "sandbox"
        server = SandboxServer(data, "127.0.0.1", 0)
        url = server.start()
        try:
            token = seed(url, data, server)
            config = Path(temp) / "schemathesis.toml"
            config.write_text(CONFIG, encoding="utf-8")
            command = [str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(config), "run",
                       str(ROOT / "resources" / "openapi.yaml"), "--url", url,
                       "-H", f"Authorization: Bearer {token}", "--checks", "all",
                       "--phases", "examples,coverage,fuzzing,stateful", "--max-examples", examples,
                       "--workers", "1", "--generation-deterministic", "--no-color",
                       "--request-timeout", "60"]
            env = {**os.environ, "PYTHONPATH": str(ROOT), "SCHEMATHESIS_HOOKS": "tests.benchmarks.schemathesis_hooks"}
            return subprocess.call(command, cwd=temp, env=env)
        finally:
            server.stop()


if __name__ == "__main__":
    raise SystemExit(main())

"""The larger Schemathesis run against the sandbox (run on demand): every operation of resources/openapi.yaml
with the coverage phase (every boundary the schemas define) and many generated examples.

    .venv/bin/python tests/benchmarks/fuzz_sandbox.py [EXAMPLES]   # default 200 per operation

It runs tests/test_sandbox_schema.py with SANDBOX_FUZZ_EXAMPLES and SANDBOX_FUZZ_COVERAGE=1 and exits
with pytest's status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "200"
    env = {**os.environ, "SANDBOX_FUZZ_EXAMPLES": examples, "SANDBOX_FUZZ_COVERAGE": "1"}
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-x", "tests/test_sandbox_schema.py"],
                           cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())

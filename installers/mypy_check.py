#!/usr/bin/env python3
"""Type-check the project with mypy against mypy-baseline.txt, the errors it had when mypy came in.

    python installers/mypy_check.py            # a step of `installers/dev.py test`
    python installers/mypy_check.py --update   # after fixing errors: rewrite the baseline without them

studio/core is checked strict (pyproject.toml, [tool.mypy]) and has no baseline: any error there fails. Every
other error must be one the baseline lists; the check fails on an error the baseline lacks (fix it) and on a
baseline entry that no longer happens (run --update, so the baseline shrinks and the fix cannot be undone
silently). --update never adds an error: it only drops the fixed ones. An entry is the file, the error code and
the message, without the line number, so moving code does not disturb it. See docs/decisions/type-checking.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
STRICT = "studio/core/"
ERROR = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<message>.*?)(?:  \[(?P<code>[a-z-]+)\])?$")
HEADER = ("# mypy errors outside studio/core that were there when mypy came in; this list may only shrink.\n"
          "# Regenerate after fixing some: python installers/mypy_check.py --update\n")


def parse(output: str) -> Counter[str]:
    """The errors in mypy's output as baseline entries (`path: [code] message`), counted."""
    found: Counter[str] = Counter()
    for line in output.splitlines():
        match = ERROR.match(line.strip())
        if match:
            path = match["path"].replace("\\", "/")
            found[f"{path}: [{match['code'] or 'misc'}] {match['message']}"] += 1
    return found


def read_baseline(text: str) -> Counter[str]:
    return Counter(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


def compare(found: Counter[str], baseline: Counter[str]) -> tuple[list[str], list[str]]:
    """(new errors: in `found` beyond the baseline or anywhere in studio/core, fixed: baseline entries gone)."""
    new = sorted((found - baseline).elements())
    new += [entry for entry in sorted((found & baseline).elements()) if entry.startswith(STRICT)]
    fixed = sorted((baseline - found).elements())
    return new, fixed


def run_mypy() -> str:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"mypy failed to run (exit {result.returncode})")
    return result.stdout


def main(argv: list[str]) -> int:
    if not BASELINE.exists() and "--update" not in argv:
        print(f"mypy: no {BASELINE.name}: make it with --update", file=sys.stderr)
        return 1
    found = parse(run_mypy())
    baseline = read_baseline(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else found
    new, fixed = compare(found, baseline)
    for entry in new:
        print(f"mypy: new error: {entry}", file=sys.stderr)
    if new:
        print(f"mypy: {len(new)} error(s) not in {BASELINE.name}: fix them (the baseline never grows)",
              file=sys.stderr)
        return 1
    if "--update" in argv:
        BASELINE.write_text(HEADER + "".join(f"{entry}\n" for entry in sorted(found.elements())), encoding="utf-8")
        print(f"mypy: {BASELINE.name} holds {sum(found.values())} error(s) ({len(fixed)} fixed ones dropped)")
        return 0
    if fixed:
        for entry in fixed:
            print(f"mypy: fixed: {entry}", file=sys.stderr)
        print(f"mypy: {len(fixed)} baseline error(s) are gone: run `python installers/mypy_check.py --update` "
              "and commit the smaller baseline", file=sys.stderr)
        return 1
    print(f"mypy: no new errors ({sum(found.values())} left in {BASELINE.name}, none in studio/core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

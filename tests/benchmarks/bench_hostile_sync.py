"""Hostile-server benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_hostile_sync.py [--deadline 120]`.

Not collected by pytest. Runs `studio catalog sync` as a real process (fresh STUDIO_HOME, STUDIO_TOKEN) against
the tests' hostile server (tests/hostile_fixtures.py, loopback) and prints each run's peak RSS (the child's
own ru_maxrss, from wait4), its wall time, its exit code and error code:
- baseline: a small valid catalog (500 listings): what a normal sync costs in the same run;
- a 500 MB catalog in one answer (Content-Length 500 MB, listings streamed as the server makes them);
- an endless chunked body;
- a gzip body of about 1 MB that expands to 1 GB;
- a 500 MB catalog over many valid pages (`--paged`, slow: every listing is checked and stored);
- one byte a second (of the body) with the deadline `--deadline` (default: the app's 120 s).
Goals: every hostile run exits 3 with one error, peak RSS under 300 MB (printed as a ratio to the baseline
too), and the one-byte-a-second run ends within the deadline plus a few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.hostile_fixtures import TIME, HostileServer, catalog_page, gzip_bomb, listing  # noqa: E402

RSS_GOAL_MB = 300
MB = 1 << 20


def _listing_bytes(n: int) -> bytes:
    return json.dumps(listing(f"SKU-{n:09d}", title=f"Product number {n} " + "x" * 40)).encode()


def one_big_answer(total: int):
    """A catalog page of `total` bytes, announced with Content-Length and streamed as it is made."""
    def handler(h) -> None:
        head, tail = b'{"items": [', b'], "next_cursor": null, "since": "' + TIME.encode() + b'"}'
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        h.wfile.write(head)
        sent, n = len(head), 0
        while sent < total - len(tail) - 400:
            block = b",".join(_listing_bytes(n + i) for i in range(200)) + b","
            n += 200
            h.wfile.write(block)
            sent += len(block)
        last = _listing_bytes(n)
        h.wfile.write(last + b" " * max(0, total - sent - len(last) - len(tail)) + tail)
    return handler


def paged(total: int, page_bytes: int):
    """`total` bytes of valid listings over pages of about `page_bytes`."""
    per_page = max(1, page_bytes // len(_listing_bytes(0)))
    pages = max(1, total // page_bytes)

    def handler(h) -> None:
        cursor = h.path.partition("cursor=")[2]
        number = int(cursor) if cursor.isdigit() else 0
        items = [listing(f"SKU-{number * per_page + i:09d}", title=f"Product {i} " + "x" * 40)
                 for i in range(per_page)]
        h.json(catalog_page(items, str(number + 1) if number + 1 < pages else None))
    return handler


def run_sync(server: HostileServer, deadline: float | None = None) -> dict[str, object]:
    env = {**os.environ, "STUDIO_TOKEN": "bench-token", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    if deadline is not None:
        env["STUDIO_HTTP_DEADLINE"] = str(deadline)
    with tempfile.TemporaryDirectory(prefix="studio-bench-home-") as home:
        env["STUDIO_HOME"] = home
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "studio", "catalog", "sync", "--server", server.url,
                                  "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = b"", b""
        reader = threading.Thread(target=lambda: errs.append(child.stderr.read()), daemon=True)  # never blocks it
        errs: list[bytes] = []
        reader.start()
        assert child.stdout is not None
        out = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        reader.join(10)
        err = b"".join(errs)
        seconds = time.monotonic() - started
    try:
        answer = json.loads(out or b"{}")
    except ValueError:
        answer = {"unreadable": out[:200].decode(errors="replace")}
    code = answer.get("error", {}).get("code") if isinstance(answer.get("error"), dict) else None
    return {"exit": child.returncode, "error": code, "rss_mb": usage.ru_maxrss / 1024, "seconds": seconds,
            "traceback": b"Traceback" in err}


def cases(args: argparse.Namespace) -> Iterator[tuple[str, object, float | None]]:
    yield "baseline: 500 valid listings", lambda h: h.json(catalog_page(
        [listing(f"B{i}", title=f"Product {i}") for i in range(500)])), None
    yield "500 MB catalog in one answer", one_big_answer(500 * MB), None
    yield "endless chunked body", HostileServer.endless_chunks, None
    bomb = gzip_bomb(1024)
    yield f"gzip {len(bomb) / MB:.1f} MB -> 1 GB", lambda h: h.raw(bomb, headers={"Content-Encoding": "gzip"}), None
    if args.paged:
        yield "500 MB catalog over 8 MB pages", paged(500 * MB, 8 * MB), None
    yield f"one byte a second (deadline {args.deadline:g} s)", lambda h: h.trickle(1.0), args.deadline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=120.0, help="STUDIO_HTTP_DEADLINE for the slow run")
    parser.add_argument("--paged", action="store_true", help="also sync 500 MB of valid listings over pages")
    parser.add_argument("--only", metavar="TEXT", help="run the baseline and the runs whose name holds TEXT")
    args = parser.parse_args()
    baseline = None
    failed = False
    for name, handler, deadline in cases(args):
        if args.only and not (name.startswith("baseline") or args.only in name):
            continue
        server = HostileServer().start()
        server.on("GET", "/v1/catalog", handler)
        try:
            result = run_sync(server, deadline)
        finally:
            server.stop()
        rss = float(result["rss_mb"])
        baseline = baseline or rss
        ok = rss < RSS_GOAL_MB and not result["traceback"] and (
            name.startswith("baseline") or name.startswith("500 MB catalog over") or result["exit"] == 3)
        if deadline is not None:
            ok = ok and float(result["seconds"]) < deadline + 10
        failed |= not ok
        print(f"{name:<40} exit {result['exit']} {result['error'] or '-'!s:<18} peak {rss:7.1f} MB "
              f"({rss / baseline:4.2f}x baseline)  {float(result['seconds']):7.1f} s  {'ok' if ok else 'MISSED'}",
              flush=True)
    print(f"goal: peak RSS < {RSS_GOAL_MB} MB, exit 3 with one error, the slow server abandoned at the deadline")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

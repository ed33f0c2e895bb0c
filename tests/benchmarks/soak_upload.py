"""Upload soak, run on demand: `.venv/bin/python tests/benchmarks/soak_upload.py [--runs 50] [--mb 200] [--kills 10]`.

Not collected by pytest (the suite runs the small version: tests/test_platform_upload.py and
tests/test_platform_cli.py). Starts the real sandbox on a thread of this process and, for each run, packs a
package of `--mb` MB (a distinct post title each run, so each is its own upload) and uploads it with
`studio upload --json` in a child process through a byte-counting TCP forwarder:
- every run: the connection is cut (TCP reset) at a random byte of the run's traffic by the forwarder,
  and the sandbox's fault injection drops it once more a random number of bytes into the first PATCH;
- `--kills` of the runs also SIGKILL the client process at a second random byte, then run it again.
Checked per run: the upload completes (exit 0, a post in review), the server's copy has the source's
sha256, and the bytes the server received beyond the package's size are at most one chunk per interruption
(the first part, 1 MiB, for the sandbox's drop; the largest chunk, 32 MiB, for the others; plus one
minimum-size part per interruption that a server still busy with the dropped part may refuse) plus headers.
Prints one line per run and a summary; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from studio.core.package import write_package  # noqa: E402
from studio.platform.upload import CHUNK_MAX, CHUNK_MIN, CHUNK_START  # noqa: E402
from studio.sandbox.server import SandboxServer  # noqa: E402
from tests.platform_fixtures import ByteCountingProxy, file_sha256, package_manifest  # noqa: E402

HEADER_ALLOWANCE = 100 * 1024  # request lines and headers of every request of one run, generously


def server_offset(server: SandboxServer) -> int:
    rows = server.store.query('SELECT "offset" FROM uploads WHERE post_id IS NULL')
    return max((r[0] for r in rows), default=0)


def studio(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "studio", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--kills", type=int, default=10, help="runs that also kill the client process")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="soak-upload-"))
    video = work / "video.bin"
    with video.open("wb") as fh:
        for _ in range(args.mb):
            fh.write(rng.randbytes(1 << 20))
    server = SandboxServer(work / "sandbox", "127.0.0.1", 0)
    server.start()
    proxy = ByteCountingProxy(server.url)
    proxy.start()
    token = server.store.issue_token("soak", ("creator",))
    env = {**os.environ, "STUDIO_HOME": str(work / "home"), "STUDIO_TOKEN": token}
    kill_runs = set(rng.sample(range(args.runs), min(args.kills, args.runs)))
    failures: list[str] = []
    worst = 0
    started = time.monotonic()
    try:
        for run in range(args.runs):
            package = work / "package.gcpkg"
            write_package(package, package_manifest(f"soak run {run + 1}"), {
                "video.mp4": video, "cover.jpg": b"\xff\xd8cover" + bytes(500),
                "images/GC-BOTTLE-001.png": b"\x89PNG" + bytes(300)})
            size = package.stat().st_size
            source_sha = file_sha256(package)
            before = proxy.client_bytes
            cut_at = rng.randrange(0, size)
            proxy.cut_at(before + cut_at)
            server.faults.set(drop_after=rng.randrange(0, CHUNK_MIN), drops=1)
            cuts_before = proxy.cuts
            fired_before = server.faults.fired.count("drop")
            interruptions = 2
            t0 = time.monotonic()
            client = studio(env, "upload", str(package), "--server", proxy.url, "--json")
            killed_at = None
            if run in kill_runs:
                kill_at = rng.randrange(CHUNK_MIN, size - CHUNK_MIN)
                while server_offset(server) < kill_at and client.poll() is None:
                    time.sleep(0.002)
                if client.poll() is None:
                    client.send_signal(signal.SIGKILL)
                    client.communicate()
                    killed_at = server_offset(server)
                    interruptions += 1
                    client = studio(env, "upload", str(package), "--server", proxy.url, "--json")
            out, err = client.communicate(timeout=3600)
            seconds = time.monotonic() - t0
            server.faults.clear()
            received = proxy.client_bytes - before
            resent = received - size
            dropped = server.faults.fired.count("drop") - fired_before + proxy.cuts - cuts_before
            problems = []
            if dropped != 2:
                problems.append(f"the connection was dropped {dropped} times, not 2")
            if client.returncode != 0:
                problems.append(f"exit {client.returncode}: {(err.strip() or out.strip())[-300:]}")
                result = {}
            else:
                result = json.loads(out)
                post_file = server.store.post_file(result["post_id"])
                if result.get("status") != "in_review":
                    problems.append(f"status {result.get('status')}")
                if file_sha256(post_file) != source_sha or result["sha256"] != source_sha:
                    problems.append("sha256 differs")
                post_file.unlink()
            # the sandbox's drop hits the first part (at most CHUNK_START); every other interruption costs at most
            # the one chunk in flight, plus perhaps one minimum-size part the server refused while still busy
            allowed = CHUNK_START + (interruptions - 1) * CHUNK_MAX + interruptions * CHUNK_MIN + HEADER_ALLOWANCE
            if resent > allowed:
                problems.append(f"re-sent {resent} bytes for {interruptions} interruptions (allowed {allowed})")
            worst = max(worst, resent)
            line = (f"run {run + 1:2d}: {size / 1e6:6.1f} MB in {seconds:5.1f} s, connection dropped "
                    f"{dropped}x (once at byte {cut_at})" + (f", client killed at {killed_at}" if killed_at else "")
                    + f", re-sent {resent / 1e6:6.2f} MB (wire incl. headers)"
                    + (f"  FAIL: {'; '.join(problems)}" if problems else "  ok"))
            print(line, flush=True)
            if problems:
                failures.append(line)
            package.unlink()
    finally:
        proxy.stop()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.runs} runs of {args.mb} MB ({len(kill_runs)} with the client killed) in "
          f"{time.monotonic() - started:.0f} s: {args.runs - len(failures)} ok, {len(failures)} failed; "
          f"most re-sent in one run {worst / 1e6:.2f} MB (one chunk is at most {CHUNK_MAX / 1e6:.1f} MB)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

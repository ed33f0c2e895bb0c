"""Upload benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_upload.py [--mb 1024] [--runs 3]`.

Not collected by pytest. Starts the real sandbox (`studio sandbox serve --port 0`) as its own process and
uploads one file of `--mb` random megabytes over loopback, alternating, `--runs` times each:
- baseline: ONE plain streamed PATCH of the whole file (requests streaming the open file, no checksum, no
  chunks): the fastest a single request moves the same bytes through the same server;
- resumable: `studio.platform.upload.send_bytes` (tus chunks adaptive in size, sha1 per chunk, state in
  SQLite after each chunk).
Each upload runs in a fresh client process, so its peak RSS (VmHWM) is its own; the server's peak RSS is
read from /proc when the runs end. The CPU time of client and server per upload is printed too: on a busy
machine (CPU-bound, not network-bound) the throughput ratio is the ratio of CPU per byte, which the
per-chunk checksums (client and server) raise. Printed: median MB/s of each, the ratio resumable/baseline
(goal >= 0.80), and the peak RSS of client and server (goal: flat, < 150 MB each). The uploads are terminated (DELETE)
after each run, so the server's disk holds one copy at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BENCH_DIR = Path("/tmp/studio-bench")
RSS_GOAL_MB = 150
RATIO_GOAL = 0.80


def peak_rss_mb(pid: int | str = "self") -> tuple[float, float]:
    """(current RSS, peak RSS) in MB of a process, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time of a process so far, from /proc (a busy machine does not inflate it)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_file(mb: int) -> Path:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"upload-{mb}mb.bin"
    if not path.exists() or path.stat().st_size != mb << 20:
        with path.open("wb") as fh:
            for _ in range(mb):
                fh.write(os.urandom(1 << 20))
    return path


# -- the client side, in its own process ------------------------------------------------------------------------

def client(mode: str, url: str, token: str, path: Path, sha256: str) -> None:
    import requests

    from studio.platform.session import PlatformSession
    from studio.platform.upload import send_bytes, terminate
    from studio.platform.upload_store import UploadStore

    size = path.stat().st_size
    rss_before = peak_rss_mb()[0]
    cpu_before = cpu_seconds()
    with PlatformSession(url, token) as session, UploadStore.open(Path(tempfile.mkdtemp()) / "u.sqlite3") as store:
        record = store.add(session.server, str(path), size, sha256)
        if mode == "baseline":
            created = session.request("POST", "/v1/uploads/", headers={"Tus-Resumable": "1.0.0",
                                                                       "Upload-Length": str(size)})
            upload_url = session.url(created.headers["Location"])
            started = time.perf_counter()
            with path.open("rb") as fh:
                response = requests.patch(upload_url, data=fh, timeout=600, headers={
                    "Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0", "Upload-Offset": "0",
                    "Content-Type": "application/offset+octet-stream", "Content-Length": str(size)})
            seconds = time.perf_counter() - started
            assert response.status_code == 204, response.text
            record = store.update(record.id, upload_url=upload_url)
        else:
            started = time.perf_counter()
            record, stats = send_bytes(session, path, store, record)
            seconds = time.perf_counter() - started
            assert stats.interruptions == 0
        terminate(session, record)
    _rss, peak = peak_rss_mb()
    print(json.dumps({"mode": mode, "seconds": seconds, "mb_s": size / seconds / 1e6, "rss_before": rss_before,
                      "peak_rss": peak, "chunk": record.chunk_size, "cpu": cpu_seconds() - cpu_before}))


# -- the driver ----------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--client", nargs=5, metavar=("MODE", "URL", "TOKEN", "PATH", "SHA256"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        mode, url, token, path, sha = args.client
        client(mode, url, token, Path(path), sha)
        return 0

    from tests.platform_fixtures import file_sha256

    path = make_file(args.mb)
    sha = file_sha256(path)
    home = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    env = {**os.environ, "STUDIO_HOME": str(home)}
    studio = [sys.executable, "-m", "studio"]
    server = subprocess.Popen([*studio, "sandbox", "serve", "--port", "0", "--data", str(home / "sb")], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline() if server.stdout else ""
        if not line.startswith("serving on "):
            raise SystemExit(f"the sandbox did not start: {line}")
        url = line.split()[-1]
        token = subprocess.run([*studio, "sandbox", "token", "--user", "bench", "--role", "creator", "--data",
                                str(home / "sb")], cwd=ROOT, env=env, check=True, capture_output=True,
                               text=True).stdout.strip()
        server_rss_idle = peak_rss_mb(server.pid)[0]
        results: dict[str, list[dict]] = {"baseline": [], "resumable": []}
        for run in range(args.runs):
            for mode in ("baseline", "resumable"):
                server_cpu = cpu_seconds(server.pid)
                out = subprocess.run([sys.executable, __file__, "--client", mode, url, token, str(path), sha],
                                     cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
                result = json.loads(out.strip().splitlines()[-1])
                result["server_cpu"] = cpu_seconds(server.pid) - server_cpu
                results[mode].append(result)
                print(f"run {run + 1} {mode:9s}: {result['mb_s']:7.1f} MB/s, CPU client {result['cpu']:.2f} s "
                      f"server {result['server_cpu']:.2f} s, client peak RSS "
                      f"{result['peak_rss']:.0f} MB (at start {result['rss_before']:.0f} MB)"
                      + (f", last chunk {result['chunk'] >> 20} MiB" if mode == "resumable" else ""))
        server_rss, server_peak = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    base = statistics.median(r["mb_s"] for r in results["baseline"])
    resumable = statistics.median(r["mb_s"] for r in results["resumable"])
    client_peak = max(r["peak_rss"] for rs in results.values() for r in rs)
    ratio = resumable / base
    cpu = {mode: statistics.median(r["cpu"] + r["server_cpu"] for r in rs) for mode, rs in results.items()}
    print(f"\n{args.mb} MB over loopback, median of {args.runs}:")
    print(f"  plain streamed PATCH  {base:7.1f} MB/s")
    print(f"  resumable (tus)       {resumable:7.1f} MB/s   ratio {ratio:.2f} (goal >= {RATIO_GOAL:.2f}) "
          f"{'OK' if ratio >= RATIO_GOAL else 'BELOW GOAL'}")
    print(f"  CPU (client + server) {cpu['baseline']:7.2f} s plain, {cpu['resumable']:.2f} s resumable "
          f"(x{cpu['resumable'] / cpu['baseline']:.2f}): on a busy machine the wall-clock ratio follows this")
    print(f"  client peak RSS       {client_peak:7.0f} MB (goal < {RSS_GOAL_MB}) "
          f"{'OK' if client_peak < RSS_GOAL_MB else 'ABOVE GOAL'}")
    print(f"  server peak RSS       {server_peak:7.0f} MB (idle {server_rss_idle:.0f} MB, after {server_rss:.0f} MB;"
          f" goal < {RSS_GOAL_MB}) {'OK' if server_peak < RSS_GOAL_MB else 'ABOVE GOAL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Peak memory of the sandbox server while it checks a posted package, run on demand:
`.venv/bin/python tests/benchmarks/bench_refuse_memory.py [--runs N]`.

Not collected by pytest. Builds (once per run, in a temporary folder) two packages of about 30 MB:

- `valid`: a real package (manifest, a 30 MB video member, cover, product image), the baseline;
- `300k entries`: a zip of 300,000 empty members after a manifest, whose end record says 0xFFFF entries (the
  real count is only in its ZIP64 end record), as an attacker would post it.

Each case runs in a fresh `studio sandbox serve` process: the package is uploaded with tus, the process's
peak resident memory is reset (`/proc/PID/clear_refs`, Linux), `POST /v1/posts` makes the server open and
check the package (201 for the valid one, 422 for the other), and the peak (`VmHWM`) is read, over the
process's resident size just before the post. Goal (issue 19): refusing the 300,000-entry package costs
within 10 MB of accepting the valid one.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def build(folder: Path) -> dict[str, Path]:
    from studio.core.package import write_package
    from tests.hostile_packages import many_entries
    from tests.test_sandbox_posts import manifest

    valid = folder / "valid.gcpkg"
    write_package(valid, manifest(), {"video.mp4": os.urandom(30 * MB), "cover.jpg": b"\xff\xd8\xffcover",
                                      "images/GC-BOTTLE-001.png": b"\x89PNG\r\n\x1a\nimage"})
    many = many_entries(folder / "many.gcpkg", 300_000, manifest(), name_len=12)
    return {"valid": valid, "300k entries": many}


def measure(package: Path, work: Path) -> tuple[int, float]:
    """(HTTP status of the post, peak MB over the resident size before it) in a fresh server process."""
    import requests

    data = work / f"sandbox-{package.stem}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STUDIO_HOME": str(work / "home")}
    studio = [sys.executable, "-m", "studio"]
    token = json.loads(subprocess.check_output([*studio, "sandbox", "token", "--data", str(data), "--user", "bench",
                                                "--role", "creator", "--json"], env=env))["token"]
    server = subprocess.Popen([*studio, "sandbox", "serve", "--port", "0", "--data", str(data), "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        url = json.loads(server.stdout.readline())["url"]
        headers = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
        requests.get(f"{url}/v1/me", headers=headers, timeout=30).raise_for_status()
        blob = package.read_bytes()
        digest = hashlib.sha256(blob).hexdigest()
        r = requests.post(f"{url}/v1/uploads/", timeout=30, headers={
            **headers, "Upload-Length": str(len(blob)),
            "Upload-Metadata": "sha256 " + base64.b64encode(digest.encode()).decode()})
        r.raise_for_status()
        upload = url + r.headers["Location"]
        for start in range(0, len(blob), 8 * MB):
            part = blob[start:start + 8 * MB]
            requests.patch(upload, data=part, timeout=120, headers={
                **headers, "Upload-Offset": str(start),
                "Content-Type": "application/offset+octet-stream"}).raise_for_status()
        del blob
        Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # the peak starts again from here
        before = _status_kb(server.pid, "VmRSS")
        post = requests.post(f"{url}/v1/posts", timeout=600, headers=headers, json={
            "upload_id": upload.rsplit("/", 1)[1], "sha256": digest, "title": "玻璃水瓶 🌊",
            "description": "好看又好用", "hashtags": ["好物", "水瓶"]})
        peak = _status_kb(server.pid, "VmHWM")
        return post.status_code, (peak - before) / 1024
    finally:
        server.terminate()
        server.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-refuse-") as temp:
        work = Path(temp)
        packages = build(work)
        results: dict[str, list[float]] = {name: [] for name in packages}
        for run in range(args.runs):
            for name, package in packages.items():  # alternating, in the same run
                status, peak = measure(package, work / f"run{run}")
                results[name].append(peak)
                print(f"run {run}: {name:13s} {package.stat().st_size / MB:5.1f} MB file -> HTTP {status},"
                      f" peak +{peak:6.1f} MB")
        valid, hostile = (statistics.median(results[n]) for n in packages)
        print(f"median peak over the resident size: valid {valid:.1f} MB, 300k entries {hostile:.1f} MB;"
              f" difference {hostile - valid:+.1f} MB (goal: within 10 MB)")
        return 0 if abs(hostile - valid) <= 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())

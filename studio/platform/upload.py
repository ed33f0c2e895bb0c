"""Resumable upload of a package (tus 1.0: core, creation, checksum, expiration, termination), then the post.

Holds: `upload_package` (the whole job `studio upload` and the UI's queue run: read the package's manifest
for the post text, send its bytes, create the post), `send_bytes` (the tus part alone, also used by the
benchmark), `ChunkSizer` (chunk size adaptive to throughput, bounded), `enqueue` and `cancel_upload` (the
UI's queue), `terminate` and `post_status`.
Must not hold: Qt, printing, credentials (the caller hands in a `PlatformSession` with a token).

How it never loses a byte and never re-sends more than one chunk:
- The upload's state (its URL, the acknowledged offset) is in SQLite (`upload_store.py`) keyed by server and
  the package's sha256, so `studio upload` run again (after a crash or a reboot) finds it and resumes.
- Each chunk is one `PATCH` with `Upload-Offset` and `Upload-Checksum` (sha1, as tus clients send); the
  server keeps a chunk only when its checksum matches, so a chunk cut off by a dropped connection is
  dropped whole. After ANY failure (connection lost, timeout, 409, 460, 5xx) the client asks `HEAD` for the
  offset and goes on from there: at most the one interrupted chunk is sent again.
- An upload the server no longer knows (expired: 404/410) starts over cleanly from byte 0.
- A server that went away (a restart: connections refused, 5xx) is waited for: the record reads "waiting"
  and HEAD is asked again with backoff for up to `SERVER_WAIT_SECONDS`, then the upload goes on.
- Bounded: after `MAX_FAILURES_WITHOUT_PROGRESS` failures in a row with no byte acknowledged in between,
  or a server away longer than `SERVER_WAIT_SECONDS`, the upload stops with the last error and stays
  resumable.
- Before the first byte, tus discovery (`OPTIONS /v1/uploads/`) says what the server offers: its tus
  version, extensions, checksum algorithms and `Tus-Max-Size` (a larger package is refused before anything
  is sent). Parts carry a sha1 checksum (what tus clients send), else sha256, whichever the server offers.
- Upload creation (`POST /v1/uploads/`) is never repeated automatically (each one makes an upload); a
  failure there is reported and the next run creates it. `POST /v1/posts` may be repeated: the contract
  makes it safe (the same upload answers with the post it already made).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, PlatformError
from studio.core.package import read_package
from studio.platform.session import AuthRequired, PlatformSession, RetryPolicy, json_of
from studio.platform.upload_store import UploadRecord, UploadStore

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
UPLOADS_PATH = "/v1/uploads/"
POSTS_PATH = "/v1/posts"
MAX_FAILURES_WITHOUT_PROGRESS = 8
SERVER_WAIT_SECONDS = 150.0
"""How long a server that went away mid-upload is waited for (a restart takes seconds; an update, a minute)."""
GONE = (404, 410)
CHUNK_START, CHUNK_MIN, CHUNK_MAX = 1 << 20, 256 << 10, 64 << 20
"""Chunk sizes: the first chunk, and the bounds the adaptive size stays within (at most 64 MiB sent again
after an interruption; memory does not depend on it: parts are streamed from the file)."""

T_UNREADABLE = QT_TRANSLATE_NOOP("errors", "cannot read the package: {reason}")
T_CHANGED = QT_TRANSLATE_NOOP("errors", "the package changed while it was being uploaded")
T_BAD_OFFSET = QT_TRANSLATE_NOOP("errors", "the platform reported offset {offset} for an upload of {size} bytes")
T_NO_LOCATION = QT_TRANSLATE_NOOP("errors", "the platform made an upload but did not say where (no Location)")
T_GAVE_UP = QT_TRANSLATE_NOOP(
    "errors", "the upload stopped after {failures} failures in a row at byte {offset} of {size} "
              "(last: {reason}); run it again to resume")
T_NO_POST = QT_TRANSLATE_NOOP("errors", "the platform's answer names no post")
T_SERVER_AWAY = QT_TRANSLATE_NOOP(
    "errors", "the platform did not come back within {seconds} s (last: {reason}); run the upload again to resume")
T_TUS_OFFER = QT_TRANSLATE_NOOP("errors", "the platform's uploads do not speak tus 1.0.0 with creation ({offer})")
T_TOO_LARGE = QT_TRANSLATE_NOOP("errors", "the package is {size} bytes; the platform takes at most {limit}")


@dataclass(frozen=True)
class TusOffer:
    """What `OPTIONS /v1/uploads/` says the server offers (tus discovery)."""

    max_size: int | None
    checksum: str | None
    """The algorithm parts are checksummed with: sha1 when offered, else sha256, else none."""


def discover(session: PlatformSession, size: int) -> TusOffer:
    """tus discovery: the server's offer, checked for what this client needs (tus 1.0.0 with creation) and
    against a package of `size` bytes (PlatformError `too_large` when it passes `Tus-Max-Size`)."""
    response = session.request("OPTIONS", UPLOADS_PATH)
    versions = [v.strip() for v in response.headers.get("Tus-Version", "").split(",")]
    extensions = {e.strip() for e in response.headers.get("Tus-Extension", "").split(",")}
    if TUS_VERSION not in versions or "creation" not in extensions:
        raise PlatformError(T_TUS_OFFER, session.url(UPLOADS_PATH), code="tus_unsupported",
                            offer=f"{response.headers.get('Tus-Version', '')}; {', '.join(sorted(extensions))}")
    limit = response.headers.get("Tus-Max-Size", "")
    max_size = int(limit) if limit.isascii() and limit.isdigit() else None
    if max_size is not None and size > max_size:
        raise PlatformError(T_TOO_LARGE, session.url(UPLOADS_PATH), code="too_large", size=size, limit=max_size)
    offered = {a.strip() for a in response.headers.get("Tus-Checksum-Algorithm", "").split(",")}
    checksum = next((a for a in ("sha1", "sha256") if a in offered), None) if "checksum" in extensions else None
    return TusOffer(max_size, checksum)


@dataclass
class ChunkSizer:
    """The next chunk's size: about `target_seconds` of sending at the measured speed, within bounds.

    The speed is smoothed over the last chunks, and the size moves at most 2x per chunk either way (one
    fast or slow chunk may be luck: a busy machine stalls a request now and then). After a failure it starts
    again from the minimum and grows back: the first part after a dropped connection may be refused (409)
    because the server is still closing the dropped one, and a small part costs little then.
    Bigger chunks cost less per byte (fewer round trips); smaller ones lose less when the connection drops.
    """

    size: int = field(default_factory=lambda: CHUNK_START)
    minimum: int = field(default_factory=lambda: CHUNK_MIN)
    maximum: int = field(default_factory=lambda: CHUNK_MAX)
    target_seconds: float = 1.0
    granule: int = 64 << 10
    rate: float = 0.0
    """Smoothed bytes per second."""

    def __post_init__(self) -> None:
        self.size = self.clamp(self.size)

    def clamp(self, size: float) -> int:
        size = int(size) // self.granule * self.granule
        return max(self.minimum, min(self.maximum, size))

    def sent(self, nbytes: int, seconds: float) -> int:
        """Record that `nbytes` went in `seconds`; returns the next size."""
        if nbytes > 0 and seconds > 0:
            rate = nbytes / seconds
            self.rate = rate if not self.rate else 0.5 * self.rate + 0.5 * rate
            ideal = self.rate * self.target_seconds
            self.size = self.clamp(max(self.size / 2, min(ideal, self.size * 2)))
        return self.size

    def failed(self) -> int:
        self.size = self.minimum
        return self.size


@dataclass(frozen=True)
class UploadResult:
    """`studio upload --json` (docs/cli.md): `{upload_url, sha256, bytes, post_id, status}`; more for the queue."""

    upload_url: str
    sha256: str
    bytes: int
    post_id: str | None
    status: str | None
    record_id: int
    resumed_from: int = 0
    bytes_sent: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"upload_url": self.upload_url, "sha256": self.sha256, "bytes": self.bytes, "post_id": self.post_id,
                "status": self.status, "resumed_from": self.resumed_from, "bytes_sent": self.bytes_sent,
                "seconds": round(self.seconds, 3)}


@dataclass
class SendStats:
    """What `send_bytes` did: where it began, what it sent (re-sent bytes included), the interruptions."""

    resumed_from: int = 0
    bytes_sent: int = 0
    interruptions: int = 0
    restarts: int = 0
    seconds: float = 0.0


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _metadata(filename: str, sha256: str) -> str:
    return f"filename {_b64(filename)},sha256 {_b64(sha256)}"


def _tus_headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, **(extra or {})}


def _offset_of(response: Any, size: int) -> int:
    try:
        offset = int(response.headers["Upload-Offset"])
    except (KeyError, ValueError):
        offset = -1
    if not 0 <= offset <= size:
        raise PlatformError(T_BAD_OFFSET, response.url, code="bad_offset", offset=offset, size=size)
    return offset


def _create(session: PlatformSession, store: UploadStore, record: UploadRecord,
            filename: str) -> tuple[UploadRecord, str]:
    """`POST /v1/uploads/`: a new upload of `record.size` bytes; stores its URL before any byte goes.
    Returns the stored record and the URL."""
    headers = _tus_headers({"Upload-Length": str(record.size), "Upload-Metadata": _metadata(filename, record.sha256)})
    # Creation is not safe to repeat (each POST makes an upload): no automatic retry; a failure here leaves
    # nothing half-done that a rerun would not redo.
    response = session.request("POST", UPLOADS_PATH, headers=headers, retry=False)
    location = response.headers.get("Location")
    if not location:
        raise PlatformError(T_NO_LOCATION, session.url(UPLOADS_PATH), code="no_location")
    url = session.url(location, base=response.url or session.url(UPLOADS_PATH))  # refused off the server's origin
    return store.update(record.id, upload_url=url, expires_at=response.headers.get("Upload-Expires"), offset=0,
                        state="uploading", error=None), url


class _Part:
    """One chunk's bytes, streamed from the file as requests sends them (a length and 1 MiB blocks), so a
    chunk never sits in memory whatever its size."""

    BLOCK = 1 << 20

    def __init__(self, fd: int, offset: int, length: int, path: Path) -> None:
        self.fd, self.offset, self.length, self.path = fd, offset, length, path

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[bytes]:
        return _blocks(self.fd, self.offset, self.length, self.BLOCK, self.path)


def _blocks(fd: int, offset: int, length: int, block: int, path: Path) -> Iterator[bytes]:
    end = offset + length
    while offset < end:
        data = os.pread(fd, min(block, end - offset), offset)
        if not data:
            raise InputError(T_CHANGED, path, code="package_changed")
        offset += len(data)
        yield data


class _ChunkReader:
    """Checksums the next chunk on a helper thread while the current one is on the wire.

    The checksum must be in the PATCH's headers, so it is computed from the file before the part is sent;
    the part is then read again as it is sent (from the page cache). Nothing holds a whole chunk: memory
    stays flat whatever the chunk size. `os.pread` reads at an offset without moving a shared file position,
    so the two threads never disturb each other. A file changed in between fails the server's checksum (460)
    and then the whole-file sha256 the server checks before it makes the post.
    """

    def __init__(self, fh: BinaryIO, path: Path, algorithm: str | None = "sha1") -> None:
        self._fd = fh.fileno()
        self._path = path
        self._algorithm = algorithm
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="studio-upload-read")
        self._ahead: tuple[int, int, Future[str]] | None = None

    def _digest(self, offset: int, length: int) -> str:
        if self._algorithm is None:
            return ""
        digest = hashlib.new(self._algorithm, usedforsecurity=False)
        for block in _blocks(self._fd, offset, length, 4 << 20, self._path):
            digest.update(block)
        return base64.b64encode(digest.digest()).decode("ascii")

    def get(self, offset: int, length: int) -> tuple[_Part, str]:
        """The part at `offset` and its sha1: the one checksummed ahead when it starts there (its length wins)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == offset:
            return _Part(self._fd, offset, ahead[1], self._path), ahead[2].result()
        if ahead is not None:
            ahead[2].cancel()
        return _Part(self._fd, offset, length, self._path), self._digest(offset, length)

    def read_ahead(self, offset: int, length: int) -> None:
        if length > 0:
            self._ahead = (offset, length, self._pool.submit(self._digest, offset, length))

    def close(self) -> None:
        self._ahead = None
        self._pool.shutdown(wait=True, cancel_futures=True)


def send_bytes(session: PlatformSession, path: Path, store: UploadStore, record: UploadRecord, *,
               progress: Progress | None = None, cancel: CancelToken | None = None,
               sizer: ChunkSizer | None = None, sleep: Callable[[float], None] = time.sleep,
               rng: random.Random | None = None) -> tuple[UploadRecord, SendStats]:
    """Send the package's bytes with tus, resuming where the server stands; returns the record when the
    server holds every byte, and what was sent. Raises PlatformError (resumable), Cancelled, InputError."""
    rng = rng or random.Random()
    sizer = sizer or ChunkSizer()
    if record.chunk_size:
        sizer.size = sizer.clamp(record.chunk_size)
    stats = SendStats()
    started = time.monotonic()
    size = record.size
    try:
        fh: BinaryIO = path.open("rb")
    except OSError as exc:
        raise InputError(T_UNREADABLE, path, code="unreadable", reason=exc.strerror or str(exc)) from None
    reader: _ChunkReader | None = None
    try:
        if os.fstat(fh.fileno()).st_size != size:
            raise InputError(T_CHANGED, path, code="package_changed")
        offer = discover(session, size)
        reader = _ChunkReader(fh, path, offer.checksum)
        offset = _resume_offset(session, store, record, path)
        record = store.get(record.id) or record
        stats.resumed_from = offset
        failures = 0
        last_reason = ""
        if progress:
            progress(offset, size)
        while offset < size or record.upload_url is None:
            check(cancel, str(path))
            url = record.upload_url
            if url is None:
                record, url = _create(session, store, record, path.name)
                offset = 0
                if size == 0:
                    break
            chunk, digest = reader.get(offset, min(sizer.size, size - offset))
            length = len(chunk)
            reader.read_ahead(offset + length, min(sizer.size, size - offset - length))
            headers = _tus_headers({"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
            if offer.checksum:
                headers["Upload-Checksum"] = f"{offer.checksum} {digest}"
            t0 = time.monotonic()
            stats.bytes_sent += length
            try:
                response = session.request("PATCH", url, data=chunk, headers=headers, retry=False,
                                           ok=(409, 460, *GONE, 423))
            except AuthRequired:
                raise
            except PlatformError as exc:  # connection lost, timeout, 5xx, 429: ask the server where it stands
                status = 0
                last_reason, wait = exc.message, _retry_wait(exc, failures, rng)
            else:
                status = response.status_code
                new_offset = _offset_of(response, size) if status in (200, 204) else -1
                last_reason, wait = f"HTTP {status}", _retry_wait(None, failures, rng)
            del chunk
            if status in (200, 204):
                if new_offset <= offset:
                    raise PlatformError(T_BAD_OFFSET, url, code="bad_offset", offset=new_offset,
                                        size=size)
                sizer.sent(new_offset - offset, time.monotonic() - t0)
                offset = new_offset
                record = store.update(record.id, offset=offset, chunk_size=sizer.size, state="uploading")
                failures = 0
                if progress:
                    progress(offset, size)
                continue
            if status in GONE:
                log.info("upload %s is gone (%d); starting over", record.upload_id, status)
                record = store.start_over(record.id)
                stats.restarts += 1
                continue
            failures += 1
            stats.interruptions += 1
            if failures > MAX_FAILURES_WITHOUT_PROGRESS:
                store.update(record.id, state="paused", error=last_reason)
                raise PlatformError(T_GAVE_UP, path, code="upload_interrupted", failures=failures - 1, offset=offset,
                                    size=size, reason=last_reason)
            sizer.failed()
            if wait:
                check(cancel, str(path))
                sleep(wait)
            offset = _wait_for_server(session, store, record, path, cancel=cancel, sleep=sleep, rng=rng)
            record = store.get(record.id) or record
        record = store.update(record.id, offset=size, state="uploaded", error=None)
    finally:
        if reader is not None:
            reader.close()
        fh.close()
    stats.seconds = time.monotonic() - started
    return record, stats


def _retry_wait(exc: PlatformError | None, failures: int, rng: random.Random) -> float:
    """How long to wait before asking again: the server's Retry-After; else at once after a first failure
    (a dropped connection), then backoff with jitter (a server still busy with the dropped part: 409/423)."""
    asked = exc.values.get("retry_after") if exc is not None else None
    if asked is not None:
        return min(float(asked), RetryPolicy().total_seconds)
    return RetryPolicy().backoff(failures, rng) if failures else 0.0


def _wait_for_server(session: PlatformSession, store: UploadStore, record: UploadRecord, path: Path, *,
                     cancel: CancelToken | None, sleep: Callable[[float], None], rng: random.Random) -> int:
    """`_resume_offset`, waiting while the server is away (connections refused, 5xx, 429): the record reads
    "waiting" meanwhile, and HEAD is asked again with backoff (doubling up to 15 s, jittered) for up to
    `SERVER_WAIT_SECONDS`; then PlatformError `server_away`."""
    waited, tries = 0.0, 0
    while True:
        try:
            offset = _resume_offset(session, store, record, path)
        except AuthRequired:
            raise
        except PlatformError as exc:
            status = exc.values.get("status")
            if status is not None and status < 500 and status != 429:
                raise
            if waited >= SERVER_WAIT_SECONDS:
                store.update(record.id, state="paused", error=exc.message)
                raise PlatformError(T_SERVER_AWAY, path, code="server_away", seconds=round(waited),
                                    reason=exc.message) from None
            tries += 1
            store.update(record.id, state="waiting", error=exc.message)
            wait = min(15.0, 0.5 * 2**tries) * rng.uniform(0.5, 1.0)
            check(cancel, str(path))
            sleep(wait)
            waited += wait
            continue
        if tries:
            store.update(record.id, state="uploading", error=None)
        return offset


def _resume_offset(session: PlatformSession, store: UploadStore, record: UploadRecord, path: Path) -> int:
    """Where the server stands for `record` (HEAD), starting over when it no longer knows the upload."""
    if record.upload_url is None:
        return 0
    if not _on_server(session, record.upload_url):  # stored by an older version, or the server changed hands
        log.warning("upload %s: its stored URL is not on %s; starting over", record.id, session.server)
        store.start_over(record.id)
        return 0
    response = session.request("HEAD", record.upload_url, headers=_tus_headers(), ok=(*GONE, 403))
    if response.status_code in (*GONE, 403):  # expired, terminated, or another account's: start over
        log.info("upload %s is gone (%d); starting over", record.upload_id, response.status_code)
        store.start_over(record.id)
        return 0
    offset = _offset_of(response, record.size)
    length = response.headers.get("Upload-Length")
    if length is not None and length.isdigit() and int(length) != record.size:
        store.start_over(record.id)
        return 0
    store.update(record.id, offset=offset, expires_at=response.headers.get("Upload-Expires") or record.expires_at)
    return offset


def _on_server(session: PlatformSession, url: str) -> bool:
    """`url` is on the session's origin: the only place the token (and the package) may go."""
    try:
        session.url(url)
    except PlatformError:
        return False
    return True


def terminate(session: PlatformSession, record: UploadRecord) -> None:
    """tus termination: `DELETE` the server's upload (done with it or cancelled); a gone one is fine. A stored
    URL off the server's origin is never contacted (the token would go with it)."""
    if record.upload_url and _on_server(session, record.upload_url):
        session.request("DELETE", record.upload_url, headers=_tus_headers(), ok=GONE)


def create_post(session: PlatformSession, store: UploadStore, record: UploadRecord, post: dict[str, Any], *,
                replaces: str | None = None) -> UploadRecord:
    """`POST /v1/posts` for a finished upload, with the manifest's post text.

    Repeating it is safe by contract (the same upload answers 200 with the post it already made), which is
    why this POST, unlike upload creation, may be retried after a lost answer or a 5xx.
    """
    body: dict[str, Any] = {"upload_id": record.upload_id, "sha256": record.sha256,
                            "title": post.get("title", ""), "description": post.get("description", ""),
                            "hashtags": list(post.get("hashtags", []))}
    if replaces:
        body["replaces"] = replaces
    try:
        response = session.request("POST", POSTS_PATH, json=body, retry=True)
    except PlatformError as exc:
        status = exc.values.get("status")
        refused = isinstance(exc, AuthRequired) or (status is not None and status < 500 and status != 429)
        store.update(record.id, state="failed" if refused else "uploaded", error=exc.message)
        raise
    data = json_of(response)
    post_id = data.get("post_id") if isinstance(data, dict) else None
    if not post_id:
        raise PlatformError(T_NO_POST, session.url(POSTS_PATH), code="bad_response")
    return store.update(record.id, post_id=str(post_id), post_status=str(data.get("status") or ""),
                        state="posted", error=None)


def post_status(session: PlatformSession, post_id: str) -> dict[str, Any]:
    """`GET /v1/posts/{id}`: `{status, reasons, popup_notes, ...}` as the platform says."""
    data = session.get_json(f"{POSTS_PATH}/{post_id}")
    if not isinstance(data, dict):
        raise PlatformError(T_NO_POST, session.url(f"{POSTS_PATH}/{post_id}"), code="bad_response")
    return data


def enqueue(server: str, path: str | os.PathLike[str], store: UploadStore) -> UploadRecord:
    """Check the package at `path` (as `studio verify` reads it) and put it in the upload queue for `server`
    (state "queued"; a package already there keeps its row and its progress)."""
    path = Path(path).resolve()
    package = read_package(path)
    record = store.add(server, str(path), path.stat().st_size, package.sha256)
    if record.state in ("cancelled", "failed", "paused"):
        record = store.update(record.id, state="queued", error=None)
    return record


def cancel_upload(session: PlatformSession, store: UploadStore, record_id: int) -> UploadRecord:
    """Give up an upload: terminate it on the server (tus termination) and mark it cancelled. A post already
    made is not touched (withdrawing a post is a separate act)."""
    record = store.get(record_id)
    if record is None:
        raise KeyError(record_id)
    if record.state == "posted":
        return record
    terminate(session, record)
    return store.update(record.id, upload_url=None, expires_at=None, offset=0, state="cancelled", error=None)


def upload_package(session: PlatformSession, path: str | os.PathLike[str], *, progress: Progress | None = None,
                   cancel: CancelToken | None = None, store: UploadStore | None = None,
                   replaces: str | None = None, sizer: ChunkSizer | None = None) -> UploadResult:
    """Upload the package at `path` to `session`'s server and create its post with the manifest's text.

    Running it again for the same package resumes the upload (or returns the post already made).
    The package is read (and checked) first, as `studio verify` reads it, so a broken one never leaves.
    """
    path = Path(path).resolve()
    package = read_package(path)  # one pass: the checks and the whole-file sha256
    size = path.stat().st_size
    own_store = store is None
    store = store or UploadStore.open()
    try:
        record = store.add(session.server, str(path), size, package.sha256)
        resumed_from = record.offset
        stats = SendStats(resumed_from=record.offset)
        if record.state == "posted" and record.post_id:
            return _result(record, stats)
        if record.state != "uploaded" or record.upload_url is None:
            store.update(record.id, state="uploading", error=None)
            try:
                record, stats = send_bytes(session, path, store, record, progress=progress, cancel=cancel,
                                           sizer=sizer)
            except BaseException as exc:
                current = store.get(record.id)
                if current is not None and current.state == "uploading":
                    store.update(record.id, state="paused",
                                 error=exc.message if isinstance(exc, PlatformError) else None)
                raise
        else:
            stats.resumed_from = resumed_from
        check(cancel, str(path))
        record = create_post(session, store, record, package.manifest.get("post", {}), replaces=replaces)
        return _result(record, stats)
    finally:
        if own_store:
            store.close()


def _result(record: UploadRecord, stats: SendStats) -> UploadResult:
    return UploadResult(upload_url=record.upload_url or "", sha256=record.sha256, bytes=record.size,
                        post_id=record.post_id, status=record.post_status, record_id=record.id,
                        resumed_from=stats.resumed_from, bytes_sent=stats.bytes_sent, seconds=stats.seconds)

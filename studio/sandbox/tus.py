"""tus 1.0 uploads at /v1/uploads/: core, creation, checksum (sha1, sha256), expiration, termination.

The body of a PATCH is streamed to the upload's file as it arrives (starlette's `request.stream()`), so a
1 GB upload never sits in memory. Offsets are strict: a PATCH whose `Upload-Offset` is not the stored
offset gets 409, and so does a second PATCH while one is writing. With `Upload-Checksum` the part is
kept only when it arrived whole and matches (else 460, or nothing when the connection dropped); without
one, the bytes that arrived before a drop are kept, as tus servers do, and `HEAD` tells the new offset.
A PATCH whose body stops arriving for `body_idle_timeout` seconds counts as dropped, so a half-open
connection cannot keep the upload locked (409 `upload_busy`) for long.
When the last byte arrives the server computes the file's sha256 (post creation compares it).
Expired uploads (Upload-Expires, fixed at creation) answer 410 and are removed with their file; every
creation sweeps the expired ones, and the server's start also removes files no upload row names (orphans).

Quotas (server settings): a creator holds at most `max_open_uploads` unfinished-or-unposted uploads and
`max_open_bytes` of declared length among them (409 `upload_quota`). A full disk answers 507 and leaves
no file without its row nor a row without its file. An upload that became a post is the post's: a PATCH
of it has nothing to add (204 when empty, 413 otherwise) and a DELETE answers 409 (the post's safe retry of
`POST /v1/posts` keeps working).

Only creators upload, and a creator sees only their own uploads: another's upload id answers 404.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import re
from email.utils import formatdate
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from studio.sandbox.api import ApiError, authorize, disk_full, read_body, store_of, validator, whole_number
from studio.sandbox.store import Store, dumps, new_id

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,checksum,expiration,termination"
CHECKSUMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}
UPLOAD_PREFIX = "/v1/uploads/"
_META_KEY = re.compile(r"^[!-+\--~]+$")  # printable ASCII without space and comma


def tus_headers(**more: str) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store", **more}


def http_date(epoch: float) -> str:
    return formatdate(epoch, usegmt=True)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def parse_metadata(header: str) -> dict[str, str]:
    """`Upload-Metadata` as {key: base64 value}, kept as sent (tus values are any bytes; the server reads none
    of them); a repeated key keeps its last value. 400 `bad_metadata` outside the contract's `UploadMetadata`."""
    if not validator("UploadMetadata").is_valid(header.strip()):
        raise ApiError(400, "bad_metadata", "Upload-Metadata: comma-separated `key base64value` pairs (keys of"
                       " printable ASCII without space or comma, values strict base64)")
    result: dict[str, str] = {}
    for part in (p.strip() for p in header.split(",")):
        if part:
            key, _, value = part.partition(" ")
            result[key] = value.strip()
    return result


def _check_version(request: Request) -> None:
    if request.headers.get("tus-resumable") != TUS_VERSION:
        raise ApiError(412, "tus_version", f"this server speaks tus {TUS_VERSION} (Tus-Resumable header)",
                       headers={"Tus-Version": TUS_VERSION})


def _int_header(request: Request, name: str) -> int:
    return whole_number(request.headers.get(name), name)


def remove_upload(store: Store, upload_id: str) -> None:
    """An unposted upload gone: its file first, then its row (a crash between leaves a row the sweep removes)."""
    store.upload_file(upload_id).unlink(missing_ok=True)
    store.execute("DELETE FROM uploads WHERE id = ? AND post_id IS NULL", (upload_id,))


def sweep_expired(store: Store) -> int:
    """Remove every upload past its expiry that did not become a post; returns how many."""
    rows = store.query("SELECT id FROM uploads WHERE expires_at <= ? AND post_id IS NULL", (store.clock.now(),))
    for (upload_id,) in rows:
        remove_upload(store, upload_id)
    return len(rows)


def sweep_orphans(store: Store) -> int:
    """At start: remove upload files no live upload row names (a crash mid-creation, a probe's temporary copy)
    and rows of live uploads whose file is gone (a refused upload keeps its row, without a file, until it
    expires); returns how many things were removed."""
    live = {upload_id for (upload_id,) in store.query(
        "SELECT id FROM uploads WHERE post_id IS NULL AND refused IS NULL")}
    removed = 0
    for path in (store.data_dir / "uploads").iterdir():
        if path.suffix != ".part" or path.stem not in live:
            path.unlink(missing_ok=True)
            removed += 1
    for upload_id in live:
        if not store.upload_file(upload_id).exists():
            store.execute("DELETE FROM uploads WHERE id = ?", (upload_id,))
            removed += 1
    return removed


def _check_quota(request: Request, store: Store, owner_id: str, length: int) -> None:
    open_count, open_bytes = store.one(
        "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM uploads WHERE owner_id = ? AND post_id IS NULL"
        " AND refused IS NULL", (owner_id,)) or (0, 0)
    most, most_bytes = request.app.state.max_open_uploads, request.app.state.max_open_bytes
    if open_count >= most or open_bytes + length > most_bytes:
        raise ApiError(409, "upload_quota", f"a creator may hold {most} open uploads of {most_bytes} bytes in all;"
                       " finish, post or terminate one first",
                       [{"open_uploads": open_count, "max_open_uploads": most, "open_bytes": open_bytes,
                         "max_open_bytes": most_bytes}], headers=tus_headers())


def load_upload(store: Store, upload_id: str, owner_id: str) -> dict[str, Any]:
    """The caller's upload: 404 when unknown or someone else's, 410 (and removed) when expired."""
    row = store.one('SELECT id, owner_id, length, "offset", metadata, expires_at, sha256, post_id FROM uploads'
                    " WHERE id = ?", (upload_id,))
    if row is None or row[1] != owner_id:
        raise ApiError(404, "not_found", "no such upload", headers=tus_headers())
    upload = dict(zip(("id", "owner_id", "length", "offset", "metadata", "expires_at", "sha256", "post_id"), row,
                      strict=True))
    if upload["post_id"] is None and upload["expires_at"] <= store.clock.now():
        remove_upload(store, upload_id)
        raise ApiError(410, "expired", "the upload expired; start a new one", headers=tus_headers())
    return upload


async def options(request: Request) -> Response:
    authorize(request)
    return Response(status_code=204, headers={
        "Tus-Resumable": TUS_VERSION, "Tus-Version": TUS_VERSION, "Tus-Extension": EXTENSIONS,
        "Tus-Max-Size": str(request.app.state.max_upload_bytes), "Tus-Checksum-Algorithm": ",".join(CHECKSUMS)})


async def create(request: Request) -> Response:
    user = authorize(request, "creator")
    _check_version(request)
    store = store_of(request)
    if "upload-defer-length" in request.headers:
        raise ApiError(400, "defer_length", "Upload-Defer-Length is not supported; send Upload-Length")
    length = _int_header(request, "upload-length")
    limit = request.app.state.max_upload_bytes
    if length > limit:
        raise ApiError(413, "too_large", f"uploads are at most {limit} bytes", headers=tus_headers(**{
            "Tus-Max-Size": str(limit)}))
    metadata = parse_metadata(request.headers.get("upload-metadata", ""))
    if request.headers.get("content-length", "0") not in ("", "0"):
        raise ApiError(400, "creation_with_upload", "send the bytes with PATCH (creation-with-upload is not offered)")
    sweep_expired(store)
    _check_quota(request, store, user.id, length)
    upload_id = new_id("up")
    now = store.clock.now()
    expires = now + request.app.state.upload_ttl_seconds
    store.execute('INSERT INTO uploads (id, owner_id, length, "offset", metadata, created_at, expires_at)'
                  " VALUES (?, ?, ?, 0, ?, ?, ?)", (upload_id, user.id, length, dumps(metadata), now, expires))
    try:
        store.upload_file(upload_id).write_bytes(b"")
    except OSError:
        remove_upload(store, upload_id)
        raise
    return Response(status_code=201, headers=tus_headers(
        Location=f"{UPLOAD_PREFIX}{upload_id}",
        **{"Upload-Id": upload_id, "Upload-Expires": http_date(expires), "Upload-Offset": "0"}))


async def head(request: Request) -> Response:
    user = authorize(request, "creator")
    _check_version(request)
    upload = load_upload(store_of(request), request.path_params["upload_id"], user.id)
    headers = tus_headers(**{"Upload-Offset": str(upload["offset"]), "Upload-Length": str(upload["length"])})
    if upload["post_id"] is None:
        headers["Upload-Expires"] = http_date(upload["expires_at"])
    metadata = _metadata_header(upload["metadata"])
    if metadata:
        headers["Upload-Metadata"] = metadata
    return Response(status_code=200, headers=headers)


def _metadata_header(text: str) -> str:
    return ",".join(f"{k} {v}".rstrip() for k, v in json.loads(text).items())


def _checksum(request: Request) -> tuple[str, bytes] | None:
    header = request.headers.get("upload-checksum")
    if header is None:
        return None
    algorithm, _, value = header.strip().partition(" ")
    if algorithm not in CHECKSUMS:
        raise ApiError(400, "bad_checksum_algorithm", f"Upload-Checksum: use one of {', '.join(CHECKSUMS)}")
    if not validator("UploadChecksum").is_valid(header.strip()):
        raise ApiError(400, "bad_checksum", "Upload-Checksum: the value is not strict base64")
    return algorithm, base64.b64decode(value)


async def patch(request: Request) -> Response:
    user = authorize(request, "creator")
    _check_version(request)
    store = store_of(request)
    upload_id = request.path_params["upload_id"]
    upload = load_upload(store, upload_id, user.id)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/offset+octet-stream":
        raise ApiError(415, "bad_content_type", "PATCH bodies are Content-Type: application/offset+octet-stream",
                       headers=tus_headers())
    offset = _int_header(request, "upload-offset")
    checksum = _checksum(request)
    locks: dict[str, asyncio.Lock] = request.app.state.upload_locks
    lock = locks.setdefault(upload_id, asyncio.Lock())
    if lock.locked():
        raise ApiError(409, "upload_busy", "another PATCH is writing this upload", headers=tus_headers())
    async with lock:
        upload = load_upload(store, upload_id, user.id)  # re-read under the lock
        if offset != upload["offset"]:
            raise ApiError(409, "offset_mismatch", f"Upload-Offset is {offset}, the upload is at {upload['offset']}",
                           details=[{"offset": upload["offset"]}],
                           headers=tus_headers(**{"Upload-Offset": str(upload["offset"])}))
        room = upload["length"] - offset
        declared = request.headers.get("content-length")
        if declared is not None and whole_number(declared, "Content-Length") > room:
            raise ApiError(413, "past_length", f"the part runs past Upload-Length ({room} bytes left)",
                           headers=tus_headers())
        if room == 0:  # finished (perhaps already a post, its file moved): there is nothing to write
            try:
                await read_body(request, 0)
            except ApiError as exc:
                if exc.status != 413:
                    raise
                raise ApiError(413, "past_length", "the upload is complete", headers=tus_headers()) from None
            return Response(status_code=204, headers=tus_headers(**{"Upload-Offset": str(offset)}))
        return await _write(request, store, upload, offset, checksum)


async def _write(request: Request, store: Store, upload: dict[str, Any], offset: int,
                 checksum: tuple[str, bytes] | None) -> Response:
    path = store.upload_file(upload["id"])
    hasher = CHECKSUMS[checksum[0]]() if checksum else None
    written = 0
    room = upload["length"] - offset
    dropped = False
    with path.open("r+b", buffering=0) as fh:  # unbuffered: a failed write leaves nothing to flush at close
        if fh.seek(0, 2) != offset:
            fh.truncate(offset)
        fh.seek(offset)
        stream = request.stream().__aiter__()
        idle = request.app.state.body_idle_timeout
        try:
            while True:
                try:
                    chunk = await asyncio.wait_for(stream.__anext__(), idle)
                except StopAsyncIteration:
                    break
                except (ClientDisconnect, TimeoutError):
                    dropped = True  # gone, or silent for `idle` seconds (a half-open connection): free the upload
                    break
                if written + len(chunk) > room:
                    fh.truncate(offset)
                    raise ApiError(413, "past_length", f"the part runs past Upload-Length ({room} bytes left)",
                                   headers=tus_headers())
                view = memoryview(chunk)
                while view:
                    view = view[fh.write(view) or 0:]
                if hasher is not None:
                    hasher.update(chunk)
                written += len(chunk)
            mismatch = False
            if checksum is not None and hasher is not None and (dropped or hasher.digest() != checksum[1]):
                mismatch = not dropped
                fh.truncate(offset)
                written = 0
        except OSError as exc:
            if not disk_full(exc):
                raise
            with contextlib.suppress(OSError):
                fh.truncate(offset)  # the part is not kept; the upload stays at `offset`, to resume later
            raise ApiError(507, "disk_full", "the server's disk is full; try again later",
                           headers=tus_headers(**{"Upload-Offset": str(offset), "Retry-After": "60"})) from None
    new_offset = offset + written
    store.execute('UPDATE uploads SET "offset" = ? WHERE id = ?', (new_offset, upload["id"]))
    if dropped:
        return Response(status_code=400)  # nobody is listening any more
    if mismatch:
        assert checksum is not None
        raise ApiError(460, "checksum_mismatch", f"the part does not match its {checksum[0]} checksum; send it again",
                       headers=tus_headers(**{"Upload-Offset": str(offset)}))
    if new_offset == upload["length"] and upload["sha256"] is None:
        digest = await run_in_threadpool(file_sha256, path)
        store.execute("UPDATE uploads SET sha256 = ? WHERE id = ?", (digest, upload["id"]))
    return Response(status_code=204, headers=tus_headers(**{
        "Upload-Offset": str(new_offset), "Upload-Expires": http_date(upload["expires_at"])}))


async def terminate(request: Request) -> Response:
    user = authorize(request, "creator")
    _check_version(request)
    store = store_of(request)
    upload_id = request.path_params["upload_id"]
    upload = load_upload(store, upload_id, user.id)
    if upload["post_id"] is not None:
        raise ApiError(409, "upload_used", "the upload became a post; withdraw the post instead",
                       [{"post_id": upload["post_id"]}], headers=tus_headers())
    remove_upload(store, upload_id)
    request.app.state.upload_locks.pop(upload_id, None)
    return Response(status_code=204, headers=tus_headers())


routes = [
    Route("/v1/uploads/", create, methods=["POST"]),
    Route("/v1/uploads/", options, methods=["OPTIONS"]),
    Route("/v1/uploads/{upload_id}", head, methods=["HEAD"]),
    Route("/v1/uploads/{upload_id}", patch, methods=["PATCH"]),
    Route("/v1/uploads/{upload_id}", terminate, methods=["DELETE"]),
]
